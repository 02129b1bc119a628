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
            await EnrichmentStep.Enrich(session, campaign, stream, waterfall, answers, message.EarlierAttempts + envelope.Attempts, ct);
        }
        catch (ProviderFailure)
        {
            // Tried again later: what was paid for so far is committed now, on its own, so the retry reuses those
            // answers at no cost instead of buying them again, and the ledger has each paid call exactly once.
            await KeepPaidAnswers(session, prospect, campaign, answers, ct);
            throw;
        }
        return CheckCampaignProgress.After(campaign);
    }

    private static async Task KeepPaidAnswers(IDocumentSession session, Prospect prospect, Campaign campaign, ProviderAnswers answers,
        CancellationToken ct)
    {
        if (answers.Fresh.Count == 0) return;
        await using var paid = session.DocumentStore.LightweightSession(session.TenantId);
        paid.Store(answers.Fresh.ToArray());
        paid.Events.Append(prospect.Id, EnrichmentStep.PaidSince(0, answers, prospect, campaign).ToArray());
        await paid.SaveChangesAsync(ct);
    }
}
