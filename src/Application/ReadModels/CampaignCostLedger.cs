using LeadGen.Domain.Prospects;
using Marten.Events.Projections;

namespace LeadGen.Application.ReadModels;

/// <summary>What a campaign's provider calls cost, by provider and operation: the sum of its ProviderCallCharged events.</summary>
public sealed class CampaignCostLedger
{
    public Guid Id { get; set; }
    public decimal Total { get; set; }
    public List<CostLine> Lines { get; set; } = [];
}

public sealed class CostLine
{
    public string Provider { get; set; } = "";
    public string Operation { get; set; } = "";
    public int Calls { get; set; }
    public int BillableUnits { get; set; }
    public decimal Cost { get; set; }
}

public sealed class CampaignCostLedgerProjection : MultiStreamProjection<CampaignCostLedger, Guid>
{
    public CampaignCostLedgerProjection()
    {
        Identity<ProviderCallCharged>(e => e.CampaignId);
    }

    public void Apply(CampaignCostLedger ledger, ProviderCallCharged e)
    {
        var line = ledger.Lines.FirstOrDefault(l => l.Provider == e.Provider && l.Operation == e.Operation);
        if (line is null)
        {
            line = new CostLine { Provider = e.Provider, Operation = e.Operation };
            ledger.Lines.Add(line);
        }
        line.Calls++;
        if (e.Billable) line.BillableUnits += e.Units;
        line.Cost += e.Cost;
        ledger.Total += e.Cost;
    }
}
