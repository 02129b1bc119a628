using System.Net;

namespace LeadGen.Api.Tests;

public class ProspectApiTests(AppFixture app)
{
    [Fact]
    public async Task Prospects_are_listed_best_first_and_every_one_appears_once_across_pages()
    {
        var api = app.Client(10);
        var id = await api.StartCampaign(await api.CreateIcp(), maxProspects: 120, minMatchScore: 0.6);
        await api.WaitUntilSettled(id);

        var all = await api.AllProspects(id, limit: 25);
        all.Count.ShouldBe(120);
        all.Select(p => p.GetProperty("id").GetGuid()).Distinct().Count().ShouldBe(120);
        var scores = all.Select(p => p.GetProperty("score").GetDouble()).ToList();
        scores.ShouldBe(scores.OrderByDescending(s => s).ToList());
        all.ShouldAllBe(p => p.GetProperty("platform").GetString() == "sample");

        var good = await api.AllProspects(id, "&minScore=0.8");
        good.ShouldAllBe(p => p.GetProperty("score").GetDouble() >= 0.8);
        good.Count.ShouldBe(scores.Count(s => s >= 0.8));

        var qualified = await api.AllProspects(id, "&stage=qualified");
        qualified.ShouldNotBeEmpty();
        qualified.ShouldAllBe(p => p.GetProperty("stage").GetString() == "qualified"
                                   && p.GetProperty("email").GetString()!.Contains('@')
                                   && (p.GetProperty("emailStatus").GetString() == "valid" || p.GetProperty("emailStatus").GetString() == "accept_all"));

        (await api.Get($"/api/v1/prospecting/campaigns/{id}/prospects?stage=golden")).ShouldBeProblem(HttpStatusCode.BadRequest, "stage");
        (await api.Get($"/api/v1/prospecting/campaigns/{id}/prospects?minScore=2")).ShouldBeProblem(HttpStatusCode.BadRequest, "minScore");
        (await api.Get($"/api/v1/prospecting/campaigns/{id}/prospects?cursor=%%%")).ShouldBeProblem(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_prospect_shows_its_score_explanation_enrichment_and_history_and_converts_once()
    {
        var api = app.Client(11);
        var campaignId = await api.StartCampaign(await api.CreateIcp(), maxProspects: 60, minMatchScore: 0.6);
        await api.WaitUntilSettled(campaignId);
        var qualified = (await api.AllProspects(campaignId, "&stage=qualified")).First();
        var prospectId = qualified.GetProperty("id").GetGuid();

        var details = (await api.Get($"/api/v1/prospecting/prospects/{prospectId}")).ShouldHave(HttpStatusCode.OK).Json;
        details.GetProperty("profile").GetProperty("name").GetString().ShouldBe(qualified.GetProperty("name").GetString());
        var standing = details.GetProperty("campaigns").EnumerateArray().Single();
        standing.GetProperty("campaignId").GetGuid().ShouldBe(campaignId);
        standing.GetProperty("explanation").GetProperty("components").GetArrayLength().ShouldBeGreaterThan(0);
        details.GetProperty("enrichment").GetProperty("email").GetString().ShouldBe(qualified.GetProperty("email").GetString());
        details.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("event").GetString())
            .ShouldBe(["prospect_discovered", "prospect_scored", "provider_call_charged", "provider_call_charged", "prospect_enriched", "prospect_qualified"]);

        // Five clients convert the same prospect at once: one lead, four conflicts.
        var attempts = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => api.Post($"/api/v1/prospecting/prospects/{prospectId}/convert")));
        attempts.Count(a => a.Status == HttpStatusCode.Created).ShouldBe(1);
        attempts.Where(a => a.Status != HttpStatusCode.Created).ShouldAllBe(a => a.Status == HttpStatusCode.Conflict);
        attempts.Single(a => a.Status == HttpStatusCode.Created).Json.GetProperty("leadId").GetGuid().ShouldNotBe(Guid.Empty);
        (await api.Post($"/api/v1/prospecting/prospects/{prospectId}/convert")).ShouldBeProblem(HttpStatusCode.Conflict);

        var rejected = (await api.AllProspects(campaignId, "&stage=rejected")).First().GetProperty("id").GetGuid();
        (await api.Post($"/api/v1/prospecting/prospects/{rejected}/convert")).ShouldBeProblem(HttpStatusCode.Conflict);

        (await api.Get($"/api/v1/prospecting/prospects/{Guid.NewGuid()}")).ShouldBeProblem(HttpStatusCode.NotFound);
        (await app.Client(0).Get($"/api/v1/prospecting/prospects/{prospectId}")).ShouldBeProblem(HttpStatusCode.NotFound);
        (await app.Client(0).Post($"/api/v1/prospecting/prospects/{prospectId}/convert")).ShouldBeProblem(HttpStatusCode.NotFound);

        await app.Store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));
        (await api.Get($"/api/v1/prospecting/campaigns/{campaignId}")).Json.GetProperty("converted").GetInt32().ShouldBe(1);
    }
}
