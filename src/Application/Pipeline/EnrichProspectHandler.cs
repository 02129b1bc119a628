using LeadGen.Application.Enrichment;
using LeadGen.Application.Ports;
using LeadGen.Domain.Campaigns;
using LeadGen.Domain.Prospects;
using Marten;
using Wolverine;

namespace LeadGen.Application.Pipeline;

/// <summary>Enriches one prospect (<see cref="EnrichmentStep"/>): a prospect of a campaign with a budget, or one a batch
/// handed on because a provider was unavailable. A provider that refuses for good fails only this prospect, with the
/// reason; one that is down is retried by Wolverine's error policy, and after the last attempt the prospect fails too,
/// so the campaign can still finish.</summary>
public static class EnrichProspectHandler
{
    public static async Task Handle(EnrichProspect message, IDocumentSession session, IMessageContext context, EnrichmentWaterfall waterfall,
        TimeProvider clock, Envelope envelope, CancellationToken ct)
    {
        var stream = await session.Events.FetchForWriting<Prospect>(message.ProspectId, ct);
        await EnrichmentStep.SettleUnledgered(session, waterfall, [stream], ct);
        var campaign = await session.Events.FetchLatest<Campaign>(message.CampaignId, ct);
        if (campaign is not { State: CampaignState.Running }) return;
        if (stream.Aggregate is not { } prospect || !prospect.AwaitsEnrichment(message.CampaignId)) return;

        var answers = new ProviderAnswers(session, campaign.Id, clock.GetUtcNow(), waterfall.AnswerTtl);
        var outgoing = new OutgoingMessages();
        try
        {
            var attempt = message.EarlierAttempts + envelope.Attempts;
            if (await EnrichmentStep.Enrich(session, campaign, stream, waterfall, answers, attempt, ct) is { } later) outgoing.Add(later);
            else if (CheckCampaignProgress.After(campaign) is { } check) outgoing.Add(check);
        }
        catch (Exception)
        {
            // Tried again later (a provider that is down, a database blip): what was paid for so far is kept first.
            await EnrichmentStep.KeepPaidAnswers(session, campaign.Id, answers);
            throw;
        }
        await EnrichmentStep.Commit(session, context, outgoing, campaign.Id, answers, ct);
    }
}
