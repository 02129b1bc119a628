using System.Diagnostics;
using LeadGen.Application.Pipeline;
using LeadGen.Application.Ports;
using LeadGen.Domain.Icps;
using LeadGen.Domain.Prospects;
using LeadGen.Infrastructure.Platforms.Facebook;
using Microsoft.Extensions.DependencyInjection;

namespace LeadGen.Providers.Tests.Platforms;

/// <summary>Facebook Lead Ads through Graph v21.0 as documented: <c>GET /{form-id}/leads</c> paged by
/// <c>paging.cursors.after</c> with <c>paging.next</c> while more remain; leads as <c>field_data</c> and
/// <c>custom_disclaimer_responses</c>; errors as <c>{"error":{message,type,code,error_subcode,fbtrace_id}}</c>, mostly
/// with HTTP 400, where 190 is an expired token and 4, 17, 32, 613 are throttling.</summary>
public sealed class FacebookLeadAdsPlatformTests : IDisposable
{
    private const string FormA = "1203948571";
    private const string FormB = "1203948572";
    private const string FormEmpty = "1203948573";

    private static readonly PlatformQuery Anyone = new(IcpCriteria.None, "Data engineers");
    private static readonly DateTimeOffset Monday = new(2025, 3, 3, 9, 30, 0, TimeSpan.Zero);

    private readonly FacebookGraphFake fake = new([FormA, FormB]);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => fake.Dispose();

    private static FakeLead Lead(string id, int minutes = 0) =>
        new(id, Monday.AddMinutes(minutes), new Dictionary<string, string> { ["full_name"] = $"Person {id}", ["job_title"] = "Data Engineer" });

    private static FakeLead[] Leads(string prefix, int count) => [.. Enumerable.Range(1, count).Select(i => Lead($"{prefix}{i}", i))];

    /// <summary>Every page until the platform says there is no more, as the discovery handler asks for them.</summary>
    private static async Task<List<PlatformPage>> ReadAll(IProspectingPlatform platform, int pageSize)
    {
        var pages = new List<PlatformPage>();
        string? cursor = null;
        do
        {
            var page = await platform.SearchAsync(Anyone, cursor, pageSize, Ct);
            pages.Add(page);
            cursor = page.NextCursor;
        } while (cursor is not null && pages.Count < 50);

        return pages;
    }

    [Fact]
    public async Task Reads_every_lead_of_every_form_across_Graph_pages_to_the_end()
    {
        fake.MaxPageSize = 2;
        fake.HasLeads(FormA, Leads("a", 5));
        fake.HasLeads(FormB, Leads("b", 3));

        var page = await fake.Platform.SearchAsync(Anyone, null, 100, Ct);

        page.Profiles.Select(p => p.ExternalId).ShouldBe(["a1", "a2", "a3", "a4", "a5", "b1", "b2", "b3"]);
        page.NextCursor.ShouldBeNull();
        var requests = fake.Received();
        requests.Select(FacebookGraphFake.FormOf).ShouldBe([FormA, FormA, FormA, FormB, FormB]);
        // Each Graph page after the first starts at the cursor the previous one ended with.
        requests.Select(r => FacebookGraphFake.Param(r, "after") is null).ShouldBe([true, false, false, true, false]);
        foreach (var request in requests)
        {
            FacebookGraphFake.Param(request, "fields").ShouldBe("created_time,field_data,form_id,custom_disclaimer_responses");
            request.Headers!["Authorization"].ShouldBe([$"Bearer {FacebookGraphFake.Token}"]);
            request.Query!.ContainsKey("access_token").ShouldBeFalse();
        }
    }

