using System.Net;
using System.Text.Json;

namespace LeadGen.Api.Tests;

public class LookalikeTests(AppFixture app)
{
    [Fact]
    public async Task Lookalikes_are_the_tenants_prospects_nearest_to_the_icp_across_campaigns()
    {
        var api = app.Client(17);
        var icp = await api.CreateIcp();
        var first = await api.StartCampaign(icp, maxProspects: 20);
        await api.WaitUntilSettled(first);
        var nurses = await api.CreateIcp(new
        {
            name = "Nurses", persona = "Registered nurses who care for patients in hospitals.",
            criteria = new { titles = new[] { "Registered Nurse" } },
        });
        var second = await api.StartCampaign(nurses, maxProspects: 20, minMatchScore: 0.5);
        await api.WaitUntilSettled(second);
        var dataPeople = (await api.AllProspects(first)).Select(p => p.GetProperty("id").GetGuid()).ToHashSet();
        var nursingPeople = (await api.AllProspects(second)).Select(p => p.GetProperty("id").GetGuid()).ToHashSet();
        var found = dataPeople.Union(nursingPeople).ToHashSet();

        // Indexing follows scoring on its own queue: wait until both campaigns' prospects are searchable.
        var items = await Eventually(api, $"/api/v1/icps/{icp}/lookalikes?limit=200", list => list.Count >= found.Count);
        items.Count.ShouldBe(found.Count);
        items.Select(i => i.GetProperty("prospectId").GetGuid()).ShouldAllBe(id => found.Contains(id));
        var similarities = items.Select(i => i.GetProperty("similarity").GetDouble()).ToList();
        similarities.ShouldBe(similarities.OrderByDescending(s => s).ToList());

        var top = (await api.Get($"/api/v1/icps/{icp}/lookalikes?limit=10")).ShouldHave(HttpStatusCode.OK).Json.GetProperty("items")
            .EnumerateArray().ToList();
        top.Count.ShouldBe(10);
        // Each ICP's nearest people are those its own campaign found, not the other campaign's.
        top.Take(5).ShouldAllBe(i => dataPeople.Contains(i.GetProperty("prospectId").GetGuid()));
        var nurseTop = (await api.Get($"/api/v1/icps/{nurses}/lookalikes?limit=5")).Json.GetProperty("items").EnumerateArray().ToList();
        nurseTop.ShouldAllBe(i => nursingPeople.Contains(i.GetProperty("prospectId").GetGuid()));
    }

    [Fact]
    public async Task Lookalikes_never_cross_tenants_and_bad_limits_are_refused()
    {
        var api = app.Client(18);
        var icp = await api.CreateIcp();
        var campaign = await api.StartCampaign(icp, maxProspects: 10);
        await api.WaitUntilSettled(campaign);
        var found = (await api.AllProspects(campaign)).Count;
        (await Eventually(api, $"/api/v1/icps/{icp}/lookalikes?limit=200", list => list.Count >= found)).Count.ShouldBe(found);

        (await app.Client(19).Get($"/api/v1/icps/{icp}/lookalikes")).ShouldBeProblem(HttpStatusCode.NotFound);
        (await api.Get($"/api/v1/icps/{icp}/lookalikes?limit=0")).ShouldBeProblem(HttpStatusCode.BadRequest, "limit");
        (await api.Get($"/api/v1/icps/{icp}/lookalikes?limit=201")).ShouldBeProblem(HttpStatusCode.BadRequest, "limit");

        // Another tenant's identical ICP, with no prospects of its own, finds nothing: tenant 18's vectors are not its.
        var other = await app.Client(19).CreateIcp();
        (await app.Client(19).Get($"/api/v1/icps/{other}/lookalikes?limit=200")).ShouldHave(HttpStatusCode.OK).Json
            .GetProperty("items").GetArrayLength().ShouldBe(0);
    }

    private static async Task<List<JsonElement>> Eventually(ApiClient api, string url, Func<List<JsonElement>, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var items = (await api.Get(url)).ShouldHave(HttpStatusCode.OK).Json.GetProperty("items").EnumerateArray().Select(e => e.Clone()).ToList();
            if (done(items) || DateTime.UtcNow > deadline) return items;
            await Task.Delay(250, TestContext.Current.CancellationToken);
        }
    }
}
