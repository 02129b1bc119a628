using System.Buffers.Text;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using LeadGen.Application.Ports;
using LeadGen.Domain.Prospects;
using LeadGen.Infrastructure.Enrichment.ZoomInfo;
using WireMock;
using WireMock.RequestBuilders;

namespace LeadGen.Providers.Tests;

/// <summary>ZoomInfo's Enterprise API as documented: POST /authenticate {username,password} → {"jwt"}; POST /enrich/contact
/// and /enrich/company with a Bearer JWT, answering {success, data:{outputFields, result:[{input, data:[…], matchStatus}]}}.</summary>
public sealed class ZoomInfoEnrichmentTests : IDisposable
{
    private const string Authenticate = "/authenticate";
    private const string Contact = "/enrich/contact";
    private const string CompanyPath = "/enrich/company";
    private const string Username = "api-user@leadgen.example";
    private const string Password = "zi-test-password-77";

    private static readonly EmailQuery Ada = new("Ada Lovelace", "Acme Analytics", "acme-analytics.com");

    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Username"] = Username,
        ["Password"] = Password,
        ["PricePerCall"] = "0.50",
        ["OperationPrices:company-enrich"] = "0.25",
    };

    private readonly ProviderFake fake = ProviderFake.Start("zoominfo", Settings);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => fake.Dispose();

    private ZoomInfoEmailEnrichment Emails => fake.GetAll<IEmailEnrichmentProvider>().OfType<ZoomInfoEmailEnrichment>().Single();

    private ZoomInfoCompanyEnrichment Companies => fake.GetAll<ICompanyEnrichmentProvider>().OfType<ZoomInfoCompanyEnrichment>().Single();

    private static string Jwt(string subject, TimeSpan validFor)
    {
        static string Part(string json) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json));
        var expires = DateTimeOffset.UtcNow.Add(validFor).ToUnixTimeSeconds();
        return $"{Part("""{"alg":"RS256","typ":"JWT"}""")}.{Part($$"""{"sub":"{{subject}}","exp":{{expires}}}""")}.c2lnbmF0dXJl";
    }

    private static string Token(string jwt) => $$"""{"jwt":"{{jwt}}"}""";

    private static string ContactMatch(int accuracy = 95) => """
        {"success":true,"data":{"outputFields":[["id","firstName","lastName","email","jobTitle","contactAccuracyScore","companyName"]],
         "result":[{"input":{"fullname":"Ada Lovelace","companyname":"Acme Analytics"},
           "data":[{"id":1234567,"firstName":"Ada","lastName":"Lovelace","email":"ada.lovelace@acme-analytics.com",
             "jobTitle":"Chief Technology Officer","contactAccuracyScore":ACCURACY,"companyName":"Acme Analytics"}],
           "matchStatus":"FULL_MATCH"}]}}
        """.Replace("ACCURACY", accuracy.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);

    private const string NoMatch = """
        {"success":true,"data":{"outputFields":[["id","email"]],"result":[{"input":{"fullname":"Ada Lovelace","companyname":"Acme Analytics"},"data":[],"matchStatus":"NO_MATCH"}]}}
        """;

    private const string Unauthorized = """{"statusCode":401,"error":"Unauthorized","message":"Invalid or expired token"}""";

    private void LogsInWith(string jwt) =>
        fake.Server.Given(Request.Create().WithPath(Authenticate).UsingPost()).RespondWith(ProviderFake.Json(200, Token(jwt)));

    private void ContactAnswers(int status, string body) =>
        fake.Server.Given(Request.Create().WithPath(Contact).UsingPost()).RespondWith(ProviderFake.Json(status, body));

    private static JsonElement Body(IRequestMessage request) => JsonDocument.Parse(request.Body!).RootElement;

    [Fact]
    public async Task Logs_in_then_enriches_the_contact_with_the_token()
    {
        var jwt = Jwt("token-a", TimeSpan.FromHours(1));
        LogsInWith(jwt);
        ContactAnswers(200, ContactMatch());

        var lookup = await Emails.FindEmailAsync(Ada, Ct);

        lookup.Email.ShouldBe("ada.lovelace@acme-analytics.com");
        lookup.Status.ShouldBe(EmailStatus.Valid);
        lookup.Charges.ShouldBe([new ProviderCharge("zoominfo", "contact-enrich", 1, 0.50m, Billable: true)]);

        var login = Body(fake.Received(Authenticate).ShouldHaveSingleItem());
        login.GetProperty("username").GetString().ShouldBe(Username);
        login.GetProperty("password").GetString().ShouldBe(Password);

        var enrich = fake.Received(Contact).ShouldHaveSingleItem();
        enrich.Headers!["Authorization"].ShouldBe([$"Bearer {jwt}"]);
        var input = Body(enrich).GetProperty("matchPersonInput")[0];
        input.GetProperty("fullName").GetString().ShouldBe("Ada Lovelace");
        input.GetProperty("companyName").GetString().ShouldBe("Acme Analytics");
        Body(enrich).GetProperty("outputFields").EnumerateArray().Select(f => f.GetString()).ShouldContain("email");
    }

    [Fact]
    public async Task Reuses_the_token_until_shortly_before_it_expires()
    {
        LogsInWith(Jwt("token-a", TimeSpan.FromHours(1)));
        ContactAnswers(200, ContactMatch());
        fake.Server.Given(Request.Create().WithPath(CompanyPath).UsingPost()).RespondWith(ProviderFake.Json(200, NoMatch));

        await Emails.FindEmailAsync(Ada, Ct);
        await Companies.FindCompanyAsync(new CompanyQuery("Acme Analytics", "acme-analytics.com"), Ct);
        await Emails.FindEmailAsync(Ada, Ct);

        fake.Received(Authenticate).Count.ShouldBe(1);
        fake.Received(Contact).Count.ShouldBe(2);
        fake.Received(CompanyPath).Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_token_within_the_refresh_margin_is_renewed_before_use()
    {
        // Valid for another minute, but the margin is five: every lookup logs in again rather than risk it dying in flight.
        LogsInWith(Jwt("short-lived", TimeSpan.FromMinutes(1)));
        ContactAnswers(200, ContactMatch());

        await Emails.FindEmailAsync(Ada, Ct);
        await Emails.FindEmailAsync(Ada, Ct);

        fake.Received(Authenticate).Count.ShouldBe(2);
    }

    [Fact]
    public async Task A_refused_token_is_renewed_once_and_the_call_repeated()
    {
        var stale = Jwt("revoked", TimeSpan.FromHours(1));
        var fresh = Jwt("fresh", TimeSpan.FromHours(1));
        fake.Server.Given(Request.Create().WithPath(Authenticate).UsingPost()).InScenario("login").WillSetStateTo("second")
            .RespondWith(ProviderFake.Json(200, Token(stale)));
        fake.Server.Given(Request.Create().WithPath(Authenticate).UsingPost()).InScenario("login").WhenStateIs("second")
            .RespondWith(ProviderFake.Json(200, Token(fresh)));
        fake.Server.Given(Request.Create().WithPath(Contact).UsingPost().WithHeader("Authorization", $"Bearer {stale}"))
            .RespondWith(ProviderFake.Json(401, Unauthorized));
        fake.Server.Given(Request.Create().WithPath(Contact).UsingPost().WithHeader("Authorization", $"Bearer {fresh}"))
            .RespondWith(ProviderFake.Json(200, ContactMatch()));

        var lookup = await Emails.FindEmailAsync(Ada, Ct);

        lookup.Email.ShouldBe("ada.lovelace@acme-analytics.com");
        fake.Received(Authenticate).Count.ShouldBe(2);
        fake.Received(Contact).Select(r => r.Headers!["Authorization"].Single()).ShouldBe([$"Bearer {stale}", $"Bearer {fresh}"]);
    }

    [Fact]
    public async Task A_token_refused_twice_is_a_permanent_failure()
    {
        LogsInWith(Jwt("token-a", TimeSpan.FromHours(1)));
        ContactAnswers(401, Unauthorized);

        var failure = await Should.ThrowAsync<ProviderFailure>(() => Emails.FindEmailAsync(Ada, Ct));

        failure.Kind.ShouldBe(ProviderFailureKind.Permanent);
        fake.Received(Authenticate).Count.ShouldBe(2);
        fake.Received(Contact).Count.ShouldBe(2);
    }

    [Fact]
    public async Task Rejected_credentials_are_a_permanent_failure_that_names_neither_user_nor_person()
    {
        fake.Server.Given(Request.Create().WithPath(Authenticate).UsingPost())
            .RespondWith(ProviderFake.Json(401, """{"statusCode":401,"error":"Unauthorized","message":"Invalid username or password"}"""));

        var failure = await Should.ThrowAsync<ProviderFailure>(() => Emails.FindEmailAsync(Ada, Ct));

        failure.Kind.ShouldBe(ProviderFailureKind.Permanent);
        failure.Reason.ShouldContain("authenticate");
        foreach (var secret in new[] { Username, Password, "Lovelace", "Acme" })
        {
            failure.Message.ShouldNotContain(secret, Case.Insensitive);
        }

        fake.Received(Contact).ShouldBeEmpty();
    }

    [Fact]
    public async Task No_match_is_an_unbilled_not_found()
    {
        LogsInWith(Jwt("token-a", TimeSpan.FromHours(1)));
        ContactAnswers(200, NoMatch);

        var lookup = await Emails.FindEmailAsync(Ada, Ct);

        lookup.Email.ShouldBeNull();
        lookup.Charge.ShouldBe(new ProviderCharge("zoominfo", "contact-enrich", 1, 0.50m, Billable: false));
    }

    [Fact]
    public async Task An_address_ZoomInfo_is_unsure_of_is_kept_but_not_vouched_for()
    {
        LogsInWith(Jwt("token-a", TimeSpan.FromHours(1)));
        ContactAnswers(200, ContactMatch(accuracy: 72));

        var lookup = await Emails.FindEmailAsync(Ada, Ct);

        lookup.Email.ShouldBe("ada.lovelace@acme-analytics.com");
        lookup.Status.ShouldBe(EmailStatus.Unknown);
        lookup.Charge.Billable.ShouldBeTrue();
    }

    [Fact]
    public async Task Enriches_a_company_by_website()
    {
        LogsInWith(Jwt("token-a", TimeSpan.FromHours(1)));
        fake.Server.Given(Request.Create().WithPath(CompanyPath).UsingPost()).RespondWith(ProviderFake.Json(200, """
            {"success":true,"data":{"outputFields":[["id","name","website","employeeCount","primaryIndustry","city","country"]],
             "result":[{"input":{"companyname":"Acme Analytics","companywebsite":"acme-analytics.com"},
               "data":[{"id":104333869,"name":"Acme Analytics Inc.","website":"www.acme-analytics.com","employeeCount":1200,
                 "primaryIndustry":["Software","Business Intelligence (BI) Software"],"city":"Austin","country":"United States"}],
               "matchStatus":"FULL_MATCH"}]}}
            """));

        var lookup = await Companies.FindCompanyAsync(new CompanyQuery("Acme Analytics", "acme-analytics.com"), Ct);

        lookup.Company.ShouldBe(new CompanyData("Acme Analytics Inc.", "acme-analytics.com", "Software", "1001-5000", "Austin, United States"));
        lookup.Charge.ShouldBe(new ProviderCharge("zoominfo", "company-enrich", 1, 0.25m, Billable: true));
        var input = Body(fake.Received(CompanyPath).ShouldHaveSingleItem()).GetProperty("matchCompanyInput")[0];
        input.GetProperty("companyWebsite").GetString().ShouldBe("acme-analytics.com");
        input.GetProperty("companyName").GetString().ShouldBe("Acme Analytics");
    }

    [Fact]
    public async Task Waits_out_Retry_After_on_429_then_succeeds()
    {
        LogsInWith(Jwt("token-a", TimeSpan.FromHours(1)));
        fake.Server.Given(Request.Create().WithPath(Contact).UsingPost()).InScenario("bucket").WillSetStateTo("drained")
            .RespondWith(ProviderFake.Json(429, """{"statusCode":429,"error":"Too Many Requests","message":"Rate limit exceeded"}""")
                .WithHeader("Retry-After", "1"));
        fake.Server.Given(Request.Create().WithPath(Contact).UsingPost()).InScenario("bucket").WhenStateIs("drained")
            .RespondWith(ProviderFake.Json(200, ContactMatch()));

        var lookup = await Emails.FindEmailAsync(Ada, Ct);

        lookup.Email.ShouldNotBeNull();
        var attempts = fake.Received(Contact);
        attempts.Count.ShouldBe(2);
        (attempts[1].DateTime - attempts[0].DateTime).ShouldBeGreaterThan(TimeSpan.FromMilliseconds(900));
        // The body is sent again on the retry, not lost after the first attempt.
        Body(attempts[1]).GetProperty("matchPersonInput")[0].GetProperty("fullName").GetString().ShouldBe("Ada Lovelace");
    }

    [Fact]
    public async Task Keeps_being_throttled_is_a_rate_limited_failure()
    {
        using var strict = ProviderFake.Start("zoominfo", new Dictionary<string, string?>(Settings) { ["Retry:MaxRetries"] = "1" });
        strict.Server.Given(Request.Create().WithPath(Authenticate).UsingPost())
            .RespondWith(ProviderFake.Json(200, Token(Jwt("token-a", TimeSpan.FromHours(1)))));
        strict.Server.Given(Request.Create().WithPath(Contact).UsingPost())
            .RespondWith(ProviderFake.Json(429, """{"statusCode":429,"error":"Too Many Requests"}""").WithHeader("Retry-After", "1"));
        var emails = strict.GetAll<IEmailEnrichmentProvider>().OfType<ZoomInfoEmailEnrichment>().Single();

        var failure = await Should.ThrowAsync<ProviderFailure>(() => emails.FindEmailAsync(Ada, Ct));

        failure.Kind.ShouldBe(ProviderFailureKind.RateLimited);
        failure.RetryAfter.ShouldBe(TimeSpan.FromSeconds(1));
        strict.Received(Contact).Count.ShouldBe(2);
    }

    [Fact]
    public async Task A_server_error_is_retried()
    {
        LogsInWith(Jwt("token-a", TimeSpan.FromHours(1)));
        fake.Server.Given(Request.Create().WithPath(Contact).UsingPost()).InScenario("flaky").WillSetStateTo("up")
            .RespondWith(ProviderFake.Json(500, """{"statusCode":500,"error":"Internal Server Error"}"""));
        fake.Server.Given(Request.Create().WithPath(Contact).UsingPost()).InScenario("flaky").WhenStateIs("up")
            .RespondWith(ProviderFake.Json(200, ContactMatch()));

        var lookup = await Emails.FindEmailAsync(Ada, Ct);

        lookup.Email.ShouldNotBeNull();
        fake.Received(Contact).Count.ShouldBe(2);
        fake.Received(Authenticate).Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_provider_slower_than_the_timeout_is_a_transient_failure()
    {
        using var impatient = ProviderFake.Start("zoominfo", new Dictionary<string, string?>(Settings)
        {
            ["TimeoutSeconds"] = "0.2",
            ["TotalTimeoutSeconds"] = "1",
        });
        impatient.Server.Given(Request.Create().WithPath(Authenticate).UsingPost())
            .RespondWith(ProviderFake.Json(200, Token(Jwt("token-a", TimeSpan.FromHours(1)))));
        impatient.Server.Given(Request.Create().WithPath(Contact).UsingPost())
            .RespondWith(ProviderFake.Json(200, ContactMatch()).WithDelay(TimeSpan.FromSeconds(3)));
        var emails = impatient.GetAll<IEmailEnrichmentProvider>().OfType<ZoomInfoEmailEnrichment>().Single();
        var clock = Stopwatch.StartNew();

        var failure = await Should.ThrowAsync<ProviderFailure>(() => emails.FindEmailAsync(Ada, Ct));

        failure.Kind.ShouldBe(ProviderFailureKind.Transient);
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(2.5));
    }
}
