using System.Diagnostics;
using LeadGen.Application.Pipeline;
using LeadGen.Application.Ports;
using LeadGen.Domain.Icps;
using LeadGen.Domain.Prospects;
using LeadGen.Infrastructure.Platforms;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace LeadGen.Providers.Tests.Platforms;

/// <summary>LinkedIn discovery through Lead Sync, over real HTTP against <see cref="LinkedInFake"/>: OAuth 2.0 refresh
/// tokens, lead form responses paged per ad account, forms that give answers their meaning and consents their text.</summary>
public sealed class LinkedInPlatformTests : IDisposable
{
    private const string AccountA = "5001";
    private const string AccountB = "5002";
    private const long Form = 7234246;

    private static readonly DateTimeOffset Submitted = new(2026, 10, 14, 9, 30, 0, TimeSpan.Zero);

    /// <summary>An ICP none of the leads fits: Lead Sync returns everyone anyway, and scoring decides.</summary>
    private static readonly PlatformQuery Query = new(
        new IcpCriteria(["Marine Biologist"], ["entry"], ["Fisheries"], ["1-10"], ["Reykjavik"], ["Scuba"]), "Marine biologists");

    private static readonly LinkedInMember Ada = new("Ada", "Lovelace", "Chief Data Officer", "Acme Analytics", "Berlin", "Germany",
        Email: "ada@gmail.example", WorkEmail: "ada.lovelace@acme-analytics.com", ProfileLink: "https://www.linkedin.com/in/ada-lovelace",
        Custom: "Too many dashboards");

    private readonly LinkedInFake fake = new(null, $"urn:li:sponsoredAccount:{AccountA}", AccountB);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => fake.Dispose();

    private IProspectingPlatform LinkedIn => fake.Platform;

    /// <summary>A LinkedIn whose configuration starts LeadGen with an access token valid for <paramref name="validFor"/>,
    /// which the fake accepts unless <paramref name="revoked"/>.</summary>
    private static LinkedInFake WithConfiguredToken(string token, TimeSpan validFor, bool revoked = false)
    {
        var target = new LinkedInFake(new Dictionary<string, string?>
        {
            ["AccessToken"] = token,
            ["AccessTokenExpiresAt"] = DateTimeOffset.UtcNow.Add(validFor).ToString("O"),
        });
        if (!revoked) target.AcceptToken(token);
        return target;
    }

    /// <summary>Leads lead-{account}-{n}, n from 1, for people called Person{n} {account}.</summary>
    private void AddLeads(LinkedInFake target, string account, int count)
    {
        target.AddForm(Form, (0, "I agree to be contacted by Acme about its products.", true));
        for (var n = 1; n <= count; n++)
        {
            target.AddLead(account, $"lead-{account}-{n}", Form, new LinkedInMember($"Person{n}", account, "Data Engineer", "Initech"),
                Submitted.AddMinutes(n), (0, true));
        }
    }

    private async Task<List<PlatformPage>> AllPages(IProspectingPlatform platform, int pageSize)
    {
        var pages = new List<PlatformPage>();
        string? cursor = null;
        do
        {
            var page = await platform.SearchAsync(Query, cursor, pageSize, Ct);
            pages.Add(page);
            cursor = page.NextCursor;
        }
        while (cursor is not null && pages.Count < 50);

        return pages;
    }

    /// <summary>The lead list requests for one ad account, oldest first.</summary>
    private static List<WireMock.IRequestMessage> LeadRequests(LinkedInFake target, string account) =>
        [.. target.Received(LinkedInFake.ResponsesPath).Where(r => LinkedInFake.RawParameter(r, "owner")?.EndsWith($"%3A{account})", StringComparison.Ordinal) == true)];

    private static string[] Ids(IEnumerable<PlatformPage> pages) => [.. pages.SelectMany(p => p.Profiles).Select(p => p.ExternalId)];

    private static string[] Expected(params (string Account, int Count)[] accounts) =>
        [.. accounts.SelectMany(a => Enumerable.Range(1, a.Count).Select(n => $"lead-{a.Account}-{n}"))];

