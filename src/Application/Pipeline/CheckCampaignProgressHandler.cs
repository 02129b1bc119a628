using LeadGen.Application.Alerts;
using LeadGen.Application.ReadModels;
using LeadGen.Domain.Campaigns;
using Marten;
using Microsoft.Extensions.Options;
using Wolverine;

namespace LeadGen.Application.Pipeline;

/// <summary>Ends a campaign whose budget is spent; completes one once discovery is done and none of its prospects is
/// still in flight. Spending (the inline CampaignSpending row) and the in-flight count (the inline CampaignProspect rows)
/// are written in the same transactions as the prospects' events, so they are exact. Prospects send a check only once
/// it can change something (<see cref="Campaign.WatchesSettlingProspects"/>): before, it was one durable message and
/// transaction per prospect that found discovery still running and did nothing.</summary>
public static class CheckCampaignProgressHandler
{
    /// <summary>How often discovery's own check looks again while prospects are still in flight.</summary>
    public static readonly TimeSpan SettledPollInterval = TimeSpan.FromSeconds(1);

    public static async Task<OutgoingMessages> Handle(CheckCampaignProgress message, IDocumentSession session, IOptions<AlertOptions> alerts,
        IAlertWebhook webhook, TimeProvider clock, CancellationToken ct)
    {
        var outgoing = new OutgoingMessages();
        var stream = await session.Events.FetchForWriting<Campaign>(message.CampaignId, ct);
        if (stream.Aggregate is not { State: CampaignState.Running } campaign) return outgoing;
        if (campaign.Budget is not null)
        {
            var spent = await CampaignSpend.Of(session, campaign.Id, ct);
            // Recorded with the check, delivered by their own durable messages: a webhook that is down delays only itself.
            foreach (var alert in campaign.AlertBudgetShares(spent, alerts.Value.Shares))
            {
                stream.AppendOne(alert);
                if (webhook.IsConfigured)
                    outgoing.Add(new DeliverBudgetAlert(new BudgetAlert(BudgetAlertIds.For(campaign.Id, alert.Share), session.TenantId, "campaign", campaign.Id, campaign.Name, alert.Share,
                        alert.Spent, alert.Budget, clock.GetUtcNow())));
            }
            if (campaign.ExhaustBudgetIfSpent(spent) is { } exhausted)
            {
                stream.AppendOne(exhausted);
                return outgoing;
            }
        }
        if (!campaign.DiscoveryDone) return outgoing;

        var inFlight = await session.Query<CampaignProspect>()
            .CountAsync(x => x.CampaignId == campaign.Id && x.InFlight, ct);
        if (campaign.CompleteIfSettled(inFlight) is { } completed) stream.AppendOne(completed);
        else if (message.UntilSettled) outgoing.Add(message.DelayedFor(SettledPollInterval));
        return outgoing;
    }
}

public static class CampaignSpend
{
    /// <summary>What a campaign has paid providers so far: its running total, or, for a campaign started before that
    /// total was kept, the sum over its prospects' rows.</summary>
    public static async Task<decimal> Of(IQuerySession session, Guid campaignId, CancellationToken ct) =>
        (await session.LoadAsync<CampaignSpending>(campaignId, ct))?.Spent
        ?? await session.Query<CampaignProspect>().Where(x => x.CampaignId == campaignId).SumAsync(x => x.Cost, ct);
}
