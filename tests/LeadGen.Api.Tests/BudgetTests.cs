using System.Net;
using LeadGen.Application.ReadModels;
using LeadGen.Domain.Prospects;
using Marten;

namespace LeadGen.Api.Tests;

public class BudgetTests(AppFixture app)
{
    [Fact]
    public async Task A_campaign_that_spends_its_budget_stops_paying_and_ends_budget_exhausted()
    {
        var api = app.Client(20);
        var icp = await api.CreateIcp(Scenarios.SoftwareAndDataIcp());
        const decimal budget = 0.50m;
        var started = (await api.Post("/api/v1/prospecting/campaigns",
            new { icpId = icp, platforms = new[] { "sample" }, maxProspects = 300, minMatchScore = 0.75, budget })).ShouldHave(HttpStatusCode.Accepted);
        var campaign = started.Json.GetProperty("id").GetGuid();

        var settled = await api.WaitUntilSettled(campaign);
        settled.GetProperty("status").GetString().ShouldBe("budget-exhausted");
        settled.GetProperty("completedAt").ValueKind.ShouldNotBe(System.Text.Json.JsonValueKind.Null);

        await app.Store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(60));
        await Task.Delay(1_000, TestContext.Current.CancellationToken);
        await using var session = app.Store.QuerySession(AppFixture.TenantName(20));
        var charges = (await session.Events.QueryRawEventDataOnly<ProviderCallCharged>().ToListAsync(TestContext.Current.CancellationToken))
            .Where(c => c.CampaignId == campaign).ToList();
        var spent = charges.Sum(c => c.Cost);
        var mostForOneProspect = charges.GroupBy(c => c.ProspectId).Max(g => g.Sum(c => c.Cost));

        // The running total the budget check reads: eight enrichments commit their charges in parallel, and none is lost.
        (await session.LoadAsync<CampaignSpending>(campaign, TestContext.Current.CancellationToken))!.Spent.ShouldBe(spent);
        spent.ShouldBeGreaterThanOrEqualTo(budget);
        // Enrichments already running when the budget ran out finish; no more start. The queue runs 8 at a time.
        spent.ShouldBeLessThan(budget + 8 * mostForOneProspect);
        var status = (await api.Get($"/api/v1/prospecting/campaigns/{campaign}")).Json;
        status.GetProperty("cost").GetDecimal().ShouldBe(spent);
        (await api.Get($"/api/v1/prospecting/campaigns/{campaign}/costs")).Json.GetProperty("total").GetDecimal().ShouldBe(spent);

        // Prospects the campaign could no longer pay for keep their scores and stay "scored".
        var waiting = await api.AllProspects(campaign, "&stage=scored");
        waiting.ShouldNotBeEmpty();
        waiting.ShouldAllBe(p => p.GetProperty("score").GetDouble() >= 0.75);
    }
}