    [Fact]
    public async Task Stops_at_the_page_size_and_resumes_exactly_where_it_stopped()
    {
        using var threeForms = new FacebookGraphFake([FormA, FormEmpty, FormB]) { MaxPageSize = 2 };
        threeForms.HasLeads(FormA, Leads("a", 5));
        threeForms.HasLeads(FormB, Leads("b", 4));

        var pages = await ReadAll(threeForms.Platform, pageSize: 3);

        pages.Select(p => p.Profiles.Count).ShouldBe([3, 3, 3]);
        pages.SelectMany(p => p.Profiles).Select(p => p.ExternalId)
            .ShouldBe(["a1", "a2", "a3", "a4", "a5", "b1", "b2", "b3", "b4"]);
        pages[^1].NextCursor.ShouldBeNull();
        // Graph is never asked for more than still fits, so its cursor after the last lead taken is where the next page
        // starts: nothing read twice, nothing skipped.
        threeForms.Received().ShouldAllBe(r => int.Parse(FacebookGraphFake.Param(r, "limit")!) <= 3);
    }

    [Fact]
    public async Task A_page_asked_again_with_the_same_cursor_is_the_same_page()
    {
        fake.HasLeads(FormA, Leads("a", 4));
        fake.HasLeads(FormB, Leads("b", 2));
        var first = await fake.Platform.SearchAsync(Anyone, null, 3, Ct);

        var second = await fake.Platform.SearchAsync(Anyone, first.NextCursor, 3, Ct);
        var again = await fake.Platform.SearchAsync(Anyone, first.NextCursor, 3, Ct);

        second.Profiles.Select(p => p.ExternalId).ShouldBe(["a4", "b1", "b2"]);
        again.Profiles.ShouldBe(second.Profiles);
        again.NextCursor.ShouldBe(second.NextCursor);
    }

    [Fact]
    public async Task Maps_the_forms_answers_to_the_profile()
    {
        fake.HasLeads(FormA,
            new FakeLead("lead-1", Monday, new Dictionary<string, string>
            {
                ["full_name"] = "Ada Lovelace", ["email"] = "ada@example.com", ["job_title"] = "Head of Data", ["company_name"] = "Acme Analytics",
                ["city"] = "London", ["country"] = "GB", ["what_is_your_budget?"] = "50k",
            }),
            new FakeLead("lead-2", Monday, new Dictionary<string, string> { ["first_name"] = "Grace", ["LAST_NAME"] = "Hopper" }));

        var page = await fake.Platform.SearchAsync(Anyone, null, 10, Ct);

        page.Profiles[0].ShouldBe(new ProspectProfile("lead-1", "Ada Lovelace", "Head of Data", "Head of Data at Acme Analytics", "",
            "Acme Analytics", null, null, "London, GB", [], "", null), new ProfileComparer());
        page.Profiles[1].ShouldBe(new ProspectProfile("lead-2", "Grace Hopper", "", "", "", "", null, null, "", [], "", null), new ProfileComparer());
    }

    [Fact]
    public async Task Each_lead_carries_the_consent_its_submission_recorded()
    {
        fake.HasLeads(FormA,
            new FakeLead("lead-1", Monday, new Dictionary<string, string> { ["full_name"] = "Ada Lovelace" },
                [("marketing_optin", "1"), ("partner_sharing", "")]),
            new FakeLead("lead-2", Monday.AddHours(1), new Dictionary<string, string> { ["full_name"] = "Grace Hopper" }));

        var page = await fake.Platform.SearchAsync(Anyone, null, 10, Ct);

        var consents = page.Consents.ShouldNotBeNull();
        var ada = consents["lead-1"];
        ada.Source.ShouldBe("facebook-lead-ad");
        ada.Reference.ShouldBe(FormA);
        ada.GivenAt.ShouldBe(Monday);
        ada.Statements.ShouldBe(["marketing_optin: checked", "partner_sharing: not checked"]);
        var grace = consents["lead-2"];
        grace.GivenAt.ShouldBe(Monday.AddHours(1));
        grace.Statements.ShouldBe([$"Submitted lead form {FormA}"]);
    }

