using LeadGen.Domain.Prospects;
using Marten;
using WireMock.RequestBuilders;
using FakeResponse = WireMock.ResponseBuilders.Response;
using WireMock.Server;

namespace LeadGen.Api.Tests;

/// <summary>Enrichment batches run side by side and often want the same company. A local fake of Clearbit's Company API
/// that takes its time answering keeps their purchases in flight together: each company must still be bought once.</summary>
public class ConcurrentPurchaseTests
{
    [Fact]
    public async Task Enrichment_batches_running_at_once_buy_each_company_once()
    {
        using var clearbit = WireMockServer.Start();
        clearbit.Given(Request.Create().WithPath("/v2/companies/find").UsingGet()).RespondWith(FakeResponse.Create()
            .WithCallback(request =>
            {
                var domain = request.Query!["domain"][0];
                return FakeAnswer.Json(200, $$$"""{"name":"{{{domain}}} Inc","domain":"{{{domain}}}","metrics":{"employees":120}}""");
            })
            .WithDelay(TimeSpan.FromMilliseconds(150)));
        await using var host = await CustomHost.Start("purchases", new Dictionary<string, string>
        {
            ["Providers:Clearbit:ApiKey"] = "sk_test", ["Providers:Clearbit:BaseUrl"] = clearbit.Url!, ["Enrichment:Company:0"] = "clearbit",
        });
        var api = host.Client(0);
        var campaignId = await api.StartCampaign(await api.CreateIcp(Scenarios.SoftwareAndDataIcp()), maxProspects: 200, minMatchScore: 0.5);

        (await api.WaitUntilSettled(campaignId)).GetProperty("status").GetString().ShouldBe("completed");

        var asked = clearbit.LogEntries.Select(e => e.RequestMessage!.Query!["domain"][0]).ToList();
        asked.Count.ShouldBeGreaterThan(20);
        asked.GroupBy(d => d).Where(g => g.Count() > 1).Select(g => $"{g.Key} × {g.Count()}").ShouldBeEmpty();

        var prospects = await api.AllProspects(campaignId);
        prospects.ShouldNotContain(p => p.GetProperty("stage").GetString() == "failed");
        await using var session = host.Host.Services.GetRequiredService<IDocumentStore>().QuerySession(AppFixture.TenantName(0));
        var charges = await session.Events.QueryRawEventDataOnly<ProviderCallCharged>()
            .Where(c => c.Provider == "clearbit").ToListAsync(TestContext.Current.CancellationToken);
        // The ledger has each call the fake answered, once; every other prospect of those companies was answered from the cache.
        charges.Count(c => c.Billable).ShouldBe(asked.Count);
        charges.Count(c => c.Outcome == "cached").ShouldBe(charges.Count - asked.Count);
        charges.Count(c => c.Outcome == "cached").ShouldBeGreaterThan(0);
    }

    /// <summary>A person's stream changes while their enrichment batch waits on a paid answer (here feedback on them; as
    /// well another campaign enriching them, an objection or an erasure). The batch's commit is then refused for the
    /// stale version and the batch is retried: what it paid for must be kept, not bought again and left off the ledger.</summary>
    [Fact]
    public async Task A_batch_whose_commit_is_refused_because_a_prospect_changed_keeps_what_it_paid_for()
    {
        var ct = TestContext.Current.CancellationToken;
        using var hunter = new GatedHunter();
        await using var host = await CustomHost.Start("changedmidbatch", hunter.Settings);
        var api = host.Client(0);
        var (campaign, prospect, _) = await hunter.StartCampaignAndHoldFirstAnswer(api, ct);
        (await api.Post($"/api/v1/prospecting/prospects/{prospect}/feedback", new { fit = "good", reason = "judged while being enriched" }))
            .ShouldHave(System.Net.HttpStatusCode.OK);
        hunter.Release();

        (await api.WaitUntilSettled(campaign)).GetProperty("status").GetString().ShouldBe("completed");
        hunter.FinderAnswers.Where(a => a.Value > 1).Select(a => $"{a.Value} answers for one person").ShouldBeEmpty();
        await using var session = host.Host.Services.GetRequiredService<IDocumentStore>().QuerySession(AppFixture.TenantName(0));
        var charges = await session.Events.QueryRawEventDataOnly<ProviderCallCharged>()
            .Where(c => c.Provider == "hunter" && c.Operation == "email-finder").ToListAsync(ct);
        charges.Count(c => c.Billable).ShouldBe(hunter.FinderAnswers.Values.Sum(), "every answer the fake billed is on the ledger, once");
        charges.Count(c => c.Outcome == "cached").ShouldBeGreaterThan(0, "the batch was retried, and found what the refused commit had paid for");
        (await api.AllProspects(campaign)).Count(p => p.GetProperty("stage").GetString() == "qualified").ShouldBeGreaterThan(0);
    }
}
