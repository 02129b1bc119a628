using System.Text.RegularExpressions;
using LeadGen.Application.Ports;
using LeadGen.Domain.Prospects;
using LeadGen.Infrastructure.Enrichment.Local;
using LeadGen.Infrastructure.SamplePlatform;
using Shouldly;

namespace LeadGen.Infrastructure.Tests.Enrichment;

public class LocalEnrichmentTests
{
    private static readonly SamplePopulation Population = TestPopulation.Instance;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Finds_a_company_by_domain_or_name_and_charges_for_the_hit()
    {
        var provider = new LocalCompanyEnrichment(Population);
        var company = Population.Companies[42];

        var byDomain = await provider.FindCompanyAsync(new CompanyQuery("whatever they call it", company.Domain), Ct);
        var byName = await provider.FindCompanyAsync(new CompanyQuery(company.Name.ToUpperInvariant() + " Ltd", null), Ct);

        byDomain.Company.ShouldBe(new CompanyData(company.Name, company.Domain, company.Industry, company.Size, company.Location));
        byName.Company.ShouldBe(byDomain.Company);
        provider.Name.ShouldBe("local");
        byDomain.Charge.ShouldBe(new ProviderCharge("local", "company-lookup", 1, 0.01m, Billable: true));
        byDomain.Charge.Cost.ShouldBe(0.01m);
    }

    [Fact]
    public async Task An_unknown_company_is_not_found_and_not_billed()
    {
        var provider = new LocalCompanyEnrichment(Population, unitPrice: 0.05m);

        var lookup = await provider.FindCompanyAsync(new CompanyQuery("Acme Rockets", "acme.com"), Ct);

        lookup.Company.ShouldBeNull();
        lookup.Charge.ShouldBe(new ProviderCharge("local", "company-lookup", 1, 0.05m, Billable: false));
        lookup.Charge.Cost.ShouldBe(0m);
    }

    [Fact]
    public async Task Emails_are_first_dot_last_at_the_company_domain_and_well_formed()
    {
        var provider = new LocalEmailEnrichment(Population);
        var address = new Regex(@"^[a-z0-9]+(\.[a-z0-9]+)?@[a-z0-9]+(-[a-z0-9]+)*\.example$");

        foreach (var person in Population.People.Take(5_000))
        {
            var lookup = await provider.FindEmailAsync(new EmailQuery(person.Name, person.Company.Name, person.Company.Domain), Ct);

            lookup.Email.ShouldNotBeNull();
            address.IsMatch(lookup.Email).ShouldBeTrue(lookup.Email);
            lookup.Email.ShouldEndWith("@" + person.Company.Domain);
            lookup.Charge.Billable.ShouldBeTrue();
        }
    }

    [Theory]
    [InlineData("José Núñez", "jose.nunez")]
    [InlineData("Mary-Jane O'Brien", "maryjane.obrien")]
    [InlineData("Łukasz Wiśniewski", "lukasz.wisniewski")]
    [InlineData("Dr. Søren Østergaard Jr.", "soren.ostergaard")]
    [InlineData("Nguyễn Thị Minh", "nguyen.minh")]
    [InlineData("Thijs van den Berg", "thijs.vandenberg")]
    [InlineData("Ana de la Cruz", "ana.delacruz")]
    [InlineData("Jürgen Groß", "jurgen.gross")]
    [InlineData("Cher", "cher")]
    public async Task Folds_names_to_ascii_without_punctuation(string fullName, string localPart)
    {
        var company = Population.Companies[7];
        var lookup = await new LocalEmailEnrichment(Population).FindEmailAsync(new EmailQuery(fullName, company.Name, null), Ct);

        lookup.Email.ShouldBe($"{localPart}@{company.Domain}");
    }

    [Fact]
    public async Task Is_deterministic_across_instances()
    {
        var people = Population.People.Skip(1_000).Take(500).ToList();
        var first = new LocalEmailEnrichment(Population);
        var second = new LocalEmailEnrichment(new SamplePopulation());

        foreach (var person in people)
        {
            var query = new EmailQuery(person.Name, person.Company.Name, person.Company.Domain);
            var a = await first.FindEmailAsync(query, Ct);
            var b = await second.FindEmailAsync(query, Ct);
            b.ShouldBe(a);
        }
    }

