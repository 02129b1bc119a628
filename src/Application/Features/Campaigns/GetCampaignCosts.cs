using LeadGen.Application.Common;
using LeadGen.Application.ReadModels;
using Marten;
using Mediator;

namespace LeadGen.Application.Features.Campaigns;

public sealed record GetCampaignCosts(Guid CampaignId) : IQuery<CampaignCosts>;

public sealed record CampaignCosts(decimal Total, IReadOnlyList<ProviderCost> ByProvider);

public sealed record ProviderCost(string Provider, string Operation, int Calls, int BillableUnits, decimal Cost);

public sealed class GetCampaignCostsHandler(IQuerySession session) : IQueryHandler<GetCampaignCosts, CampaignCosts>
{
    public async ValueTask<CampaignCosts> Handle(GetCampaignCosts query, CancellationToken ct)
    {
        var ledger = await session.LoadAsync<CampaignCostLedger>(query.CampaignId, ct);
        if (ledger is null)
        {
            // No call charged yet: an existing campaign has spent nothing; an unknown one is not found.
            if (await session.Events.FetchStreamStateAsync(query.CampaignId, ct) is null) throw new NotFound("Campaign", query.CampaignId);
            return new CampaignCosts(0m, []);
        }
        return new CampaignCosts(ledger.Total, ledger.Lines
            .OrderBy(l => l.Provider).ThenBy(l => l.Operation)
            .Select(l => new ProviderCost(l.Provider, l.Operation, l.Calls, l.BillableUnits, l.Cost))
            .ToList());
    }
}
