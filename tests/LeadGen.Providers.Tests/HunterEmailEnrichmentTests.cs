using System.Diagnostics;
using LeadGen.Application.Ports;
using LeadGen.Domain.Prospects;
using LeadGen.Infrastructure.Enrichment.Hunter;
using WireMock.RequestBuilders;

namespace LeadGen.Providers.Tests;

/// <summary>Hunter.io API v2 as documented: {"data":…,"meta":…} answers, {"errors":[{id,code,details}]} errors, 202 while a
/// verification is in progress, 403 for the per-second limit, 429 for a spent quota.</summary>
public sealed class HunterEmailEnrichmentTests : IDisposable
{
    private const string Key = "hunter-test-key-5f1c";
    private const string Finder = "/v2/email-finder";
    private const string Verifier = "/v2/email-verifier";
    private const string Address = "ada.lovelace@acme-analytics.com";

    private static readonly EmailQuery Ada = new("Ada Lovelace", "Acme Analytics", "acme-analytics.com");

    private static readonly string Found = """
        {"data":{"first_name":"Ada","last_name":"Lovelace","email":"ada.lovelace@acme-analytics.com","score":94,"domain":"acme-analytics.com",
          "accept_all":false,"position":"CTO","twitter":null,"linkedin_url":null,"phone_number":null,"company":"Acme Analytics",
          "sources":[{"domain":"acme-analytics.com","uri":"https://acme-analytics.com/team","extracted_on":"2024-03-01",
          "last_seen_on":"2024-05-01","still_on_page":true}],"verification":{"date":"2024-05-01","status":"valid"}},
         "meta":{"params":{"first_name":"Ada","last_name":"Lovelace","full_name":null,"domain":"acme-analytics.com","company":null,"max_duration":null}}}
        """;

