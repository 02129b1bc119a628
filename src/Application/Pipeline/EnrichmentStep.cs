using LeadGen.Application.Compliance;
using LeadGen.Application.Enrichment;
using LeadGen.Application.Ports;
using LeadGen.Domain.Campaigns;
using LeadGen.Domain.Prospects;
using Marten;
using JasperFx;
using JasperFx.Events;
using Wolverine;

namespace LeadGen.Application.Pipeline;

/// <summary>Enriching one scored prospect in the handler's session: company data and a verified work email from the
/// waterfall, then qualified or rejected on what was found. Shared by the one-prospect and the batch handler.
/// A person already enriched for another campaign is not paid for again; every paid call is a cost event in the same
/// transaction as the answer, so a redelivered message finds the prospect enriched and charges nothing.</summary>
public static class EnrichmentStep
{
    /// <summary>Attempts before an unavailable provider fails the prospect (matches the retry policy's cooldowns).</summary>
    public const int MaxAttempts = 4;

    /// <summary>Times a throttled enrichment is rescheduled before the prospect is given up on.</summary>
    public const int MaxRateLimitedAttempts = 20;

    /// <summary>Appends what enriching the prospect came to. A provider that refuses for good, or is still failing on
    /// attempt <paramref name="attempt"/>'s last chance, fails the prospect with the reason; otherwise its
    /// <see cref="ProviderFailure"/> is thrown, and the answers this prospect bought before it stay in
    /// <paramref name="answers"/> for the caller to keep (<see cref="PaidSince"/>, <see cref="KeepPaidAnswers"/>).
    /// Returns the message that enriches the prospect later when another enrichment is buying an answer it needs.</summary>
    public static async Task<DeliveryMessage<EnrichProspect>?> Enrich(IDocumentSession session, Campaign campaign, IEventStream<Prospect> stream,
        EnrichmentWaterfall waterfall, ProviderAnswers answers, int attempt, CancellationToken ct)
    {
        var prospect = stream.Aggregate!;

        // Checked before anything is paid: the person may have objected, or been put on the list, since discovery.
        if (await SuppressionCheck.Match(session, prospect, ct) is { } suppression)
        {
            stream.AppendMany(prospect.Suppress(campaign.Id, suppression));
            return null;
        }

        if (prospect.Enrichment is { } earlier)
        {
            // The check above already covered what the earlier enrichment found.
            stream.AppendMany(prospect.CompleteEnrichment(new ProspectEnriched(prospect.Id, campaign.Id, earlier.Company, earlier.Email,
                earlier.EmailStatus, earlier.CompanyProvider, earlier.EmailProvider, ReusedEarlierEnrichment: true), suppressionId: null));
            return null;
        }

        // The budget is checked against what the campaign's settled enrichments cost; enrichments running at the same
        // moment are not counted, so a budget may be overshot by at most the queue's parallelism times one prospect's cost.
        if (campaign.Budget is not null && !campaign.CanSpend(await CampaignSpend.Of(session, campaign.Id, ct))) return null;

        var mark = answers.BuyFor(prospect.Id);
        EnrichmentOutcome outcome;
        try
        {
            outcome = await waterfall.Enrich(prospect.Profile, answers, ct);
        }
        catch (AnswerBeingBought)
        {
            // What this prospect bought before stays on the ledger and in the cache; it is found there at no cost next time.
            stream.AppendMany(PaidSince(mark, answers, prospect, campaign));
            return new EnrichProspect(campaign.Id, prospect.Id, EarlierAttempts: attempt - 1).DelayedFor(AnswerBeingBought.TryAgainAfter);
        }
        catch (ProviderFailure failure) when (GivesUp(failure, attempt))
        {
            // The calls that did answer before this one failed were paid for: they stay on the ledger and in the cache.
            stream.AppendMany(PaidSince(mark, answers, prospect, campaign));
            stream.AppendOne(new ProspectEnrichmentFailed(prospect.Id, campaign.Id, failure.Message));
            return null;
        }
        stream.AppendMany(outcome.Charges.Select(c => c.ChargedTo(prospect.Id, campaign.Id)));

        if (outcome.Company is null && outcome.Email is null)
        {
            stream.AppendOne(new ProspectEnrichmentFailed(prospect.Id, campaign.Id, "no provider found company or email"));
            return null;
        }

        // Qualified in the same transaction rather than by a message of its own, which cost a durable message, two reads
        // and a commit per prospect. The suppression list is checked again first: the address just found may be on it.
        var enriched = new ProspectEnriched(prospect.Id, campaign.Id, outcome.Company, outcome.Email, outcome.EmailStatus,
            outcome.CompanyProvider, outcome.EmailProvider, ReusedEarlierEnrichment: false);
        stream.AppendMany(prospect.CompleteEnrichment(enriched,
            await SuppressionCheck.Match(session, prospect, Domain.Prospects.Enrichment.Of(enriched), ct)));
        return null;
    }

