using LeadGen.Application.Enrichment;
using LeadGen.Domain.Prospects;
using Marten;

namespace LeadGen.Api.Tests;

public class ProviderAnswerCacheTests(AppFixture app)
{
    [Fact]
    public async Task A_company_already_looked_up_for_the_tenant_is_not_paid_for_again()
    {
        var api = app.Client(21);
        var campaign = await api.StartCampaign(await api.CreateIcp(Scenarios.SoftwareAndDataIcp()), maxProspects: 200, minMatchScore: 0.5);
        (await api.WaitUntilSettled(campaign)).GetProperty("status").GetString().ShouldBe("completed");

        await using var session = app.Store.QuerySession(AppFixture.TenantName(21));
        var ct = TestContext.Current.CancellationToken;
        var events = await session.Events.QueryAllRawEvents().ToListAsync(ct);
        var companyOf = events.Select(e => e.Data).OfType<ProspectDiscovered>()
            .ToDictionary(d => d.ProspectId, d => d.Profile.CompanyDomain ?? d.Profile.Company);
        var companyCalls = events.Where(e => e.Data is ProviderCallCharged { Operation: "company-lookup" })
            .OrderBy(e => e.Sequence).Select(e => (ProviderCallCharged)e.Data).Where(c => c.CampaignId == campaign).ToList();

        var cached = companyCalls.Where(c => c.Outcome == "cached").ToList();
        cached.ShouldNotBeEmpty();
        cached.ShouldAllBe(c => c.Cost == 0m && !c.Billable);
        // A cached answer is only ever one the tenant paid for before, for the same company.
        var paidFor = new HashSet<string>();
        foreach (var call in companyCalls)
        {
            if (call.Outcome == "cached") paidFor.ShouldContain(companyOf[call.ProspectId]);
            else paidFor.Add(companyOf[call.ProspectId]);
        }
        // Fewer paid lookups than prospects enriched: the savings are real.
        companyCalls.Count(c => c.Billable).ShouldBeLessThan(companyCalls.Count);
        // Every company asked of the provider is kept for the tenant, once, for later batches and campaigns to find.
        var kept = await session.Query<ProviderAnswer>().Where(a => a.Operation == "company").CountAsync(ct);
        kept.ShouldBe(companyCalls.Where(c => c.Outcome != "cached").Select(c => companyOf[c.ProspectId]).Distinct().Count());
    }
}