    private const string NotFound = """
        {"errors":[{"id":"email_not_found","code":404,"details":"No email address has been found for this person."}]}
        """;

    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["ApiKey"] = Key,
        ["PricePerCall"] = "0.04",
        ["OperationPrices:email-verifier"] = "0.01",
    };

    private readonly ProviderFake fake = ProviderFake.Start("hunter", Settings);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private HunterEmailEnrichment Hunter => fake.Get<HunterEmailEnrichment>();

    public void Dispose() => fake.Dispose();

    private static string Verified(string status) => """
        {"data":{"status":"STATUS","result":"deliverable","score":91,"email":"ada.lovelace@acme-analytics.com","regexp":true,
          "gibberish":false,"disposable":false,"webmail":false,"mx_records":true,"smtp_server":true,"smtp_check":true,
          "accept_all":false,"block":false,"sources":[]},"meta":{"params":{"email":"ada.lovelace@acme-analytics.com"}}}
        """.Replace("STATUS", status, StringComparison.Ordinal);

    private void FinderAnswers(int status, string body) =>
        fake.Server.Given(Request.Create().WithPath(Finder).UsingGet()).RespondWith(ProviderFake.Json(status, body));

    private void VerifierAnswers(int status, string body) =>
        fake.Server.Given(Request.Create().WithPath(Verifier).UsingGet()).RespondWith(ProviderFake.Json(status, body));

    [Fact]
    public async Task Finds_and_verifies_an_address_recording_one_charge_per_call()
    {
        FinderAnswers(200, Found);
        VerifierAnswers(200, Verified("valid"));

        var lookup = await Hunter.FindEmailAsync(Ada, Ct);

        lookup.Email.ShouldBe(Address);
        lookup.Status.ShouldBe(EmailStatus.Valid);
        lookup.Charges.ShouldBe([
            new ProviderCharge("hunter", "email-finder", 1, 0.04m, Billable: true),
            new ProviderCharge("hunter", "email-verifier", 1, 0.01m, Billable: true),
        ]);

        var finder = fake.Received(Finder).ShouldHaveSingleItem();
        finder.Query!["domain"].ShouldBe(["acme-analytics.com"]);
        finder.Query["first_name"].ShouldBe(["Ada"]);
        finder.Query["last_name"].ShouldBe(["Lovelace"]);
        finder.Headers!["X-API-KEY"].ShouldBe([Key]);
        finder.RawQuery!.ShouldNotContain(Key, Case.Insensitive);

        var verifier = fake.Received(Verifier).ShouldHaveSingleItem();
        verifier.Query!["email"].ShouldBe([Address]);
        verifier.Headers!["X-API-KEY"].ShouldBe([Key]);
    }

    [Theory]
    [InlineData("valid", EmailStatus.Valid, true)]
    [InlineData("invalid", EmailStatus.Invalid, true)]
    [InlineData("accept_all", EmailStatus.AcceptAll, true)]
    [InlineData("webmail", EmailStatus.Webmail, true)]
    [InlineData("disposable", EmailStatus.Disposable, false)]
    [InlineData("unknown", EmailStatus.Unknown, false)]
    public async Task Maps_each_verifier_verdict_and_bills_it_as_Hunter_counts_it(string verdict, EmailStatus status, bool billed)
    {
        FinderAnswers(200, Found);
        VerifierAnswers(200, Verified(verdict));

        var lookup = await Hunter.FindEmailAsync(Ada, Ct);

        lookup.Status.ShouldBe(status);
        lookup.FollowUpCharges.ShouldHaveSingleItem().ShouldBe(new ProviderCharge("hunter", "email-verifier", 1, 0.01m, billed));
    }

    [Fact]
    public async Task No_address_found_is_an_unbilled_answer_and_nothing_is_verified()
    {
        FinderAnswers(404, NotFound);

        var lookup = await Hunter.FindEmailAsync(Ada, Ct);

        lookup.Email.ShouldBeNull();
        lookup.Status.ShouldBe(EmailStatus.Unknown);
        lookup.Charges.ShouldBe([new ProviderCharge("hunter", "email-finder", 1, 0.04m, Billable: false)]);
        fake.Received(Finder).Count.ShouldBe(1);
        fake.Received(Verifier).ShouldBeEmpty();
    }

    [Fact]
    public async Task An_answer_without_an_address_is_not_found_too()
    {
        FinderAnswers(200, """{"data":{"first_name":"Ada","last_name":"Lovelace","email":null,"score":null,"domain":"acme-analytics.com"},"meta":{}}""");

        var lookup = await Hunter.FindEmailAsync(Ada, Ct);

        lookup.Email.ShouldBeNull();
        lookup.Charge.Billable.ShouldBeFalse();
        fake.Received(Verifier).ShouldBeEmpty();
    }

    [Fact]
    public async Task Searches_by_company_name_and_full_name_when_that_is_all_there_is()
    {
        FinderAnswers(404, NotFound);

        await Hunter.FindEmailAsync(new EmailQuery("Cher", "Acme Analytics", null), Ct);

        var request = fake.Received(Finder).ShouldHaveSingleItem();
        request.Query!["company"].ShouldBe(["Acme Analytics"]);
        request.Query["full_name"].ShouldBe(["Cher"]);
        request.Query.ContainsKey("domain").ShouldBeFalse();
    }

    [Fact]
    public async Task A_rejected_key_is_a_permanent_failure_without_retries_or_personal_data()
    {
        FinderAnswers(401, """{"errors":[{"id":"authentication_failed","code":401,"details":"No valid API key was provided."}]}""");

        var failure = await Should.ThrowAsync<ProviderFailure>(() => Hunter.FindEmailAsync(Ada, Ct));

        failure.Kind.ShouldBe(ProviderFailureKind.Permanent);
        failure.Provider.ShouldBe("hunter");
        fake.Received(Finder).Count.ShouldBe(1);
        foreach (var secret in new[] { "Ada", "Lovelace", "acme-analytics", Key })
        {
            failure.Message.ShouldNotContain(secret, Case.Insensitive);
        }
    }

    [Fact]
    public async Task Waits_out_Retry_After_on_429_then_succeeds()
    {
        fake.Server.Given(Request.Create().WithPath(Finder).UsingGet()).InScenario("quota").WillSetStateTo("served")
            .RespondWith(ProviderFake.Json(429, """{"errors":[{"id":"too_many_requests","code":429,"details":"You have reached your usage limit."}]}""")
                .WithHeader("Retry-After", "1"));
        fake.Server.Given(Request.Create().WithPath(Finder).UsingGet()).InScenario("quota").WhenStateIs("served")
            .RespondWith(ProviderFake.Json(200, Found));
        VerifierAnswers(200, Verified("valid"));

        var lookup = await Hunter.FindEmailAsync(Ada, Ct);

        lookup.Email.ShouldBe(Address);
        var attempts = fake.Received(Finder);
        attempts.Count.ShouldBe(2);
        // The backoff alone would have retried after ~10 ms: the second attempt waited for the header's second.
        (attempts[1].DateTime - attempts[0].DateTime).ShouldBeGreaterThan(TimeSpan.FromMilliseconds(900));
    }

    [Fact]
    public async Task Keeps_being_throttled_is_a_rate_limited_failure_carrying_Retry_After()
    {
        using var strict = ProviderFake.Start("hunter", new Dictionary<string, string?>(Settings) { ["Retry:MaxRetries"] = "2" });
        strict.Server.Given(Request.Create().WithPath(Finder).UsingGet())
            .RespondWith(ProviderFake.Json(429, """{"errors":[{"id":"too_many_requests","code":429,"details":"You have reached your usage limit."}]}""")
                .WithHeader("Retry-After", "1"));

        var failure = await Should.ThrowAsync<ProviderFailure>(() => strict.Get<HunterEmailEnrichment>().FindEmailAsync(Ada, Ct));

        failure.Kind.ShouldBe(ProviderFailureKind.RateLimited);
        failure.RetryAfter.ShouldBe(TimeSpan.FromSeconds(1));
        strict.Received(Finder).Count.ShouldBe(3);
    }

    [Fact]
    public async Task A_Retry_After_too_long_to_wait_out_is_handed_back_at_once()
    {
        fake.Server.Given(Request.Create().WithPath(Finder).UsingGet())
            .RespondWith(ProviderFake.Json(429, """{"errors":[{"id":"too_many_requests","code":429,"details":"You have reached your usage limit."}]}""")
                .WithHeader("Retry-After", "3600"));

        var failure = await Should.ThrowAsync<ProviderFailure>(() => Hunter.FindEmailAsync(Ada, Ct));

        failure.Kind.ShouldBe(ProviderFailureKind.RateLimited);
        failure.RetryAfter.ShouldBe(TimeSpan.FromHours(1));
        fake.Received(Finder).Count.ShouldBe(1);
    }

    [Fact]
    public async Task Hunters_403_rate_limit_answer_is_retried_like_a_429()
    {
        fake.Server.Given(Request.Create().WithPath(Finder).UsingGet()).InScenario("burst").WillSetStateTo("calm")
            .RespondWith(ProviderFake.Json(403, """{"errors":[{"id":"too_many_requests","code":403,"details":"You have reached the rate limit."}]}"""));
        fake.Server.Given(Request.Create().WithPath(Finder).UsingGet()).InScenario("burst").WhenStateIs("calm")
            .RespondWith(ProviderFake.Json(404, NotFound));

        var lookup = await Hunter.FindEmailAsync(Ada, Ct);

        lookup.Email.ShouldBeNull();
        fake.Received(Finder).Count.ShouldBe(2);
    }

    [Fact]
    public async Task A_server_error_is_retried()
    {
        fake.Server.Given(Request.Create().WithPath(Finder).UsingGet()).InScenario("flaky").WillSetStateTo("up")
            .RespondWith(ProviderFake.Json(500, """{"errors":[{"id":"internal_error","code":500,"details":"Something went wrong on our end."}]}"""));
        fake.Server.Given(Request.Create().WithPath(Finder).UsingGet()).InScenario("flaky").WhenStateIs("up")
            .RespondWith(ProviderFake.Json(200, Found));
        VerifierAnswers(200, Verified("accept_all"));

        var lookup = await Hunter.FindEmailAsync(Ada, Ct);

        lookup.Email.ShouldBe(Address);
        lookup.Status.ShouldBe(EmailStatus.AcceptAll);
        fake.Received(Finder).Count.ShouldBe(2);
    }

    [Fact]
    public async Task A_provider_slower_than_the_timeout_is_a_transient_failure()
    {
        using var impatient = ProviderFake.Start("hunter", new Dictionary<string, string?>(Settings)
        {
            ["TimeoutSeconds"] = "0.2",
            ["TotalTimeoutSeconds"] = "1",
        });
        impatient.Server.Given(Request.Create().WithPath(Finder).UsingGet())
            .RespondWith(ProviderFake.Json(200, Found).WithDelay(TimeSpan.FromSeconds(3)));
        var clock = Stopwatch.StartNew();

        var failure = await Should.ThrowAsync<ProviderFailure>(() => impatient.Get<HunterEmailEnrichment>().FindEmailAsync(Ada, Ct));

        failure.Kind.ShouldBe(ProviderFailureKind.Transient);
        failure.Reason.ShouldContain("timed out");
        // Each attempt was cut at 0.2 s and retried (four attempts, or fewer if the 1 s total ran out first), all long
        // before the fake's 3 s answer.
        clock.Elapsed.ShouldBeGreaterThan(TimeSpan.FromSeconds(0.7));
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(2.5));
    }

    [Fact]
    public async Task A_verification_still_in_progress_is_asked_again_and_only_the_verdict_is_billed()
    {
        FinderAnswers(200, Found);
        fake.Server.Given(Request.Create().WithPath(Verifier).UsingGet()).InScenario("smtp").WillSetStateTo("done")
            .RespondWith(ProviderFake.Json(202, """{"data":{"status":"unknown","email":"ada.lovelace@acme-analytics.com"},"meta":{}}"""));
        fake.Server.Given(Request.Create().WithPath(Verifier).UsingGet()).InScenario("smtp").WhenStateIs("done")
            .RespondWith(ProviderFake.Json(200, Verified("valid")));

        var lookup = await Hunter.FindEmailAsync(Ada, Ct);

        lookup.Status.ShouldBe(EmailStatus.Valid);
        fake.Received(Verifier).Count.ShouldBe(2);
        lookup.Charges.ShouldBe([
            new ProviderCharge("hunter", "email-finder", 1, 0.04m, true),
            new ProviderCharge("hunter", "email-verifier", 1, 0.01m, false),
            new ProviderCharge("hunter", "email-verifier", 1, 0.01m, true),
        ]);
    }

    [Fact]
    public async Task A_verification_that_never_completes_leaves_the_address_unknown_after_bounded_rechecks()
    {
        FinderAnswers(200, Found);
        VerifierAnswers(202, """{"data":{"status":"unknown"},"meta":{}}""");

        var lookup = await Hunter.FindEmailAsync(Ada, Ct);

        lookup.Email.ShouldBe(Address);
        lookup.Status.ShouldBe(EmailStatus.Unknown);
        fake.Received(Verifier).Count.ShouldBe(3); // the first ask and two rechecks
        lookup.FollowUpCharges.Count.ShouldBe(3);
        lookup.FollowUpCharges.ShouldAllBe(c => !c.Billable);
    }

    [Fact]
    public async Task A_failing_verifier_keeps_the_paid_address_unverified_rather_than_searching_again()
    {
        FinderAnswers(200, Found);
        VerifierAnswers(503, """{"errors":[{"id":"service_unavailable","code":503,"details":"Try again later."}]}""");

        var lookup = await Hunter.FindEmailAsync(Ada, Ct);

        lookup.Email.ShouldBe(Address);
        lookup.Status.ShouldBe(EmailStatus.Unknown);
        lookup.Charges.ShouldBe([
            new ProviderCharge("hunter", "email-finder", 1, 0.04m, true),
            new ProviderCharge("hunter", "email-verifier", 1, 0.01m, false),
        ]);
        fake.Received(Finder).Count.ShouldBe(1);
        fake.Received(Verifier).Count.ShouldBe(4); // the first attempt and three retries
    }

    [Fact]
    public async Task Nothing_logged_carries_the_key_or_the_person()
    {
        FinderAnswers(200, Found);
        VerifierAnswers(200, Verified("valid"));

        await Hunter.FindEmailAsync(Ada, Ct);

        // The client's request logging (URIs with names in the query, headers with the key) is removed outright, not
        // merely redacted: redaction is one process-wide switch away from off.
        fake.Logs.Lines.ShouldNotContain(line => line.StartsWith("System.Net.Http.HttpClient.hunter", StringComparison.Ordinal));
        foreach (var line in fake.Logs.Lines)
        {
            foreach (var secret in new[] { Key, "Lovelace", "acme-analytics", "ada.lovelace" })
            {
                line.ShouldNotContain(secret, Case.Insensitive);
            }
        }
    }

    [Fact]
    public async Task The_rate_limiter_never_lets_more_than_PermitsPerSecond_reach_the_provider_in_any_second()
    {
        using var limited = ProviderFake.Start("hunter", new Dictionary<string, string?>(Settings)
        {
            ["RateLimit:PermitsPerSecond"] = "5",
            // Generous timeouts: an attempt that timed out on a cold fake would be retried and count twice.
            ["TimeoutSeconds"] = "5",
            ["TotalTimeoutSeconds"] = "30",
        });
        limited.Server.Given(Request.Create().WithPath(Finder).UsingGet()).RespondWith(ProviderFake.Json(404, NotFound));
        var hunter = limited.Get<HunterEmailEnrichment>();
        var clock = Stopwatch.StartNew();

        var lookups = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            hunter.FindEmailAsync(new EmailQuery($"Person{i} Example", "Acme Analytics", "acme-analytics.com"), Ct)));

        lookups.Length.ShouldBe(20);
        limited.Received(Finder).Count.ShouldBe(20);
        limited.BusiestSecond().ShouldBeLessThanOrEqualTo(5);
        // 20 requests at 5 a second cannot all have gone in the first three seconds: the limiter did hold them back.
        clock.Elapsed.ShouldBeGreaterThan(TimeSpan.FromSeconds(3));
    }
}
