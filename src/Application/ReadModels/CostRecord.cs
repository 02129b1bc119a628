using JasperFx.Events;
using LeadGen.Domain.Prospects;
using Marten;
using Marten.Events.Projections;

namespace LeadGen.Application.ReadModels;

/// <summary>One line of the tenant's cost ledger: a provider call made (or answered from the cache) for a prospect of a
/// campaign, at the event's time. Analysts' spend views sum these lines in SQL by provider, campaign, ICP or day.</summary>
public sealed class CostRecord
{
    public Guid Id { get; set; }
    public DateTimeOffset At { get; set; }
    public Guid CampaignId { get; set; }
    public Guid ProspectId { get; set; }
    public string Provider { get; set; } = "";
    public string Operation { get; set; } = "";
    public int Units { get; set; }
    public decimal UnitPrice { get; set; }
    public decimal Cost { get; set; }
    public bool Billable { get; set; }
    public string Outcome { get; set; } = "";
}

/// <summary>Writes a <see cref="CostRecord"/> per <see cref="ProviderCallCharged"/>, id = event id (a rebuild rewrites
/// the same lines), asynchronously, in the event's tenant.</summary>
public sealed class CostLedgerProjection : IProjection
{
    public const string Name = "CostLedger";

    public Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken cancellation)
    {
        foreach (var e in events)
        {
            if (e.Data is not ProviderCallCharged c) continue;
            operations.ForTenant(e.TenantId).Store(new CostRecord
            {
                Id = e.Id, At = e.Timestamp, CampaignId = c.CampaignId, ProspectId = c.ProspectId, Provider = c.Provider,
                Operation = c.Operation, Units = c.Units, UnitPrice = c.UnitPrice, Cost = c.Cost, Billable = c.Billable, Outcome = c.Outcome,
            });
        }
        return Task.CompletedTask;
    }
}
