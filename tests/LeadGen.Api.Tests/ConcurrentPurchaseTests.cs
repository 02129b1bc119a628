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
}
