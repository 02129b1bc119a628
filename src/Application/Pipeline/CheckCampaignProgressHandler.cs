using LeadGen.Application.ReadModels;
using LeadGen.Domain.Campaigns;
using Marten;

namespace LeadGen.Application.Pipeline;

/// <summary>Completes a campaign once discovery is done and none of its prospects is still in flight. The in-flight
/// count comes from the inline CampaignProspect rows, written in the same transactions as the prospects' events,
/// so it is exact.</summary>
public static class CheckCampaignProgressHandler
{
    public static async Task Handle(CheckCampaignProgress message, IDocumentSession session, CancellationToken ct)
    {
        var stream = await session.Events.FetchForWriting<Campaign>(message.CampaignId, ct);
        if (stream.Aggregate is not { State: CampaignState.Running, DiscoveryDone: true } campaign) return;

        var inFlight = await session.Query<CampaignProspect>()
            .CountAsync(x => x.CampaignId == campaign.Id && x.InFlight, ct);
        if (campaign.CompleteIfSettled(inFlight) is { } completed) stream.AppendOne(completed);
    }
}
