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
    public static async Task<object?> Handle(
        EnrichProspect message, IDocumentSession session, EnrichmentWaterfall waterfall, TimeProvider clock, Envelope envelope,
        CancellationToken ct)
    {
        var campaign = await session.Events.FetchLatest<Campaign>(message.CampaignId, ct);
        if (campaign is not { State: CampaignState.Running }) return null;

        var stream = await session.Events.FetchForWriting<Prospect>(message.ProspectId, ct);
        if (stream.Aggregate is not { } prospect || !prospect.AwaitsEnrichment(message.CampaignId)) return null;

        var answers = new ProviderAnswers(session, clock.GetUtcNow(), waterfall.AnswerTtl);
        try
        {
            var attempt = message.EarlierAttempts + envelope.Attempts;
            if (await EnrichmentStep.Enrich(session, campaign, stream, waterfall, answers, attempt, ct) is { } later)
            {
                answers.StoreBought();
                return later;
            }
        }
        catch (Exception)
        {
            // Tried again later (a provider that is down, a database blip): what was paid for so far is kept first.
            await EnrichmentStep.KeepPaidAnswers(session, campaign, [(prospect, 0)], answers);
            throw;
        }
        answers.StoreBought();
        return CheckCampaignProgress.After(campaign);
    }
}