    [Fact]
    public async Task Refreshes_a_token_and_sends_it_as_a_bearer_with_the_versioned_api_headers()
    {
        AddLeads(fake, AccountA, 1);
        AddLeads(fake, AccountB, 1);

        var page = await LinkedIn.SearchAsync(Query, null, 10, Ct);

        page.Profiles.Count.ShouldBe(2);
        var refresh = fake.Received(LinkedInFake.TokenPath).ShouldHaveSingleItem();
        LinkedInFake.Header(refresh, "Content-Type").ShouldStartWith("application/x-www-form-urlencoded");
        var form = LinkedInFake.FormBody(refresh);
        form.Keys.ShouldBe(["grant_type", "refresh_token", "client_id", "client_secret"], ignoreOrder: true);
        form["grant_type"].ShouldBe("refresh_token");
        form["refresh_token"].ShouldBe(LinkedInFake.RefreshToken);
        form["client_id"].ShouldBe(LinkedInFake.ClientId);
        form["client_secret"].ShouldBe(LinkedInFake.ClientSecret);

        var requests = fake.Received(LinkedInFake.ResponsesPath);
        requests.Count.ShouldBe(2);
        foreach (var request in requests)
        {
            LinkedInFake.Header(request, "Authorization").ShouldBe("Bearer li-access-1");
            LinkedInFake.Header(request, "LinkedIn-Version").ShouldBe("202606");
            LinkedInFake.Header(request, "X-Restli-Protocol-Version").ShouldBe("2.0.0");
            LinkedInFake.RawParameter(request, "q").ShouldBe("owner");
            LinkedInFake.RawParameter(request, "leadType").ShouldBe("(leadType:SPONSORED)");
        }

        // Rest.li 2.0: the union's parentheses and key literal, the URN inside escaped; both configured forms of an account.
        requests.Select(r => LinkedInFake.RawParameter(r, "owner")).ShouldBe([
            "(sponsoredAccount:urn%3Ali%3AsponsoredAccount%3A5001)", "(sponsoredAccount:urn%3Ali%3AsponsoredAccount%3A5002)",
        ]);
        LinkedInFake.Header(fake.Received("/rest/leadForms/").ShouldHaveSingleItem(), "Authorization").ShouldBe("Bearer li-access-1");
    }

    [Fact]
    public async Task A_configured_access_token_is_used_while_it_is_fresh()
    {
        using var seeded = WithConfiguredToken("li-seeded-token", TimeSpan.FromDays(30));
        AddLeads(seeded, AccountA, 1);

        await seeded.Platform.SearchAsync(Query, null, 10, Ct);

        seeded.Received(LinkedInFake.TokenPath).ShouldBeEmpty();
        LinkedInFake.Header(seeded.Received(LinkedInFake.ResponsesPath).ShouldHaveSingleItem(), "Authorization").ShouldBe("Bearer li-seeded-token");
    }

    [Fact]
    public async Task A_configured_access_token_within_the_refresh_margin_is_refreshed_before_use()
    {
        // Valid for two more minutes, but the margin is five: it would die in flight.
        using var seeded = WithConfiguredToken("li-seeded-token", TimeSpan.FromMinutes(2));
        AddLeads(seeded, AccountA, 1);

        await seeded.Platform.SearchAsync(Query, null, 10, Ct);

        seeded.Received(LinkedInFake.TokenPath).Count.ShouldBe(1);
        LinkedInFake.Header(seeded.Received(LinkedInFake.ResponsesPath).ShouldHaveSingleItem(), "Authorization").ShouldBe("Bearer li-access-1");
    }

    [Fact]
    public async Task Reuses_a_token_until_shortly_before_it_expires()
    {
        AddLeads(fake, AccountA, 1);
        AddLeads(fake, AccountB, 1);

        await LinkedIn.SearchAsync(Query, null, 10, Ct);
        await LinkedIn.SearchAsync(Query, null, 10, Ct);

        // A 60-day token: five API calls, one refresh.
        fake.Received(LinkedInFake.TokenPath).Count.ShouldBe(1);
        fake.Received(LinkedInFake.ResponsesPath).Count.ShouldBe(4);
    }

    [Fact]
    public async Task A_token_inside_the_refresh_margin_is_renewed_at_every_use()
    {
        fake.TokenLifetimeSeconds = 60;
        AddLeads(fake, AccountA, 1);
        AddLeads(fake, AccountB, 1);

        await LinkedIn.SearchAsync(Query, null, 10, Ct);
        await LinkedIn.SearchAsync(Query, null, 10, Ct);

        // Two searches of two accounts, a form read once: five API calls, each with a token renewed just before it.
        fake.Received(LinkedInFake.TokenPath).Count.ShouldBe(5);
        fake.Received(LinkedInFake.ResponsesPath).Select(r => LinkedInFake.Header(r, "Authorization"))
            .ShouldBe(["Bearer li-access-1", "Bearer li-access-3", "Bearer li-access-4", "Bearer li-access-5"]);
    }

