using LeadGen.Application.Compliance;
using LeadGen.Application.Enrichment;
using LeadGen.Application.Ports;
using LeadGen.Domain.Campaigns;
using LeadGen.Domain.Prospects;
using Marten;
using Wolverine;

namespace LeadGen.Application.Pipeline;

/// <summary>Enriches a prospect that scored well enough: company data and a verified work email from the waterfall,
/// and qualifies or rejects them on what it found.
/// A person already enriched for another campaign is not paid for again; every paid call is a cost event in the
/// same transaction as the answer, so a redelivered message finds the prospect enriched and charges nothing.
/// A provider that refuses for good fails only this prospect, with the reason; one that is down is retried by
/// Wolverine's error policy, and after the last attempt the prospect fails too, so the campaign can still finish.</summary>
public static class EnrichProspectHandler
{
    /// <summary>Attempts before an unavailable provider fails the prospect (matches the retry policy's cooldowns).</summary>
    public const int MaxAttempts = 4;

    /// <summary>Times a throttled enrichment is rescheduled before the prospect is given up on.</summary>
    public const int MaxRateLimitedAttempts = 20;

    public static async Task<object?> Handle(
        EnrichProspect message, IDocumentSession session, EnrichmentWaterfall waterfall, TimeProvider clock, Wolverine.Envelope envelope,
        CancellationToken ct)
    {
        var campaign = await session.Events.FetchLatest<Campaign>(message.CampaignId, ct);
        if (campaign is not { State: CampaignState.Running }) return null;

        var stream = await session.Events.FetchForWriting<Prospect>(message.ProspectId, ct);
        var prospect = stream.Aggregate;
        if (prospect is null || !prospect.AwaitsEnrichment(message.CampaignId)) return null;

        // Checked before anything is paid: the person may have objected, or been put on the list, since discovery.
        if (await SuppressionCheck.Match(session, prospect, ct) is { } suppression)
        {
            stream.AppendMany(prospect.Suppress(campaign.Id, suppression));
            return CheckCampaignProgress.After(campaign);
        }

        if (prospect.Enrichment is { } earlier)
        {
            // The check above already covered what the earlier enrichment found.
            stream.AppendMany(prospect.CompleteEnrichment(new ProspectEnriched(prospect.Id, campaign.Id, earlier.Company, earlier.Email,
                earlier.EmailStatus, earlier.CompanyProvider, earlier.EmailProvider, ReusedEarlierEnrichment: true), suppressionId: null));
            return CheckCampaignProgress.After(campaign);
        }

        // The budget is checked against what the campaign's settled enrichments cost; enrichments running at the same
        // moment are not counted, so a budget may be overshot by at most the queue's parallelism times one prospect's cost.
        if (campaign.Budget is not null && !campaign.CanSpend(await CampaignSpend.Of(session, campaign.Id, ct)))
            return CheckCampaignProgress.After(campaign);

        EnrichmentOutcome outcome;
        var answers = new ProviderAnswers(session, clock.GetUtcNow(), waterfall.AnswerTtl);
        try
        {
            outcome = await waterfall.Enrich(prospect.Profile, answers, ct);
        }
        catch (ProviderFailure failure) when (GivesUp(failure, envelope.Attempts))
        {
            // The calls that did answer before this one failed were paid for: they stay on the ledger and in the cache.
            stream.AppendMany(answers.Fresh.SelectMany(a => a.Charges).Select(c => Charged(prospect, campaign, c)));
            stream.AppendOne(new ProspectEnrichmentFailed(prospect.Id, campaign.Id, failure.Message));
            return CheckCampaignProgress.After(campaign);
        }
        catch (ProviderFailure)
        {
            // Tried again later: what was paid for so far is committed now, on its own, so the retry reuses those
            // answers at no cost instead of buying them again, and the ledger has each paid call exactly once.
            await KeepPaidAnswers(session, prospect, campaign, answers, ct);
            throw;
        }
        stream.AppendMany(outcome.Charges.Select(c => Charged(prospect, campaign, c)));

        if (outcome.Company is null && outcome.Email is null)
        {
            stream.AppendOne(new ProspectEnrichmentFailed(prospect.Id, campaign.Id, "no provider found company or email"));
            return CheckCampaignProgress.After(campaign);
        }

        // Qualified in the same transaction rather than by a message of its own, which cost a durable message, two reads
        // and a commit per prospect. The suppression list is checked again first: the address just found may be on it.
        var enriched = new ProspectEnriched(prospect.Id, campaign.Id, outcome.Company, outcome.Email, outcome.EmailStatus,
            outcome.CompanyProvider, outcome.EmailProvider, ReusedEarlierEnrichment: false);
        stream.AppendMany(prospect.CompleteEnrichment(enriched,
            await SuppressionCheck.Match(session, prospect, Domain.Prospects.Enrichment.Of(enriched), ct)));
        return CheckCampaignProgress.After(campaign);
    }

    private static ProviderCallCharged Charged(Prospect prospect, Campaign campaign, ProviderCharge charge) =>
        new(prospect.Id, campaign.Id, charge.Provider, charge.Operation, charge.Units, charge.UnitPrice, charge.Cost, charge.Billable,
            charge.Outcome ?? (charge.Billable ? "found" : "not-found"));

    private static async Task KeepPaidAnswers(IDocumentSession session, Prospect prospect, Campaign campaign, ProviderAnswers answers,
        CancellationToken ct)
    {
        if (answers.Fresh.Count == 0) return;
        await using var paid = session.DocumentStore.LightweightSession(session.TenantId);
        paid.Store(answers.Fresh.ToArray());
        paid.Events.Append(prospect.Id, answers.Fresh.SelectMany(a => a.Charges).Select(c => Charged(prospect, campaign, c)).ToArray());
        await paid.SaveChangesAsync(ct);
    }

    private static bool GivesUp(ProviderFailure failure, int attempts) => failure.Kind switch
    {
        ProviderFailureKind.Permanent => true,
        ProviderFailureKind.RateLimited => attempts >= MaxRateLimitedAttempts,
        _ => attempts >= MaxAttempts,
    };
}
