using System.Net;
using LeadGen.Domain.Prospects;
using WireMock.RequestBuilders;
using FakeResponse = WireMock.ResponseBuilders.Response;
using WireMock.Server;

namespace LeadGen.Api.Tests;

/// <summary>A host whose email waterfall is Hunter, played by a local fake of Hunter's API that refuses our key: the
/// prospects that reach enrichment fail with the reason, nothing else does, and the campaign still completes.</summary>
public class ProviderOutageTests
{
    [Fact]
    public async Task A_provider_refusing_our_key_fails_only_the_prospects_that_needed_it_and_the_campaign_completes()
    {
        using var hunter = WireMockServer.Start();
        hunter.Given(Request.Create().WithPath("/v2/email-finder").UsingGet())
            .RespondWith(FakeResponse.Create().WithStatusCode(401).WithHeader("Content-Type", "application/json")
                .WithBody("""{"errors":[{"id":"authentication_failed","code":401,"details":"No user found for the API key supplied"}]}"""));
        await using var host = await CustomHost.Start("outage", new Dictionary<string, string>
        {
            ["Providers:Hunter:ApiKey"] = "revoked-key", ["Providers:Hunter:BaseUrl"] = hunter.Url!, ["Enrichment:Email:0"] = "hunter",
        });
        var api = host.Client(0);
        var campaignId = await api.StartCampaign(await api.CreateIcp(), maxProspects: 30, minMatchScore: 0.5);

        var done = await api.WaitUntilSettled(campaignId);

        done.GetProperty("status").GetString().ShouldBe("completed");
        var prospects = await api.AllProspects(campaignId);
        var failed = prospects.Where(p => p.GetProperty("stage").GetString() == "failed").ToList();
        failed.Count.ShouldBe(prospects.Count(p => p.GetProperty("score").GetDouble() >= 0.5));
        failed.ShouldNotBeEmpty();
        prospects.ShouldAllBe(p => p.GetProperty("stage").GetString() == "failed" || p.GetProperty("stage").GetString() == "rejected");

        var details = (await api.Get($"/api/v1/prospecting/prospects/{failed[0].GetProperty("id").GetGuid()}")).ShouldHave(HttpStatusCode.OK).Json;
        var reason = details.GetProperty("campaigns")[0].GetProperty("reason").GetString();
        reason.ShouldNotBeNull().ShouldContain("401");
        reason.ShouldNotContain(failed[0].GetProperty("name").GetString()!);
        // A refusal is permanent: each prospect was asked about once, never retried.
        hunter.LogEntries.Count().ShouldBe(failed.Count);
    }

    [Fact]
    public async Task A_throttled_provider_is_asked_again_after_its_Retry_After_and_nobody_fails()
    {
        const int throttled = 6;
        var calls = 0;
        using var hunter = WireMockServer.Start();
        hunter.Given(Request.Create().WithPath("/v2/email-finder").UsingGet()).RespondWith(FakeResponse.Create().WithCallback(_ =>
        {
            var n = Interlocked.Increment(ref calls);
            return n <= throttled
                ? FakeAnswer.Json(429, """{"errors":[{"id":"too_many_requests","code":429,"details":"You have reached the rate limit."}]}""", retryAfter: "3")
                : FakeAnswer.Json(200, """{"data":{"first_name":"x","last_name":"y","email":null,"score":null,"domain":"example.com"},"meta":{}}""");
        }));
        await using var host = await CustomHost.Start("throttle", new Dictionary<string, string>
        {
            ["Providers:Hunter:ApiKey"] = "test-key", ["Providers:Hunter:BaseUrl"] = hunter.Url!,
            // Retry-After (3 s) beyond what the pipeline waits in-process: the message must be rescheduled instead.
            ["Providers:Hunter:Retry:MaxRetryAfterSeconds"] = "0.5",
            ["Enrichment:Email:0"] = "hunter", ["Enrichment:Email:1"] = "local",
        });
        var api = host.Client(0);
        var campaignId = await api.StartCampaign(await api.CreateIcp(), maxProspects: 10, minMatchScore: 0.5);

        (await api.WaitUntilSettled(campaignId)).GetProperty("status").GetString().ShouldBe("completed");

        var prospects = await api.AllProspects(campaignId);
        prospects.ShouldNotContain(p => p.GetProperty("stage").GetString() == "failed");
        calls.ShouldBeGreaterThan(throttled);
        // Each throttled person was asked again only after the Retry-After the provider gave, not on a fixed cooldown.
        var byPerson = hunter.LogEntries.Select(e => e.RequestMessage!)
            .GroupBy(r => r.RawQuery)
            .Select(g => g.OrderBy(r => r.DateTime).ToList()).Where(g => g.Count > 1).ToList();
        byPerson.ShouldNotBeEmpty();
        byPerson.ShouldAllBe(g => (g[1].DateTime - g[0].DateTime) >= TimeSpan.FromSeconds(2.9));
    }
}