    [Fact]
    public async Task A_refresh_token_LinkedIn_hands_back_replaces_the_configured_one()
    {
        fake.TokenLifetimeSeconds = 60;
        fake.RotatesRefreshTokenTo = "AQX-refresh-rotated-2";
        AddLeads(fake, AccountA, 1);
        AddLeads(fake, AccountB, 1);

        await LinkedIn.SearchAsync(Query, null, 10, Ct);

        fake.Received(LinkedInFake.TokenPath).Select(r => LinkedInFake.FormBody(r)["refresh_token"])
            .ShouldBe([LinkedInFake.RefreshToken, "AQX-refresh-rotated-2", "AQX-refresh-rotated-2"]);
    }

    [Fact]
    public async Task Concurrent_searches_refresh_the_token_once()
    {
        AddLeads(fake, AccountA, 3);
        AddLeads(fake, AccountB, 2);
        fake.TokenDelay = TimeSpan.FromMilliseconds(300);

        var pages = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => LinkedIn.SearchAsync(Query, null, 10, Ct)));

        pages.ShouldAllBe(p => p.Profiles.Count == 5);
        fake.Received(LinkedInFake.TokenPath).Count.ShouldBe(1);
        fake.Received(LinkedInFake.ResponsesPath).ShouldAllBe(r => LinkedInFake.Header(r, "Authorization") == "Bearer li-access-1");
    }

    [Fact]
    public async Task A_refused_token_is_refreshed_once_and_the_call_repeated()
    {
        // A configured token LinkedIn no longer accepts (revoked): 401, one refresh, the same request again.
        using var revoked = WithConfiguredToken("li-revoked-token", TimeSpan.FromDays(30), revoked: true);
        AddLeads(revoked, AccountA, 2);

        var page = await revoked.Platform.SearchAsync(Query, null, 10, Ct);

        Ids([page]).ShouldBe(Expected((AccountA, 2)));
        revoked.Received(LinkedInFake.TokenPath).Count.ShouldBe(1);
        var attempts = revoked.Received(LinkedInFake.ResponsesPath);
        attempts.Select(r => LinkedInFake.Header(r, "Authorization")).ShouldBe(["Bearer li-revoked-token", "Bearer li-access-1"]);
        attempts.Select(r => r.RawQuery).Distinct().ShouldHaveSingleItem();
    }

    [Fact]
    public async Task A_token_refused_even_after_a_refresh_makes_the_platform_unavailable()
    {
        AddLeads(fake, AccountA, 1);
        fake.RefusesEveryToken = true;

        var failure = await Should.ThrowAsync<PlatformUnavailableException>(() => LinkedIn.SearchAsync(Query, null, 10, Ct));

        failure.Message.ShouldContain("401");
        failure.Message.ShouldContain("INVALID_ACCESS_TOKEN");
        fake.Received(LinkedInFake.TokenPath).Count.ShouldBe(2);
        fake.Received(LinkedInFake.ResponsesPath).Count.ShouldBe(2);
        foreach (var token in fake.IssuedTokens) failure.Message.ShouldNotContain(token);
    }

    [Fact]
    public async Task A_refused_refresh_token_makes_the_platform_unavailable_without_revealing_secrets()
    {
        using var expired = new LinkedInFake(new Dictionary<string, string?> { ["RefreshToken"] = "AQX-refresh-expired-0a1b" });
        AddLeads(expired, AccountA, 1);

        var failure = await Should.ThrowAsync<PlatformUnavailableException>(() => expired.Platform.SearchAsync(Query, null, 10, Ct));

        failure.Message.ShouldContain("invalid_grant");
        failure.Message.ShouldContain("RefreshToken"); // says what to do: the setting, never its value
        foreach (var secret in new[] { "AQX-refresh-expired-0a1b", LinkedInFake.ClientSecret, LinkedInFake.ClientId, "revoked" })
        {
            failure.Message.ShouldNotContain(secret, Case.Insensitive);
        }

        expired.Received(LinkedInFake.TokenPath).Count.ShouldBe(1); // a 400 is not retried
        expired.Received(LinkedInFake.ResponsesPath).ShouldBeEmpty();
    }

    [Fact]
    public async Task Follows_LinkedIns_pages_through_one_account_and_on_into_the_next_to_the_end()
    {
        fake.MaxCount = 2; // LinkedIn answers fewer than asked for: the platform keeps asking
        AddLeads(fake, AccountA, 5);
        AddLeads(fake, AccountB, 3);

        var page = await LinkedIn.SearchAsync(Query, null, 100, Ct);

        Ids([page]).ShouldBe(Expected((AccountA, 5), (AccountB, 3)));
        page.NextCursor.ShouldBeNull();
        fake.Received(LinkedInFake.ResponsesPath)
            .Select(r => $"{LinkedInFake.RawParameter(r, "owner")![^5..^1]}@{LinkedInFake.RawParameter(r, "start")}")
            .ShouldBe(["5001@0", "5001@2", "5001@4", "5002@0", "5002@2"]);
    }

    [Fact]
    public async Task Stops_at_the_page_size_and_resumes_exactly_where_it_stopped()
    {
        AddLeads(fake, AccountA, 5);
        AddLeads(fake, AccountB, 4);

        var pages = await AllPages(LinkedIn, pageSize: 3);

        pages.Select(p => p.Profiles.Count).ShouldBe([3, 3, 3]);
        Ids(pages).ShouldBe(Expected((AccountA, 5), (AccountB, 4))); // in order: none twice, none skipped
        pages[^1].NextCursor.ShouldBeNull();
        // Each request asks for what the page still has room for, so nothing is read and dropped.
        fake.Received(LinkedInFake.ResponsesPath)
            .Select(r => $"{LinkedInFake.RawParameter(r, "owner")![^5..^1]}@{LinkedInFake.RawParameter(r, "start")}+{LinkedInFake.RawParameter(r, "count")}")
            .ShouldBe(["5001@0+3", "5001@3+3", "5002@0+1", "5002@1+3"]);
    }

    [Fact]
    public async Task Maps_a_lead_forms_predefined_answers_into_a_profile()
    {
        fake.AddForm(Form);
        fake.AddLead(AccountA, "249592fc-d272-44ba-a7db-c2bdce579507-6", Form, Ada, Submitted);
        fake.AddLead(AccountA, "lead-sparse", Form, new LinkedInMember("Grace", "Hopper", Company: "Navy"), Submitted);

        var page = await LinkedIn.SearchAsync(Query, null, 10, Ct);

        page.Profiles[0].ShouldBe(new ProspectProfile(
            ExternalId: "249592fc-d272-44ba-a7db-c2bdce579507-6",
            Name: "Ada Lovelace",
            Title: "Chief Data Officer",
            Headline: "Chief Data Officer at Acme Analytics",
            Summary: "",
            Company: "Acme Analytics",
            CompanyDomain: "acme-analytics.com",
            Industry: null,
            Location: "Berlin, Germany",
            Skills: page.Profiles[0].Skills,
            ProfileUrl: "https://www.linkedin.com/in/ada-lovelace",
            Seniority: null));
        page.Profiles[0].Skills.ShouldBeEmpty();
        page.Profiles[1].ShouldBe(new ProspectProfile("lead-sparse", "Grace Hopper", "", "Navy", "", "Navy", null, null, "",
            page.Profiles[1].Skills, "", null));
        // Returned whatever the ICP: Lead Sync has no search, scoring decides who fits.
        page.Profiles.Count.ShouldBe(2);
    }

    [Fact]
    public async Task Accepted_consents_become_evidence_with_the_forms_own_texts()
    {
        fake.AddForm(Form,
            (0, "I agree that Acme may process my data to contact me about its products.", true),
            (1, "Send me Acme's monthly newsletter.", false));
        fake.AddLead(AccountA, "lead-both", Form, Ada, Submitted, (0, true), (1, true));
        fake.AddLead(AccountA, "lead-required-only", Form, Ada, Submitted.AddHours(1), (0, true), (1, false));
        fake.AddLead(AccountA, "lead-none", Form, Ada, Submitted.AddHours(2));
        fake.AddLead(AccountA, "lead-declined-required", Form, Ada, Submitted.AddHours(3), (0, false), (1, true));

        var page = await LinkedIn.SearchAsync(Query, null, 10, Ct);

        page.Profiles.Select(p => p.ExternalId).ShouldBe(["lead-both", "lead-required-only", "lead-none", "lead-declined-required"]);
        var consents = page.Consents.ShouldNotBeNull();
        consents.Keys.ShouldBe(["lead-both", "lead-required-only"], ignoreOrder: true);

        var both = consents["lead-both"];
        both.Source.ShouldBe("linkedin-lead-form");
        both.Reference.ShouldBe(LinkedInFake.FormUrn(Form));
        both.GivenAt.ShouldBe(Submitted);
        both.Statements.ShouldBe([
            "I agree that Acme may process my data to contact me about its products.: accepted",
            "Send me Acme's monthly newsletter.: accepted",
        ]);
        consents["lead-required-only"].Statements.ShouldBe(["I agree that Acme may process my data to contact me about its products.: accepted"]);
        consents["lead-required-only"].GivenAt.ShouldBe(Submitted.AddHours(1));

        fake.Received("/rest/leadForms/").ShouldHaveSingleItem().Path.ShouldBe($"/rest/leadForms/{Form}");
    }

    [Fact]
    public async Task Waits_out_Retry_After_on_429_then_succeeds()
    {
        AddLeads(fake, AccountA, 2);
        fake.Server.Given(Request.Create().WithPath(LinkedInFake.ResponsesPath).UsingGet()).InScenario("throttle").WillSetStateTo("drained")
            .RespondWith(Response.Create().WithCallback(_ => LinkedInFake.Json(429,
                """{"status":429,"serviceErrorCode":101,"code":"TOO_MANY_REQUESTS","message":"Resource level throttle limit for calls to this resource is reached"}""",
                retryAfter: "1")));

        var page = await LinkedIn.SearchAsync(Query, null, 10, Ct);

        Ids([page]).ShouldBe(Expected((AccountA, 2)));
        var attempts = LeadRequests(fake, AccountA);
        attempts.Count.ShouldBe(2);
        (attempts[1].DateTime - attempts[0].DateTime).ShouldBeGreaterThan(TimeSpan.FromMilliseconds(900));
    }

    [Fact]
    public async Task Throttled_beyond_the_retries_is_a_rate_limited_failure()
    {
        using var strict = new LinkedInFake(new Dictionary<string, string?> { ["Retry:MaxRetries"] = "1" });
        AddLeads(strict, AccountA, 1);
        strict.Server.Given(Request.Create().WithPath(LinkedInFake.ResponsesPath).UsingGet())
            .RespondWith(Response.Create().WithCallback(_ => LinkedInFake.Json(429, """{"status":429,"code":"TOO_MANY_REQUESTS"}""", "1")));

        var failure = await Should.ThrowAsync<ProviderFailure>(() => strict.Platform.SearchAsync(Query, null, 10, Ct));

        failure.Kind.ShouldBe(ProviderFailureKind.RateLimited);
        failure.RetryAfter.ShouldBe(TimeSpan.FromSeconds(1));
        strict.Received(LinkedInFake.ResponsesPath).Count.ShouldBe(2);
    }

    [Fact]
    public async Task A_server_error_is_retried()
    {
        AddLeads(fake, AccountA, 2);
        fake.Server.Given(Request.Create().WithPath(LinkedInFake.ResponsesPath).UsingGet()).InScenario("flaky").WillSetStateTo("up")
            .RespondWith(Response.Create().WithCallback(_ => LinkedInFake.Json(500, """{"status":500,"message":"Internal Server Error"}""")));

        var page = await LinkedIn.SearchAsync(Query, null, 10, Ct);

        Ids([page]).ShouldBe(Expected((AccountA, 2)));
        LeadRequests(fake, AccountA).Count.ShouldBe(2);
        fake.Received(LinkedInFake.TokenPath).Count.ShouldBe(1);
    }

    [Fact]
    public async Task An_answer_slower_than_the_timeout_is_a_transient_failure()
    {
        using var impatient = new LinkedInFake(new Dictionary<string, string?> { ["TimeoutSeconds"] = "0.2", ["TotalTimeoutSeconds"] = "1" });
        AddLeads(impatient, AccountA, 1);
        impatient.Server.Given(Request.Create().WithPath(LinkedInFake.ResponsesPath).UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json")
                .WithBody("""{"paging":{"start":0,"count":10,"total":0,"links":[]},"elements":[]}""").WithDelay(TimeSpan.FromSeconds(3)));
        var clock = Stopwatch.StartNew();

        var failure = await Should.ThrowAsync<ProviderFailure>(() => impatient.Platform.SearchAsync(Query, null, 10, Ct));

        failure.Kind.ShouldBe(ProviderFailureKind.Transient);
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(2.5));
    }

    [Fact]
    public async Task An_ad_account_the_member_may_not_read_makes_the_platform_unavailable()
    {
        using var denied = new LinkedInFake(null, "urn:li:sponsoredAccount:9999");
        denied.DenyAccount("9999");

        var failure = await Should.ThrowAsync<PlatformUnavailableException>(() => denied.Platform.SearchAsync(Query, null, 10, Ct));

        failure.Message.ShouldContain("403");
        failure.Message.ShouldContain("ACCESS_DENIED");
        failure.Message.ShouldNotContain("partnerApiLeadFormResponses"); // LinkedIn's message is not repeated
        denied.Received(LinkedInFake.ResponsesPath).Count.ShouldBe(1); // refused for good: not retried
    }

    [Fact]
    public async Task A_cursor_into_an_account_no_longer_configured_makes_the_platform_unavailable()
    {
        AddLeads(fake, AccountA, 1);
        AddLeads(fake, AccountB, 3);
        var first = await LinkedIn.SearchAsync(Query, null, 2, Ct); // stops inside account B
        using var reconfigured = new LinkedInFake(null, AccountA);

        await Should.ThrowAsync<PlatformUnavailableException>(() => reconfigured.Platform.SearchAsync(Query, first.NextCursor, 2, Ct));
    }

    [Fact]
    public async Task Tokens_and_secrets_never_reach_the_logs()
    {
        using var revoked = WithConfiguredToken("li-revoked-token", TimeSpan.FromDays(30), revoked: true);
        AddLeads(revoked, AccountA, 2);
        await revoked.Platform.SearchAsync(Query, null, 10, Ct); // 401, refresh, retry
        revoked.RefusesEveryToken = true;
        await Should.ThrowAsync<PlatformUnavailableException>(() => revoked.Platform.SearchAsync(Query, null, 10, Ct));

        revoked.Logs.Lines.ShouldContain(line => line.Contains("LinkedIn access token refreshed", StringComparison.Ordinal));
        string[] secrets = ["li-revoked-token", LinkedInFake.RefreshToken, LinkedInFake.ClientSecret, .. revoked.IssuedTokens];
        secrets.Length.ShouldBeGreaterThan(3);
        foreach (var line in revoked.Logs.Lines)
        {
            foreach (var secret in secrets) line.ShouldNotContain(secret);
        }
    }

    [Fact]
    public void Is_registered_only_with_its_credentials()
    {
        static IEnumerable<string> Platforms(Dictionary<string, string?> settings)
        {
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
            var services = new ServiceCollection().AddLogging().AddLinkedInPlatform(configuration).BuildServiceProvider();
            return services.GetServices<IProspectingPlatform>().Select(p => p.Name);
        }

        var complete = new Dictionary<string, string?>
        {
            ["Providers:LinkedIn:ClientId"] = "id",
            ["Providers:LinkedIn:ClientSecret"] = "secret",
            ["Providers:LinkedIn:RefreshToken"] = "refresh",
            ["Providers:LinkedIn:SponsoredAccounts:0"] = "507404993",
        };
        Platforms(complete).ShouldBe(["linkedin"]);
        Platforms(new Dictionary<string, string?>(complete) { ["Providers:LinkedIn:ClientSecret"] = "" }).ShouldBeEmpty();
        Platforms([]).ShouldBeEmpty();

        Should.Throw<InvalidOperationException>(() => Platforms(new Dictionary<string, string?>(complete) { ["Providers:LinkedIn:SponsoredAccounts:0"] = null }))
            .Message.ShouldContain("SponsoredAccounts");
        Should.Throw<InvalidOperationException>(() => Platforms(new Dictionary<string, string?>(complete) { ["Providers:LinkedIn:SponsoredAccounts:0"] = "urn:li:organization:1" }))
            .Message.ShouldContain("SponsoredAccounts:0");
    }
}