    [Theory]
    [InlineData(400)]
    [InlineData(401)]
    public async Task An_expired_token_makes_the_platform_unavailable_without_retries_or_the_token(int status)
    {
        fake.HasLeads(FormA, Leads("a", 2));
        fake.Answer(status, FacebookGraphFake.Error(190, $"Error validating access token: Session has expired. Token {FacebookGraphFake.Token}", 463));

        var unavailable = await Should.ThrowAsync<PlatformUnavailableException>(() => fake.Platform.SearchAsync(Anyone, null, 10, Ct));

        unavailable.Message.ShouldStartWith("facebook:");
        unavailable.Message.ShouldContain("Graph error 190/463");
        unavailable.Message.ShouldNotContain(FacebookGraphFake.Token);
        unavailable.Message.ShouldNotContain("Session has expired");
        fake.Received().Count.ShouldBe(1);
    }

    [Fact]
    public async Task The_Graph_client_reports_an_expired_token_as_a_permanent_failure()
    {
        fake.Answer(400, FacebookGraphFake.Error(190, "Error validating access token"));

        var failure = await Should.ThrowAsync<ProviderFailure>(() => fake.Graph.ReadLeadsAsync(FormA, null, 10, Ct));

        failure.Kind.ShouldBe(ProviderFailureKind.Permanent);
        failure.Provider.ShouldBe("facebook");
        failure.Reason.ShouldContain("renew Providers:Facebook:AccessToken");
    }

    [Theory]
    [InlineData(4, 400)]
    [InlineData(17, 400)]
    [InlineData(32, 403)]
    [InlineData(613, 400)]
    [InlineData(80005, 400)]
    public async Task A_Graph_throttle_is_handed_back_at_once_as_rate_limited(int code, int status)
    {
        fake.HasLeads(FormA, Leads("a", 2));
        fake.Answer(status, FacebookGraphFake.Error(code, "(#4) Application request limit reached", type: "OAuthException"));

        var failure = await Should.ThrowAsync<ProviderFailure>(() => fake.Platform.SearchAsync(Anyone, null, 10, Ct));

        failure.Kind.ShouldBe(ProviderFailureKind.RateLimited);
        failure.RetryAfter.ShouldBe(FacebookGraphFailures.DefaultThrottleWait);
        failure.Reason.ShouldContain($"Graph error {code}");
        // Meta's throttling windows last an hour: retrying within milliseconds would only spend more of the budget.
        fake.Received().Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_Graph_throttle_with_Retry_After_carries_it()
    {
        fake.Answer(400, FacebookGraphFake.Error(613, "Calls to this api have exceeded the rate limit."), retryAfter: "120");

        var failure = await Should.ThrowAsync<ProviderFailure>(() => fake.Platform.SearchAsync(Anyone, null, 10, Ct));

        failure.Kind.ShouldBe(ProviderFailureKind.RateLimited);
        failure.RetryAfter.ShouldBe(TimeSpan.FromSeconds(120));
    }

    [Fact]
    public async Task Waits_out_Retry_After_on_429_then_succeeds()
    {
        fake.HasLeads(FormA, Leads("a", 2));
        fake.Answer(429, FacebookGraphFake.Error(4, "(#4) Application request limit reached"), retryAfter: "1");

        var page = await fake.Platform.SearchAsync(Anyone, null, 10, Ct);

        page.Profiles.Count.ShouldBe(2);
        var attempts = fake.Received();
        attempts.Count.ShouldBe(3); // the throttled attempt, its retry, then form B
        (attempts[1].DateTime - attempts[0].DateTime).ShouldBeGreaterThan(TimeSpan.FromMilliseconds(900));
    }

    [Fact]
    public async Task Being_throttled_beyond_the_retries_is_rate_limited_with_Retry_After()
    {
        for (var i = 0; i < 4; i++) fake.Answer(429, FacebookGraphFake.Error(4, "(#4) Application request limit reached"), retryAfter: "1");

        var failure = await Should.ThrowAsync<ProviderFailure>(() => fake.Platform.SearchAsync(Anyone, null, 10, Ct));

        failure.Kind.ShouldBe(ProviderFailureKind.RateLimited);
        failure.RetryAfter.ShouldBe(TimeSpan.FromSeconds(1));
        fake.Received().Count.ShouldBe(4); // the first attempt and three retries
    }

    [Fact]
    public async Task A_server_error_is_retried()
    {
        fake.HasLeads(FormA, Leads("a", 2));
        fake.Answer(500, FacebookGraphFake.Error(2, "An unexpected error has occurred. Please retry your request later.", type: "OAuthException"));

        var page = await fake.Platform.SearchAsync(Anyone, null, 10, Ct);

        page.Profiles.Select(p => p.ExternalId).ShouldBe(["a1", "a2"]);
        fake.Received().Select(FacebookGraphFake.FormOf).ShouldBe([FormA, FormA, FormB]);
    }

    [Fact]
    public async Task Graph_slower_than_the_timeout_is_a_transient_failure()
    {
        using var impatient = new FacebookGraphFake([FormA], new Dictionary<string, string?>
        {
            ["TimeoutSeconds"] = "0.2",
            ["TotalTimeoutSeconds"] = "1",
        }) { Delay = TimeSpan.FromSeconds(3) };
        var clock = Stopwatch.StartNew();

        var failure = await Should.ThrowAsync<ProviderFailure>(() => impatient.Platform.SearchAsync(Anyone, null, 10, Ct));

        failure.Kind.ShouldBe(ProviderFailureKind.Transient);
        failure.Reason.ShouldContain("timed out");
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(2.5));
    }

