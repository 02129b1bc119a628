using LeadGen.Application.ReadModels;
using LeadGen.Domain.Campaigns;
using Marten;

namespace LeadGen.Application.Pipeline;

/// <summary>Ends a campaign whose budget is spent; completes one once discovery is done and none of its prospects is
/// still in flight. Spending and the in-flight count come from the inline CampaignProspect rows, written in the same
/// transactions as the prospects' events, so they are exact.</summary>
public static class CheckCampaignProgressHandler
{
    public static async Task Handle(CheckCampaignProgress message, IDocumentSession session, CancellationToken ct)
    {
        var stream = await session.Events.FetchForWriting<Campaign>(message.CampaignId, ct);
        if (stream.Aggregate is not { State: CampaignState.Running } campaign) return;
        if (campaign.Budget is not null && campaign.ExhaustBudgetIfSpent(await CampaignSpend.Of(session, campaign.Id, ct)) is { } exhausted)
        {
            stream.AppendOne(exhausted);
            return;
        }
        if (!campaign.DiscoveryDone) return;

        var inFlight = await session.Query<CampaignProspect>()
            .CountAsync(x => x.CampaignId == campaign.Id && x.InFlight, ct);
        if (campaign.CompleteIfSettled(inFlight) is { } completed) stream.AppendOne(completed);
    }
}

public static class CampaignSpend
{
    /// <summary>What a campaign has paid providers so far, from its prospects' rows.</summary>
    public static async Task<decimal> Of(IQuerySession session, Guid campaignId, CancellationToken ct) =>
        await session.Query<CampaignProspect>().Where(x => x.CampaignId == campaignId).SumAsync(x => x.Cost, ct);
}
