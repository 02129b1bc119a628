using JasperFx.Events;
using LeadGen.Domain.Campaigns;
using LeadGen.Domain.Prospects;
using Marten;
using Marten.Events.Projections;
using Marten.Patching;

namespace LeadGen.Application.ReadModels;

/// <summary>What a campaign has paid providers so far, as one row: the budget check reads it for every prospect that
/// settles, so it must not cost more as the campaign grows (summing the prospects' rows did: quadratic in a campaign).</summary>
public sealed class CampaignSpending
{
    public Guid Id { get; set; }
    public decimal Spent { get; set; }
}

/// <summary>Keeps <see cref="CampaignSpending"/> inline, in the transaction that records each charge. The charge is added
/// by an atomic increment in PostgreSQL rather than read-add-write here: enrichments of one campaign commit in parallel,
/// and each would otherwise overwrite the others' sums. Starting a campaign (re)sets its row, so a rebuild starts from 0.
/// Only a campaign with a budget has a row: nothing reads the others', and one row every enrichment of a campaign must
/// lock until it commits is a cost only a budget justifies (the increment finds no row and changes nothing).</summary>
public sealed class CampaignSpendingProjection : IProjection
{
    public Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken cancellation)
    {
        foreach (var e in events)
        {
            switch (e.Data)
            {
                case CampaignStarted { Budget: not null } started:
                    operations.ForTenant(e.TenantId).Store(new CampaignSpending { Id = started.CampaignId });
                    break;
                case ProviderCallCharged { Cost: not 0 } charged:
                    operations.ForTenant(e.TenantId).Patch<CampaignSpending>(charged.CampaignId).Increment(x => x.Spent, charged.Cost);
                    break;
            }
        }
        return Task.CompletedTask;
    }
}
