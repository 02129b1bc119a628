using LeadGen.Application.Pipeline;
using LeadGen.Application.ReadModels;
using LeadGen.Domain.Prospects;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Wolverine;

namespace LeadGen.Api.Tests;

public class PipelineTests(AppFixture app)
{
    [Fact]
    public async Task A_thousand_prospect_campaign_completes_with_counts_that_match_the_prospect_streams()
    {
        var api = app.Client(1);
        var campaignId = await api.StartCampaign(await api.CreateIcp(Scenarios.SoftwareAndDataIcp()), maxProspects: 1000, minMatchScore: 0.75);

        var observed = new List<(int Discovered, int Scored, int Enriched, int Qualified, int Converted)>();
        System.Text.Json.JsonElement status;
        do
        {
            status = (await api.Get($"/api/v1/prospecting/campaigns/{campaignId}")).Json;
            observed.Add((Count("discovered"), Count("scored"), Count("enriched"), Count("qualified"), Count("converted")));
            await Task.Delay(100, TestContext.Current.CancellationToken);
        } while (status.GetProperty("status").GetString() == "running");
        int Count(string field) => status.GetProperty(field).GetInt32();

        status.GetProperty("status").GetString().ShouldBe("completed");
        await app.Store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(60));
        var final = (await api.Get($"/api/v1/prospecting/campaigns/{campaignId}")).Json;

        // Monotone at every observation, not only at the end.
        foreach (var o in observed)
        {
            o.Discovered.ShouldBeGreaterThanOrEqualTo(o.Scored);
            o.Scored.ShouldBeGreaterThanOrEqualTo(o.Enriched);
            o.Enriched.ShouldBeGreaterThanOrEqualTo(o.Qualified);
            o.Qualified.ShouldBeGreaterThanOrEqualTo(o.Converted);
        }
        observed.Select(o => o.Discovered).ShouldBeInOrder();

        // The counts are what the prospects' own event streams say.
        await using var session = app.Store.QuerySession(AppFixture.TenantName(1));
        var events = await session.Events.QueryAllRawEvents().ToListAsync(TestContext.Current.CancellationToken);
        var mine = events.Where(e => e.Data is IProspectCampaignEvent p && p.CampaignId == campaignId).ToList();
        int Of<T>() => mine.Count(e => e.Data is T);

        Of<ProspectDiscovered>().ShouldBe(1000);
        mine.Where(e => e.Data is ProspectDiscovered).Select(e => e.StreamId).Distinct().Count().ShouldBe(1000);
        final.GetProperty("discovered").GetInt32().ShouldBe(Of<ProspectDiscovered>());
        final.GetProperty("scored").GetInt32().ShouldBe(Of<ProspectScored>());
        final.GetProperty("rejected").GetInt32().ShouldBe(Of<ProspectRejected>());
        final.GetProperty("enriched").GetInt32().ShouldBe(Of<ProspectEnriched>());
        final.GetProperty("qualified").GetInt32().ShouldBe(Of<ProspectQualified>());
        final.GetProperty("failed").GetInt32().ShouldBe(Of<ProspectEnrichmentFailed>());
        final.GetProperty("scored").GetInt32().ShouldBe(1000);
        final.GetProperty("qualified").GetInt32().ShouldBeGreaterThan(0);
        final.GetProperty("cost").GetDecimal().ShouldBe(mine.Select(e => e.Data).OfType<ProviderCallCharged>().Sum(c => c.Cost));

        var charges = mine.Select(e => e.Data).OfType<ProviderCallCharged>().ToList();
        var costs = (await api.Get($"/api/v1/prospecting/campaigns/{campaignId}/costs")).Json;
        costs.GetProperty("total").GetDecimal().ShouldBe(charges.Sum(c => c.Cost));
        var lines = costs.GetProperty("byProvider").EnumerateArray().ToList();
        lines.Select(l => (l.GetProperty("provider").GetString(), l.GetProperty("operation").GetString()))
            .ShouldBe(charges.Select(c => ((string?)c.Provider, (string?)c.Operation)).Distinct().OrderBy(x => x.Item1).ThenBy(x => x.Item2));
        foreach (var line in lines)
        {
            var of = charges.Where(c => c.Provider == line.GetProperty("provider").GetString() && c.Operation == line.GetProperty("operation").GetString()).ToList();
            line.GetProperty("calls").GetInt32().ShouldBe(of.Count);
            line.GetProperty("billableUnits").GetInt32().ShouldBe(of.Where(c => c.Billable).Sum(c => c.Units));
            line.GetProperty("cost").GetDecimal().ShouldBe(of.Sum(c => c.Cost));
        }

