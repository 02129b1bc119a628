using System.Diagnostics;
using LeadGen.Application.Ports;
using LeadGen.Domain.Prospects;
using LeadGen.Infrastructure.Enrichment.Clearbit;
using WireMock.RequestBuilders;

namespace LeadGen.Providers.Tests;

/// <summary>Clearbit's Company API as documented: GET /v2/companies/find?domain=, Bearer key, the company object on 200,
/// 202 while a lookup is queued, {"error":{"type","message"}} bodies on errors.</summary>
public sealed class ClearbitCompanyEnrichmentTests : IDisposable
{
    private const string Key = "sk_clearbit_test_9d2e";
    private const string Find = "/v2/companies/find";

    private static readonly CompanyQuery Acme = new("Acme Analytics", "acme-analytics.com");

    private const string Company = """
        {"id":"3f5d6a4e-c284-4f78-bfdf-7669b45af907","name":"Acme Analytics","legalName":"Acme Analytics Ltd",
         "domain":"acme-analytics.com","domainAliases":["acme.io"],"site":{"phoneNumbers":[],"emailAddresses":[]},
         "category":{"sector":"Information Technology","industryGroup":"Software & Services","industry":"Internet Software & Services",
           "subIndustry":"Internet Software & Services","sicCode":"73","naicsCode":"51"},
         "tags":["SaaS","B2B"],"description":"Analytics for retailers.","foundedYear":2014,
         "location":"1 Market St, San Francisco, CA 94105, USA","timeZone":"America/Los_Angeles","utcOffset":-8,
         "geo":{"streetNumber":"1","streetName":"Market Street","subPremise":null,"city":"San Francisco","postalCode":"94105",
           "state":"California","stateCode":"CA","country":"United States","countryCode":"US","lat":37.79,"lng":-122.39},
         "metrics":{"alexaUsRank":null,"alexaGlobalRank":null,"employees":150,"employeesRange":"51-250","marketCap":null,
           "raised":15000000,"annualRevenue":null,"estimatedAnnualRevenue":"$10M-$50M","fiscalYearEnd":12},
         "tech":["google_analytics","stripe"],"type":"private","ticker":null,"phone":null,"indexedAt":"2024-01-15T10:00:00.000Z"}
        """;

    private const string UnknownDomain = """{"error":{"type":"unknown_record","message":"Unknown domain: acme-analytics.com"}}""";

    private static readonly Dictionary<string, string?> Settings = new() { ["ApiKey"] = Key, ["PricePerCall"] = "0.10" };

    private readonly ProviderFake fake = ProviderFake.Start("clearbit", Settings);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private ClearbitCompanyEnrichment Clearbit => fake.Get<ClearbitCompanyEnrichment>();

    public void Dispose() => fake.Dispose();

    private void Answers(int status, string body) =>
        fake.Server.Given(Request.Create().WithPath(Find).UsingGet()).RespondWith(ProviderFake.Json(status, body));

    [Fact]
    public async Task Finds_a_company_by_domain_and_puts_it_in_LeadGens_terms()
    {
        Answers(200, Company);

        var lookup = await Clearbit.FindCompanyAsync(Acme, Ct);

        lookup.Company.ShouldBe(new CompanyData("Acme Analytics", "acme-analytics.com", "Internet Software & Services", "51-200",
            "San Francisco, United States"));
        lookup.Charge.ShouldBe(new ProviderCharge("clearbit", "company-find", 1, 0.10m, Billable: true));
        var request = fake.Received(Find).ShouldHaveSingleItem();
        request.Query!["domain"].ShouldBe(["acme-analytics.com"]);
        request.Headers!["Authorization"].ShouldBe([$"Bearer {Key}"]);
    }

    [Fact]
    public async Task Keeps_Clearbits_range_when_it_gives_no_head_count()
    {
        Answers(200, """{"name":"Tiny Co","domain":"tiny.example","category":{"industry":null,"sector":"Industrials"},"metrics":{"employees":null,"employeesRange":"1-10"},"geo":{"city":null,"country":null},"location":"Lisbon, Portugal"}""");

        var lookup = await Clearbit.FindCompanyAsync(new CompanyQuery("Tiny", "tiny.example"), Ct);

        lookup.Company.ShouldBe(new CompanyData("Tiny Co", "tiny.example", "Industrials", "1-10", "Lisbon, Portugal"));
    }

