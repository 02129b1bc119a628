using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using LeadGen.Domain.Icps;
using LeadGen.Infrastructure;
using LeadGen.Infrastructure.Enrichment.Local;
using LeadGen.Infrastructure.SamplePlatform;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;

namespace LeadGen.Infrastructure.Tests.SamplePlatform;

public class SamplePopulationTests
{
    private static SamplePopulation Population => TestPopulation.Instance;

    [Fact]
    public void Has_at_least_fifty_thousand_people_with_unique_stable_ids()
    {
        var people = Population.People;
        people.Count.ShouldBeGreaterThanOrEqualTo(50_000);
        people.Select(p => p.ExternalId).Distinct().Count().ShouldBe(people.Count);
        people[0].ExternalId.ShouldBe("smp-000001");
        people[122].ExternalId.ShouldBe("smp-000123");
        Population.FindPerson("smp-000123").ShouldBeSameAs(people[122]);
        Population.FindPerson("smp-123").ShouldBeNull();
        Population.FindPerson("smp-999999").ShouldBeNull();
        Population.FindPerson("li-000123").ShouldBeNull();
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"Population of {people.Count:N0} people and {Population.Companies.Count:N0} companies built in {Population.BuildDuration.TotalMilliseconds:F0} ms");
    }

    [Fact]
    public void Two_builds_produce_the_same_people()
    {
        var again = new SamplePopulation();
        again.People.Count.ShouldBe(Population.People.Count);
        Describe(again.People.Take(100)).ShouldBe(Describe(Population.People.Take(100)));
        Describe([again.People[^1]]).ShouldBe(Describe([Population.People[^1]]));
    }

    [Fact]
    public void A_configured_size_adds_people_after_the_default_ones()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Providers:Sample:People"] = "60000" })
            .Build();
        using var services = new ServiceCollection().AddLeadGenInfrastructure(configuration, "Host=localhost").BuildServiceProvider();

        var larger = services.GetRequiredService<SamplePopulation>();

        larger.People.Count.ShouldBe(60_000);
        larger.People[^1].ExternalId.ShouldBe("smp-060000");
        Describe(larger.People.Take(100)).ShouldBe(Describe(Population.People.Take(100)));
        Describe([larger.People[49_999]]).ShouldBe(Describe([Population.People[49_999]]));
    }

    [Fact]
    public void A_different_seed_produces_different_people()
    {
        var other = new SamplePopulation(size: 200, seed: 42);
        Describe(other.People.Take(100)).ShouldNotBe(Describe(Population.People.Take(100)));
    }

    // The same people in every process and on every machine: a campaign's stored external ids must keep pointing at
    // the same people after a restart. If the generator is changed on purpose, record the new fingerprint.
    [Fact]
    public void Matches_the_recorded_fingerprint_of_the_first_hundred_people()
    {
        var fingerprint = StableHash.Fnv1a64(Describe(Population.People.Take(100))).ToString("x16");
        fingerprint.ShouldBe(RecordedFingerprint, $"first person: {Describe(Population.People.Take(1))}");
    }

    private const string RecordedFingerprint = "319595f051e6ddd8";

    [Fact]
    public void Every_person_is_well_formed()
    {
        var location = new Regex(@"^[A-Za-z .'-]+, [A-Za-z ]+$");
        foreach (var person in Population.People)
        {
            IcpVocabulary.Seniorities.ShouldContain(person.Seniority);
            IcpVocabulary.CompanySizes.ShouldContain(person.Company.Size);
            person.Skills.Count.ShouldBeInRange(3, 8);
            person.Skills.Distinct().Count().ShouldBe(person.Skills.Count);
            person.Company.Domain.ShouldEndWith(".example");
            location.IsMatch(person.Location).ShouldBeTrue(person.Location);
            person.OccupationCode.ShouldMatch(@"^\d\d-\d{4}\.\d\d$");
            person.FirstName.ShouldNotBeNullOrWhiteSpace();
            person.LastName.ShouldNotBeNullOrWhiteSpace();
            person.Title.ShouldNotBeNullOrWhiteSpace();
        }

        var profile = Population.People[122].ToProfile();
        profile.ExternalId.ShouldBe("smp-000123");
        profile.ProfileUrl.ShouldBe("https://sample.leadgen.example/in/smp-000123");
        profile.Headline.ShouldBe($"{profile.Title} at {profile.Company}");
        profile.Summary.ShouldContain(profile.Title);
        profile.Summary.ShouldContain(profile.Industry!);
        profile.CompanyDomain.ShouldBe(Population.People[122].Company.Domain);
    }

    [Fact]
    public void Uses_the_whole_vocabulary_with_a_plausible_spread()
    {
        var bySeniority = Population.People.GroupBy(p => p.Seniority).ToDictionary(g => g.Key, g => g.Count());
        foreach (var seniority in IcpVocabulary.Seniorities)
        {
            bySeniority.GetValueOrDefault(seniority).ShouldBeGreaterThan(100, seniority);
        }

        bySeniority["entry"].ShouldBeLessThan(Population.People.Count * 7 / 10);
        Population.People.Select(p => p.Company.Industry).Distinct().Count().ShouldBeGreaterThanOrEqualTo(30);
        Population.People.Select(p => p.Location).Distinct().Count().ShouldBeGreaterThanOrEqualTo(80);
        Population.People.Select(p => p.Name).Distinct().Count().ShouldBeGreaterThan(15_000);
        TestContext.Current.TestOutputHelper?.WriteLine(string.Join(", ", bySeniority.OrderByDescending(s => s.Value).Select(s => $"{s.Key}={s.Value}")));
    }

    [Fact]
    public void Companies_are_unique_on_reserved_domains_and_industries_follow_occupations()
    {
        var companies = Population.Companies;
        companies.Count.ShouldBeInRange(2_900, 3_200);
        companies.Select(c => c.Domain).Distinct().Count().ShouldBe(companies.Count);
        companies.Select(c => c.Name.ToLowerInvariant()).Distinct().Count().ShouldBe(companies.Count);
        companies.ShouldAllBe(c => Regex.IsMatch(c.Domain, "^[a-z0-9]+(-[a-z0-9]+)*\\.example$"));

        // Healthcare practitioners (SOC 29) mostly work in hospitals, software developers mostly in tech.
        var nurses = Population.People.Where(p => p.OccupationCode.StartsWith("29-", StringComparison.Ordinal)).ToList();
        nurses.Count(p => p.Company.Industry == "Hospitals and Health Care").ShouldBeGreaterThan(nurses.Count / 2);
    }

    [Fact]
    public void Finds_companies_by_domain_and_by_name_however_written()
    {
        var company = Population.Companies[17];
        Population.FindCompanyByDomain(company.Domain).ShouldBe(company);
        Population.FindCompanyByDomain($"https://www.{company.Domain.ToUpperInvariant()}/about").ShouldBe(company);
        Population.FindCompanyByName(company.Name).ShouldBe(company);
        Population.FindCompanyByName($"  {company.Name.ToUpperInvariant()}, Inc. ").ShouldBe(company);
        Population.FindCompanyByName("No Such Company Anywhere").ShouldBeNull();
        Population.FindCompanyByDomain("example.com").ShouldBeNull();
        Population.FindCompany(name: "No Such Company", domain: company.Domain).ShouldBe(company);
    }

    [Theory]
    [InlineData("Chief Executive Officer (CEO)", "cxo")]
    [InlineData("CTO", "cxo")]
    [InlineData("Bank President", "cxo")]
    [InlineData("Sales Vice President (Sales VP)", "vp")]
    [InlineData("VP of Marketing", "vp")]
    [InlineData("Head of Data", "director")]
    [InlineData("Sales Director", "director")]
    [InlineData("Founder & Software Developer", "owner")]
    [InlineData("Owner & Electrician", "owner")]
    [InlineData("Partner, Attorney", "partner")]
    [InlineData("HR Business Partner", "entry")]
    [InlineData("Sales Manager", "manager")]
    [InlineData("Lead Data Engineer", "manager")]
    [InlineData("Shift Supervisor", "manager")]
    [InlineData("Senior Data Engineer", "senior")]
    [InlineData("Sr. Accountant", "senior")]
    [InlineData("Principal Software Engineer", "senior")]
    [InlineData("School Principal", "entry")]
    [InlineData("VP Assistant", "entry")]
    [InlineData("Data Engineer", "entry")]
    public void Reads_seniority_off_titles(string title, string seniority) =>
        SeniorityClassifier.Classify(title).ShouldBe(seniority);

    private static string Describe(IEnumerable<SamplePerson> people)
    {
        var text = new StringBuilder();
        foreach (var p in people.Select(p => p.ToProfile()))
        {
            text.AppendJoin('|', p.ExternalId, p.Name, p.Title, p.Headline, p.Summary, p.Company, p.CompanyDomain,
                p.Industry, p.Location, string.Join(';', p.Skills), p.ProfileUrl, p.Seniority).Append('\n');
        }

        return text.ToString();
    }
}