        var inFlight = await session.Query<CampaignProspect>().CountAsync(x => x.CampaignId == campaignId && x.InFlight,
            TestContext.Current.CancellationToken);
        inFlight.ShouldBe(0);
    }

    [Fact]
    public async Task A_qualification_message_an_earlier_version_left_in_the_queue_still_qualifies_its_prospect()
    {
        // Enrichment qualifies in its own transaction now; a deploy can still find QualifyProspect envelopes stored by
        // the version before, and their prospects must not stay enriched, and their campaign unfinished, for ever.
        var ct = TestContext.Current.CancellationToken;
        var tenant = AppFixture.TenantName(40);
        var api = app.Client(40);
        var campaignId = await api.StartCampaign(await api.CreateIcp(), maxProspects: 5, minMatchScore: 0.5);
        await api.WaitUntilSettled(campaignId);
        var prospectId = Guid.NewGuid();
        await using (var session = app.Store.LightweightSession(tenant))
        {
            var profile = new ProspectProfile("old-1", "Ada Old", "Data Engineer", "", "", "Acme", "acme.example", null, "Oslo", [], "u", null);
            session.Events.StartStream<Prospect>(prospectId,
                new ProspectDiscovered(prospectId, campaignId, "sample", profile, new DataSource("sample", campaignId, "legitimate-interest", "q")),
                new ProspectScored(prospectId, campaignId, 0.9, new ScoreExplanation("m", [], "because")),
                new ProspectEnriched(prospectId, campaignId, null, "ada.old@acme.example", EmailStatus.Valid, null, "local", false));
            await session.SaveChangesAsync(ct);
        }

        using (var scope = app.Host.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<IMessageBus>().InvokeForTenantAsync(tenant, new QualifyProspect(campaignId, prospectId), ct);

        await using var query = app.Store.QuerySession(tenant);
        (await query.LoadAsync<Prospect>(prospectId, ct))!.StageIn(campaignId).ShouldBe(ProspectStage.Qualified);
        (await query.Events.FetchStreamAsync(prospectId, token: ct)).Last().Data.ShouldBeOfType<ProspectQualified>();
    }

    [Fact]
    public async Task A_person_found_by_two_campaigns_is_one_prospect_enriched_and_paid_for_once()
    {
        var api = app.Client(2);
        var icpId = await api.CreateIcp();
        var first = await api.StartCampaign(icpId, maxProspects: 30, minMatchScore: 0.5);
        await api.WaitUntilSettled(first);
        var second = await api.StartCampaign(icpId, maxProspects: 30, minMatchScore: 0.5);
        await api.WaitUntilSettled(second);
        await app.Store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));

        var a = (await api.AllProspects(first)).Select(p => p.GetProperty("id").GetGuid()).ToHashSet();
        var b = (await api.AllProspects(second)).Select(p => p.GetProperty("id").GetGuid()).ToHashSet();
        a.SetEquals(b).ShouldBeTrue("the sample platform answers the same query with the same people");

        var someone = (await api.AllProspects(second, "&stage=qualified")).First().GetProperty("id").GetGuid();
        var details = (await api.Get($"/api/v1/prospecting/prospects/{someone}")).Json;
        details.GetProperty("campaigns").EnumerateArray().Select(c => c.GetProperty("campaignId").GetGuid())
            .ShouldBe([first, second], ignoreOrder: true);

        var firstCost = (await api.Get($"/api/v1/prospecting/campaigns/{first}")).Json.GetProperty("cost").GetDecimal();
        var secondCampaign = (await api.Get($"/api/v1/prospecting/campaigns/{second}")).Json;
        firstCost.ShouldBeGreaterThan(0m);
        secondCampaign.GetProperty("cost").GetDecimal().ShouldBe(0m);
        secondCampaign.GetProperty("enriched").GetInt32().ShouldBeGreaterThan(0);
    }
}