    [Fact]
    public async Task An_unknown_domain_is_not_found_and_billed_as_Clearbit_counts_404s()
    {
        Answers(404, UnknownDomain);

        var lookup = await Clearbit.FindCompanyAsync(Acme, Ct);

        lookup.Company.ShouldBeNull();
        lookup.Charge.ShouldBe(new ProviderCharge("clearbit", "company-find", 1, 0.10m, Billable: true));
        fake.Received(Find).Count.ShouldBe(1);
    }

    [Fact]
    public async Task Without_a_domain_nothing_is_asked_or_spent()
    {
        Answers(200, Company);

        var lookup = await Clearbit.FindCompanyAsync(new CompanyQuery("Acme Analytics", null), Ct);

        lookup.Company.ShouldBeNull();
        lookup.Charge.Units.ShouldBe(0);
        lookup.Charge.Cost.ShouldBe(0m);
        fake.Received(Find).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_queued_lookup_is_asked_again_and_billed_once()
    {
        fake.Server.Given(Request.Create().WithPath(Find).UsingGet()).InScenario("queue").WillSetStateTo("ready")
            .RespondWith(ProviderFake.Json(202, """{"error":{"type":"queued","message":"Lookup queued, try again shortly"}}"""));
        fake.Server.Given(Request.Create().WithPath(Find).UsingGet()).InScenario("queue").WhenStateIs("ready")
            .RespondWith(ProviderFake.Json(200, Company));

        var lookup = await Clearbit.FindCompanyAsync(Acme, Ct);

        lookup.Company.ShouldNotBeNull().Name.ShouldBe("Acme Analytics");
        lookup.Charge.ShouldBe(new ProviderCharge("clearbit", "company-find", 1, 0.10m, Billable: true));
        fake.Received(Find).Count.ShouldBe(2);
    }

    [Fact]
    public async Task A_lookup_that_stays_queued_is_a_transient_failure()
    {
        Answers(202, """{"error":{"type":"queued","message":"Lookup queued"}}""");

        var failure = await Should.ThrowAsync<ProviderFailure>(() => Clearbit.FindCompanyAsync(Acme, Ct));

        failure.Kind.ShouldBe(ProviderFailureKind.Transient);
        fake.Received(Find).Count.ShouldBe(3);
    }

    [Fact]
    public async Task A_rejected_key_is_a_permanent_failure_without_retries()
    {
        Answers(401, """{"error":{"type":"auth_required","message":"An API key is required, pass it as a Bearer token."}}""");

        var failure = await Should.ThrowAsync<ProviderFailure>(() => Clearbit.FindCompanyAsync(Acme, Ct));

        failure.Kind.ShouldBe(ProviderFailureKind.Permanent);
        failure.Message.ShouldNotContain("acme-analytics", Case.Insensitive);
        failure.Message.ShouldNotContain(Key, Case.Insensitive);
        fake.Received(Find).Count.ShouldBe(1);
    }

    [Fact]
    public async Task An_invalid_domain_is_a_permanent_failure()
    {
        Answers(422, """{"error":{"type":"invalid_domain","message":"Domain is invalid"}}""");

        var failure = await Should.ThrowAsync<ProviderFailure>(() => Clearbit.FindCompanyAsync(new CompanyQuery("Acme", "not a domain"), Ct));

        failure.Kind.ShouldBe(ProviderFailureKind.Permanent);
        fake.Received(Find).Count.ShouldBe(1);
    }

    [Fact]
    public async Task Waits_out_Retry_After_on_429_then_succeeds()
    {
        fake.Server.Given(Request.Create().WithPath(Find).UsingGet()).InScenario("limit").WillSetStateTo("open")
            .RespondWith(ProviderFake.Json(429, """{"error":{"type":"rate_limit","message":"Rate limit exceeded. Limit is 600 requests per minute."}}""")
                .WithHeader("Retry-After", "1"));
        fake.Server.Given(Request.Create().WithPath(Find).UsingGet()).InScenario("limit").WhenStateIs("open")
            .RespondWith(ProviderFake.Json(200, Company));

        var lookup = await Clearbit.FindCompanyAsync(Acme, Ct);

        lookup.Company.ShouldNotBeNull();
        var attempts = fake.Received(Find);
        attempts.Count.ShouldBe(2);
        (attempts[1].DateTime - attempts[0].DateTime).ShouldBeGreaterThan(TimeSpan.FromMilliseconds(900));
    }

    [Fact]
    public async Task Keeps_being_throttled_is_a_rate_limited_failure()
    {
        using var strict = ProviderFake.Start("clearbit", new Dictionary<string, string?>(Settings) { ["Retry:MaxRetries"] = "1" });
        strict.Server.Given(Request.Create().WithPath(Find).UsingGet())
            .RespondWith(ProviderFake.Json(429, """{"error":{"type":"rate_limit","message":"Rate limit exceeded."}}""").WithHeader("Retry-After", "1"));

        var failure = await Should.ThrowAsync<ProviderFailure>(() => strict.Get<ClearbitCompanyEnrichment>().FindCompanyAsync(Acme, Ct));

        failure.Kind.ShouldBe(ProviderFailureKind.RateLimited);
        failure.RetryAfter.ShouldBe(TimeSpan.FromSeconds(1));
        strict.Received(Find).Count.ShouldBe(2);
    }

    [Fact]
    public async Task A_server_error_is_retried()
    {
        fake.Server.Given(Request.Create().WithPath(Find).UsingGet()).InScenario("flaky").WillSetStateTo("up")
            .RespondWith(ProviderFake.Json(502, """{"error":{"type":"server_error","message":"Bad gateway"}}"""));
        fake.Server.Given(Request.Create().WithPath(Find).UsingGet()).InScenario("flaky").WhenStateIs("up")
            .RespondWith(ProviderFake.Json(200, Company));

        var lookup = await Clearbit.FindCompanyAsync(Acme, Ct);

        lookup.Company.ShouldNotBeNull();
        fake.Received(Find).Count.ShouldBe(2);
    }

    [Fact]
    public async Task A_provider_slower_than_the_timeout_is_a_transient_failure()
    {
        using var impatient = ProviderFake.Start("clearbit", new Dictionary<string, string?>(Settings)
        {
            ["TimeoutSeconds"] = "0.2",
            ["TotalTimeoutSeconds"] = "1",
        });
        impatient.Server.Given(Request.Create().WithPath(Find).UsingGet())
            .RespondWith(ProviderFake.Json(200, Company).WithDelay(TimeSpan.FromSeconds(3)));
        var clock = Stopwatch.StartNew();

        var failure = await Should.ThrowAsync<ProviderFailure>(() => impatient.Get<ClearbitCompanyEnrichment>().FindCompanyAsync(Acme, Ct));

        failure.Kind.ShouldBe(ProviderFailureKind.Transient);
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(2.5));
    }

