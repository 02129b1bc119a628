using System.Net;
using System.Text.Json;

namespace LeadGen.Api.Tests;

/// <summary>Live progress as Server-Sent Events: a client that opens the stream when a campaign starts sees its counts
/// grow and the stream end with the settled campaign.</summary>
public class CampaignProgressTests(AppFixture app)
{
    [Fact]
    public async Task The_event_stream_reports_growing_counts_until_the_campaign_completes()
    {
        var api = app.Client(36);
        var campaign = await api.StartCampaign(await api.CreateIcp(), maxProspects: 120, minMatchScore: 0.5);

        var response = (await api.Get($"/api/v1/prospecting/campaigns/{campaign}/events")).ShouldHave(HttpStatusCode.OK);
        response.MediaType.ShouldBe("text/event-stream");
        var events = response.Body.Split('\n').Where(l => l.StartsWith("data: ")).Select(l => JsonDocument.Parse(l[6..]).RootElement).ToList();
        response.Body.ShouldContain("event: progress");
        events.Count.ShouldBeGreaterThanOrEqualTo(2);
        var discovered = events.Select(e => e.GetProperty("discovered").GetInt32()).ToList();
        discovered.ShouldBe(discovered.Order().ToList()); // never goes back
        events[^1].GetProperty("status").GetString().ShouldBe("completed");
        events[^1].GetProperty("discovered").GetInt32().ShouldBe(120);
        events.Take(events.Count - 1).ShouldAllBe(e => e.GetProperty("status").GetString() == "running");

        (await api.Get($"/api/v1/prospecting/campaigns/{Guid.NewGuid()}/events")).ShouldBeProblem(HttpStatusCode.NotFound);
        (await app.Client(37).Get($"/api/v1/prospecting/campaigns/{campaign}/events")).ShouldBeProblem(HttpStatusCode.NotFound);
    }
}
