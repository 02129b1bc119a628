using System.Net;
using WireMock.RequestBuilders;
using WireMock.Server;
using FakeResponse = WireMock.ResponseBuilders.Response;

namespace LeadGen.Api.Tests;

/// <summary>A campaign over two platforms: Facebook Lead Ads (a local fake of the Graph API with three form leads) and
/// LinkedIn, whose OAuth server refuses our refresh token. LinkedIn's share fails and says why; Facebook's goes on to
/// the end, and its leads are processed on the basis of the consent they gave.</summary>
public class PlatformCampaignTests
{
    [Fact]
    public async Task A_refused_platform_fails_only_its_share_and_form_leads_carry_their_consent()
    {
        using var graph = WireMockServer.Start();
        graph.Given(Request.Create().WithPath("/v21.0/form-1/leads").UsingGet()).RespondWith(FakeResponse.Create().WithStatusCode(200)
            .WithHeader("Content-Type", "application/json").WithBody("""
                {"data":[
                  {"id":"lead-1","created_time":"2026-11-20T10:00:00+0000","form_id":"form-1","field_data":[
                    {"name":"full_name","values":["Ada Lovelace"]},{"name":"job_title","values":["Data Engineer"]},
                    {"name":"company_name","values":["Analytical Engines"]},{"name":"city","values":["London"]}],
                   "custom_disclaimer_responses":[{"checkbox_key":"marketing","is_checked":"1"}]},
                  {"id":"lead-2","created_time":"2026-11-21T10:00:00+0000","form_id":"form-1","field_data":[
                    {"name":"full_name","values":["Grace Hopper"]},{"name":"job_title","values":["Software Engineer"]},
                    {"name":"company_name","values":["Navy Computing"]}]},
                  {"id":"lead-3","created_time":"2026-11-22T10:00:00+0000","form_id":"form-1","field_data":[
                    {"name":"full_name","values":["Pat Baker"]},{"name":"job_title","values":["Pastry Chef"]}]}
                ],"paging":{"cursors":{"before":"a","after":"b"}}}
                """));
        using var linkedIn = WireMockServer.Start();
        linkedIn.Given(Request.Create().WithPath("/oauth/v2/accessToken").UsingPost()).RespondWith(FakeResponse.Create().WithStatusCode(400)
            .WithHeader("Content-Type", "application/json")
            .WithBody("""{"error":"invalid_grant","error_description":"The provided authorization grant is invalid or expired"}"""));

        await using var host = await CustomHost.Start("platforms", new Dictionary<string, string>
        {
            ["Providers:Facebook:AccessToken"] = "fb-page-token", ["Providers:Facebook:BaseUrl"] = graph.Url + "/v21.0/",
            ["Providers:Facebook:Forms:0"] = "form-1",
            ["Providers:LinkedIn:ClientId"] = "client", ["Providers:LinkedIn:ClientSecret"] = "secret",
            ["Providers:LinkedIn:RefreshToken"] = "revoked-refresh-token", ["Providers:LinkedIn:SponsoredAccounts:0"] = "507404993",
            ["Providers:LinkedIn:TokenUrl"] = linkedIn.Url + "/oauth/v2/accessToken", ["Providers:LinkedIn:BaseUrl"] = linkedIn.Url + "/rest/",
        });
        var api = host.Client(0);
        var icp = await api.CreateIcp(Scenarios.SoftwareAndDataIcp());
        var started = (await api.Post("/api/v1/prospecting/campaigns",
            new { icpId = icp, platforms = new[] { "facebook", "linkedin" }, maxProspects = 50, minMatchScore = 0.5 }))
            .ShouldHave(HttpStatusCode.Accepted);
        var campaign = started.Json.GetProperty("id").GetGuid();

        var done = await api.WaitUntilSettled(campaign);
        done.GetProperty("status").GetString().ShouldBe("completed");
        var outcomes = done.GetProperty("platformOutcomes");
        outcomes.GetProperty("linkedin").GetString().ShouldStartWith("failed");
        outcomes.GetProperty("linkedin").GetString()!.ShouldNotContain("revoked-refresh-token");
        outcomes.GetProperty("facebook").GetString().ShouldBe("exhausted");

        var prospects = await api.AllProspects(campaign);
        prospects.Count(p => p.GetProperty("platform").GetString() == "facebook").ShouldBe(3);
        var ada = prospects.Single(p => p.GetProperty("name").GetString() == "Ada Lovelace");
        var details = (await api.Get($"/api/v1/prospecting/prospects/{ada.GetProperty("id").GetGuid()}")).ShouldHave(HttpStatusCode.OK).Json;
        details.GetProperty("profile").GetProperty("title").GetString().ShouldBe("Data Engineer");
        // A form lead is processed on the basis of the consent the person gave, with its evidence.
        await using var session = host.Host.Services.GetRequiredService<Marten.IDocumentStore>().QuerySession(AppFixture.TenantName(0));
        var found = (await session.Events.FetchStreamAsync(ada.GetProperty("id").GetGuid(), token: TestContext.Current.CancellationToken))
            .Select(e => e.Data).OfType<LeadGen.Domain.Prospects.ProspectDiscovered>().Single();
        found.Source.LawfulBasis.ShouldBe("consent");
        found.Source.Consent.ShouldNotBeNull().Reference.ShouldBe("form-1");
        ada.GetProperty("score").GetDouble().ShouldBeGreaterThan(prospects.Single(p => p.GetProperty("name").GetString() == "Pat Baker")
            .GetProperty("score").GetDouble());
    }
}