    [Fact]
    public async Task The_rate_limiter_never_lets_more_than_PermitsPerSecond_reach_the_provider_in_any_second()
    {
        using var limited = ProviderFake.Start("clearbit", new Dictionary<string, string?>(Settings)
        {
            ["RateLimit:PermitsPerSecond"] = "3",
            ["TimeoutSeconds"] = "5",
            ["TotalTimeoutSeconds"] = "30",
        });
        limited.Server.Given(Request.Create().WithPath(Find).UsingGet()).RespondWith(ProviderFake.Json(404, UnknownDomain));
        var clearbit = limited.Get<ClearbitCompanyEnrichment>();
        // The limiter's margin is for jitter (50 ms), not for a cold client: on a busy machine the first call's JIT and
        // connection set-up once delayed the first three past it, and they reached the fake on top of the next three.
        // One call warms the pipeline; once its permit has left the window, only the measured calls are logged.
        await clearbit.FindCompanyAsync(new CompanyQuery("Warm-up", "warm-up.example"), Ct);
        await Task.Delay(TimeSpan.FromSeconds(1.2), Ct);
        limited.Server.ResetLogEntries();

        await Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
            clearbit.FindCompanyAsync(new CompanyQuery($"Company {i}", $"company{i}.example"), Ct)));

        limited.Received(Find).Count.ShouldBe(10);
        limited.BusiestSecond().ShouldBeLessThanOrEqualTo(3);
    }
}