    // string.GetHashCode differs per process; these values must not, or a prospect's verdict would change on restart.
    [Fact]
    public void Verdicts_come_from_a_stable_hash()
    {
        StableHash.Fnv1a64("").ShouldBe(0xcbf29ce484222325UL);
        StableHash.Fnv1a64("a").ShouldBe(0xaf63dc4c8601ec8cUL);
        StableHash.Fnv1a64("foobar").ShouldBe(0x85944171f73967e8UL);
        LocalEmailEnrichment.Verify("jane.doe@northwind-analytics.example").ShouldBe(RecordedVerdict);
        LocalEmailEnrichment.Verify("JANE.DOE@northwind-analytics.example").ShouldBe(RecordedVerdict);
    }

    private const EmailStatus RecordedVerdict = EmailStatus.Invalid;

    [Fact]
    public async Task Verdicts_are_distributed_roughly_as_verifiers_report_them()
    {
        var provider = new LocalEmailEnrichment(Population);
        var statuses = new List<EmailStatus>();
        foreach (var person in Population.People.Take(5_000))
        {
            statuses.Add((await provider.FindEmailAsync(new EmailQuery(person.Name, person.Company.Name, person.Company.Domain), Ct)).Status);
        }

        double Share(EmailStatus status) => statuses.Count(s => s == status) / (double)statuses.Count;
        TestContext.Current.TestOutputHelper?.WriteLine(string.Join(", ",
            Enum.GetValues<EmailStatus>().Select(s => $"{s}={Share(s):P1}")));
        Share(EmailStatus.Valid).ShouldBeInRange(0.66, 0.74);
        Share(EmailStatus.AcceptAll).ShouldBeInRange(0.09, 0.15);
        Share(EmailStatus.Unknown).ShouldBeInRange(0.07, 0.13);
        Share(EmailStatus.Invalid).ShouldBeInRange(0.05, 0.11);
        (Share(EmailStatus.Webmail) + Share(EmailStatus.Disposable)).ShouldBe(0);
    }

    [Fact]
    public async Task An_unknown_company_yields_no_email_and_no_charge()
    {
        var provider = new LocalEmailEnrichment(Population, unitPrice: 0.03m);

        var lookup = await provider.FindEmailAsync(new EmailQuery("Jane Doe", "Acme Rockets", "acme.com"), Ct);

        lookup.Email.ShouldBeNull();
        lookup.Status.ShouldBe(EmailStatus.Unknown);
        lookup.Charge.ShouldBe(new ProviderCharge("local", "email-finder", 1, 0.03m, Billable: false));
        lookup.Charge.Cost.ShouldBe(0m);
    }

    [Fact]
    public async Task A_found_email_is_billed_at_the_configured_price()
    {
        var person = Population.People[5];
        var provider = new LocalEmailEnrichment(Population);

        var lookup = await provider.FindEmailAsync(new EmailQuery(person.Name, person.Company.Name, null), Ct);

        provider.Name.ShouldBe("local");
        lookup.Email.ShouldNotBeNull();
        lookup.Charge.ShouldBe(new ProviderCharge("local", "email-finder", 1, 0.02m, Billable: true));
        lookup.Charge.Cost.ShouldBe(0.02m);
    }

    [Fact]
    public async Task A_name_without_letters_yields_no_email_and_no_charge()
    {
        var company = Population.Companies[0];
        var lookup = await new LocalEmailEnrichment(Population).FindEmailAsync(new EmailQuery("  --  ", company.Name, company.Domain), Ct);

        lookup.Email.ShouldBeNull();
        lookup.Charge.Billable.ShouldBeFalse();
    }

    [Fact]
    public async Task Honour_cancellation()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        var company = Population.Companies[0];

        await Should.ThrowAsync<OperationCanceledException>(() =>
            new LocalCompanyEnrichment(Population).FindCompanyAsync(new CompanyQuery(company.Name, null), cancelled.Token));
        await Should.ThrowAsync<OperationCanceledException>(() =>
            new LocalEmailEnrichment(Population).FindEmailAsync(new EmailQuery("A B", company.Name, null), cancelled.Token));
    }
}
