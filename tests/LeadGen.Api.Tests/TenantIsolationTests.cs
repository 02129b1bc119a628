using System.Net;

namespace LeadGen.Api.Tests;

/// <summary>Every endpoint that takes an id answers another tenant's id exactly as an unknown one (404), whatever the
/// role, and no list shows another tenant's items.</summary>
public class TenantIsolationTests(AppFixture app)
{
    [Fact]
    public async Task Another_tenants_ids_are_not_found_on_any_endpoint_and_lists_never_leak()
    {
        var owner = app.Client(24);
        var icp = await owner.CreateIcp();
        var campaign = await owner.StartCampaign(icp, maxProspects: 5);
        await owner.WaitUntilSettled(campaign);
        var prospect = (await owner.AllProspects(campaign))[0].GetProperty("id").GetGuid();
        var profiles = new { profiles = new[] { new { externalId = "x", title = "Data Engineer" } } };

        var requests = new (HttpMethod Method, string Url, object? Body)[]
        {
            (HttpMethod.Get, $"/api/v1/icps/{icp}", null),
            (HttpMethod.Put, $"/api/v1/icps/{icp}", Scenarios.DataEngineerIcp()),
            (HttpMethod.Delete, $"/api/v1/icps/{icp}", null),
            (HttpMethod.Post, $"/api/v1/icps/{icp}/archive", null),
            (HttpMethod.Get, $"/api/v1/icps/{icp}/versions", null),
            (HttpMethod.Post, $"/api/v1/icps/{icp}/match", profiles),
            (HttpMethod.Get, $"/api/v1/icps/{icp}/lookalikes", null),
            (HttpMethod.Post, $"/api/v1/icps/{icp}/refine", new { }),
            (HttpMethod.Get, $"/api/v1/prospecting/campaigns/{campaign}", null),
            (HttpMethod.Post, $"/api/v1/prospecting/campaigns/{campaign}/cancel", new { }),
            (HttpMethod.Get, $"/api/v1/prospecting/campaigns/{campaign}/prospects", null),
            (HttpMethod.Get, $"/api/v1/prospecting/campaigns/{campaign}/costs", null),
            (HttpMethod.Get, $"/api/v1/prospecting/prospects/{prospect}", null),
            (HttpMethod.Post, $"/api/v1/prospecting/prospects/{prospect}/convert", null),
            (HttpMethod.Post, $"/api/v1/prospecting/prospects/{prospect}/feedback", new { fit = "good" }),
        };
        foreach (var role in new[] { "prospector", "admin" })
        {
            var stranger = app.Client(25, role);
            foreach (var (method, url, body) in requests)
            {
                var answer = await stranger.Send(method, url, body);
                answer.Status.ShouldBe(HttpStatusCode.NotFound, $"{role}: {method} {url}");
            }

            (await stranger.Get("/api/v1/icps?limit=200&includeArchived=true")).Json.GetProperty("items").EnumerateArray()
                .ShouldNotContain(i => i.GetProperty("id").GetGuid() == icp);
            (await stranger.Get("/api/v1/prospecting/campaigns?limit=200")).Json.GetProperty("items").EnumerateArray()
                .ShouldNotContain(c => c.GetProperty("id").GetGuid() == campaign);
        }

        // Nothing the stranger tried changed anything.
        (await owner.Get($"/api/v1/icps/{icp}")).Json.GetProperty("version").GetInt32().ShouldBe(1);
        (await owner.Get($"/api/v1/prospecting/prospects/{prospect}")).Json.GetProperty("leadId").ValueKind
            .ShouldBe(System.Text.Json.JsonValueKind.Null);
    }
}
