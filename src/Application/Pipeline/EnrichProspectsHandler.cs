using LeadGen.Application.Enrichment;
using LeadGen.Application.Ports;
using LeadGen.Domain.Campaigns;
using LeadGen.Domain.Prospects;
using Marten;
using Wolverine;

namespace LeadGen.Application.Pipeline;

/// <summary>Enriches a scoring batch's prospects (<see cref="EnrichmentStep"/>) in one transaction: one durable message,
/// one campaign read, one read of the prospects and one commit for up to 25 people, where a message per prospect spent
/// most of its time on those. The first provider that is unavailable hands this prospect and the rest on to
/// <see cref="EnrichProspect"/> messages, due when the provider asked to be tried again, so an outage is retried per
/// prospect as before and never holds a whole batch; what was bought before it commits with the batch. A prospect
/// whose company or email another enrichment is buying at that moment is handed on alone, and the batch goes on.</summary>
public static class EnrichProspectsHandler
{
    /// <summary>How long a batch takes on new prospects: slow remote providers hand the rest on to a batch of their own,
    /// well inside the handler's time-out, so a batch never times out for being a batch.</summary>
    public static readonly TimeSpan TimeBudget = TimeSpan.FromSeconds(15);

    public static async Task<OutgoingMessages> Handle(EnrichProspects message, IDocumentSession session, IMessageContext context,
        EnrichmentWaterfall waterfall, TimeProvider clock, CancellationToken ct)
    {
        var outgoing = new OutgoingMessages();
        var streams = await session.Events.FetchManyForWriting<Prospect>(message.ProspectIds, ct);
        await EnrichmentStep.SettleUnledgered(session, waterfall, streams, ct);
        var campaign = await session.Events.FetchLatest<Campaign>(message.CampaignId, ct);
        if (campaign is not { State: CampaignState.Running }) return outgoing;
        if (campaign.Budget is not null)
        {
            // A budget is checked before each prospect against what has been committed, so those go one at a time.
            outgoing.AddRange(message.ProspectIds.Select(id => new EnrichProspect(campaign.Id, id)));
            return outgoing;
        }

        var waiting = streams.Where(stream => stream.Aggregate?.AwaitsEnrichment(campaign.Id) == true).ToList();
        var answers = new ProviderAnswers(session, campaign.Id, clock.GetUtcNow(), waterfall.AnswerTtl);
        var started = clock.GetTimestamp();
        try
        {
            for (var i = 0; i < waiting.Count; i++)
            {
                if (clock.GetElapsedTime(started) > TimeBudget)
                {
                    outgoing.Add(new EnrichProspects(campaign.Id, waiting.Skip(i).Select(s => s.Id).ToList()));
                    break;
                }

                var prospect = waiting[i].Aggregate!;
                var mark = answers.Fresh.Count;
                try
                {
                    if (await EnrichmentStep.Enrich(session, campaign, waiting[i], waterfall, answers, attempt: 1, ct) is { } later)
                        outgoing.Add(later);
                }
                catch (ProviderFailure failure)
                {
                    waiting[i].AppendMany(EnrichmentStep.PaidSince(mark, answers, prospect, campaign));
                    outgoing.Add(new EnrichProspect(campaign.Id, prospect.Id, EarlierAttempts: 1).DelayedFor(failure.TryAgainAfter));
                    foreach (var rest in waiting.Skip(i + 1))
                        outgoing.Add(new EnrichProspect(campaign.Id, rest.Id).DelayedFor(failure.TryAgainAfter));
                    break;
                }
            }
        }
        catch (Exception)
        {
            // The batch's transaction will roll back and the message be retried: the answers bought so far are kept first.
            await EnrichmentStep.KeepPaidAnswers(session, campaign.Id, answers);
            throw;
        }
        if (CheckCampaignProgress.After(campaign) is { } check) outgoing.Add(check);
        // Committed here rather than after returning, so that a refused commit keeps what was paid for (see Commit).
        await EnrichmentStep.Commit(session, context, outgoing, campaign.Id, answers, ct);
        return [];
    }
}