    [Fact]
    public async Task The_access_token_is_never_logged_nor_put_in_a_url()
    {
        fake.HasLeads(FormA, Leads("a", 2));
        await fake.Platform.SearchAsync(Anyone, null, 10, Ct);
        fake.Answer(400, FacebookGraphFake.Error(190, $"Malformed access token {FacebookGraphFake.Token}"));
        await Should.ThrowAsync<PlatformUnavailableException>(() => fake.Platform.SearchAsync(Anyone, null, 10, Ct));

        fake.Logs.Lines.ShouldNotContain(line => line.StartsWith("System.Net.Http.HttpClient.facebook", StringComparison.Ordinal));
        fake.Logs.Lines.ShouldAllBe(line => !line.Contains(FacebookGraphFake.Token, StringComparison.Ordinal));
        fake.Received().ShouldAllBe(r => !r.Url.Contains(FacebookGraphFake.Token, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_cursor_for_a_form_no_longer_configured_makes_the_platform_unavailable()
    {
        fake.HasLeads(FormA, Leads("a", 3));
        var first = await fake.Platform.SearchAsync(Anyone, null, 2, Ct);
        using var reconfigured = new FacebookGraphFake([FormB]);

        await Should.ThrowAsync<PlatformUnavailableException>(() => reconfigured.Platform.SearchAsync(Anyone, first.NextCursor, 2, Ct));
        await Should.ThrowAsync<ArgumentException>(() => fake.Platform.SearchAsync(Anyone, "not-a-cursor", 2, Ct));
    }

    [Fact]
    public void Without_an_access_token_no_facebook_platform_is_registered()
    {
        using var services = FacebookGraphFake.Services(new Dictionary<string, string?> { ["Forms:0"] = FormA });

        services.GetServices<IProspectingPlatform>().ShouldBeEmpty();
    }

    [Fact]
    public void An_access_token_without_forms_stops_the_start_up()
    {
        var refused = Should.Throw<InvalidOperationException>(() =>
            FacebookGraphFake.Services(new Dictionary<string, string?> { ["AccessToken"] = FacebookGraphFake.Token }).Dispose());

        refused.Message.ShouldContain("Providers:Facebook:Forms");
        refused.Message.ShouldNotContain(FacebookGraphFake.Token);
    }

    /// <summary>Records compare their lists by reference; profiles are equal when their contents are.</summary>
    private sealed class ProfileComparer : IEqualityComparer<ProspectProfile>
    {
        private static readonly string[] NoSkills = [];

        public bool Equals(ProspectProfile? x, ProspectProfile? y) =>
            x is not null && y is not null && x with { Skills = NoSkills } == y with { Skills = NoSkills } && x.Skills.SequenceEqual(y.Skills);

        public int GetHashCode(ProspectProfile obj) => obj.ExternalId.GetHashCode(StringComparison.Ordinal);
    }
}