    /// <summary>The cost events of the answers bought for <paramref name="prospect"/> since <paramref name="mark"/>.</summary>
    public static IEnumerable<object> PaidSince(int mark, ProviderAnswers answers, Prospect prospect, Campaign campaign) =>
        answers.Fresh.Skip(mark).SelectMany(a => a.Charges).Select(c => c.ChargedTo(prospect.Id, campaign.Id));

    /// <summary>Sends <paramref name="outgoing"/> and commits the handler's work with the answers it bought, here rather
    /// than in Wolverine's transactional middleware after the handler returns: a commit refused because a prospect's
    /// stream changed meanwhile (feedback, an objection, another campaign enriching the same person) would otherwise roll
    /// back what was paid for, and the retry would buy it again and leave the first purchase off the ledger. The paid
    /// answers are kept first (<see cref="KeepPaidAnswers"/>), then the message is retried against the new state.</summary>
    public static async Task Commit(IDocumentSession session, IMessageContext context, OutgoingMessages outgoing, Guid campaignId,
        ProviderAnswers answers, CancellationToken ct)
    {
        answers.StoreBought();
        foreach (var message in outgoing)
        {
            if (message is ISendMyself delivery) await delivery.ApplyAsync(context);
            else await context.PublishAsync(message);
        }
        try
        {
            await session.SaveChangesAsync(ct);
        }
        catch (ConcurrencyException)
        {
            await KeepPaidAnswers(session, campaignId, answers);
            throw;
        }
    }

    /// <summary>Commits the answers bought so far, with each prospect's cost events, in a transaction of its own: the
    /// handler's is about to roll back, and its retry then reuses these answers at no cost instead of buying them again,
    /// so the ledger has each paid call exactly once. A prospect erased meanwhile keeps its cost events but not the email
    /// answers bought for it. Answers kept as they were bought are committed already, and their charges wait in their
    /// <see cref="UnledgeredPurchase"/> for the retry (<see cref="SettleUnledgered"/>): appended here, without the
    /// version check of the prospect's stream, they could reach the ledger twice.</summary>
    public static async Task KeepPaidAnswers(IDocumentSession session, Guid campaignId, ProviderAnswers answers)
    {
        if (answers.Fresh.All(answers.WasKeptAtOnce)) return;
        await using var paid = session.DocumentStore.LightweightSession(session.TenantId);
        var toKeep = new List<ProviderAnswer>();
        // In id order, the order in which the streams are locked, as two of these may run at once.
        foreach (var (prospect, all) in answers.ByBuyer().OrderBy(b => b.Prospect))
        {
            var bought = all.Where(a => !answers.WasKeptAtOnce(a)).ToList();
            var charges = bought.SelectMany(a => a.Charges).Select(c => c.ChargedTo(prospect, campaignId)).ToArray();
            if (bought.Any(a => a.Operation == "email"))
            {
                // Locked as an erasure locks it: an erasure that committed first is seen here; one that comes after this
                // commit deletes the answers kept (they carry the prospect's id).
                var stream = await paid.Events.FetchForExclusiveWriting<Prospect>(prospect);
                if (stream.Aggregate?.Erased == true) bought.RemoveAll(a => a.Operation == "email");
                stream.AppendMany(charges);
            }
            else if (charges.Length > 0) paid.Events.Append(prospect, charges);
            toKeep.AddRange(bought);
        }
        if (toKeep.Count > 0) paid.Store(ProviderAnswers.InIdOrder(toKeep));
        // Not cancellable: a handler cancelled by its time-out must still keep what it paid for.
        await paid.SaveChangesAsync(CancellationToken.None);
    }

    /// <summary>Appends to <paramref name="streams"/> the charges of the remote answers bought for those prospects whose
    /// enrichment never committed (a crash, a refused commit), and deletes the purchases, in the handler's commit. Called
    /// by each enrichment before anything else, so a retry settles what its failed run left even when it then finds the
    /// campaign stopped. The stream's version makes this and the buyer's own commit exclusive: whichever commits second is
    /// refused and retried, and finds the purchase gone.</summary>
    public static async Task SettleUnledgered(IDocumentSession session, EnrichmentWaterfall waterfall,
        IReadOnlyList<IEventStream<Prospect>> streams, CancellationToken ct)
    {
        if (!waterfall.KeepsAnswersAtOnce || streams.Count == 0) return;
        var ids = streams.Select(s => s.Id).ToArray();
        // Not a scoring purchase: scoring appends without a version check, so only its own retry may settle those.
        var left = await session.Query<UnledgeredPurchase>()
            .Where(p => p.Step == PurchaseStep.Enrichment && p.ProspectId.IsOneOf(ids)).ToListAsync(ct);
        foreach (var purchase in left.OrderBy(p => p.Id, StringComparer.Ordinal))
        {
            streams.First(s => s.Id == purchase.ProspectId).AppendMany(purchase.Charged());
            session.Delete(purchase);
        }
    }

    private static bool GivesUp(ProviderFailure failure, int attempt) => failure.Kind switch
    {
        ProviderFailureKind.Permanent => true,
        ProviderFailureKind.RateLimited => attempt >= MaxRateLimitedAttempts,
        _ => attempt >= MaxAttempts,
    };
}
