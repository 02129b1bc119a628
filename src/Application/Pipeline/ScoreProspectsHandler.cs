using LeadGen.Application.Enrichment;
using LeadGen.Application.Features.Icps;
using LeadGen.Application.Ports;
using LeadGen.Application.Scoring;
using LeadGen.Domain.Campaigns;
using LeadGen.Domain.Icps;
using LeadGen.Domain.Prospects;
using Marten;
using Wolverine;

namespace LeadGen.Application.Pipeline;

/// <summary>Embeds a batch of new prospects and scores them against the campaign's ICP: those at or above the
/// threshold go on to enrichment, the others are rejected.</summary>
public static class ScoreProspectsHandler
{
    /// <summary>Prospects per message: one embedder run of 25 profiles takes well under a second, so a scoring message
    /// never holds the queue long, while still giving the embedder texts to batch.</summary>
    public const int BatchSize = 25;

    public static async Task<OutgoingMessages> Handle(ScoreProspects message, IDocumentSession session, IcpMatcher matcher, CancellationToken ct)
    {
        var outgoing = new OutgoingMessages();
        if (!matcher.Pricing.IsLocal) await SettleUnledgered(session, message, ct);
        var campaign = await session.Events.FetchLatest<Campaign>(message.CampaignId, ct);
        if (campaign is not { State: CampaignState.Running }) return outgoing;

        var prospects = (await session.LoadManyAsync<Prospect>(ct, message.ProspectIds))
            .Where(p => p.StageIn(campaign.Id) == ProspectStage.Discovered)
            .ToList();
        if (prospects.Count == 0) return outgoing;

        var icp = await IcpVersions.Load(session, campaign.IcpId, campaign.IcpVersion, ct)
                  ?? throw new InvalidOperationException($"Campaign {campaign.Id} refers to a missing ICP.");
        var icpVector = await matcher.VectorOf(icp, session, ct);
        var results = await matcher.Score(icp, icpVector, prospects.Select(p => p.Profile).ToList(), ct, icp.EffectiveWeights);

        // The vectors are in the embedding cache already, so a retry would find them at no cost: what they cost is
        // committed first, to reach the ledger with this commit or, if it fails, with the retry's.
        var paid = prospects.Zip(results).Where(x => x.Second.EmbeddingTokens > 0)
            .Select(x => new UnledgeredPurchase
            {
                Id = UnledgeredPurchase.ScoringId(campaign.Id, x.First.Id), Step = PurchaseStep.Scoring, ProspectId = x.First.Id,
                CampaignId = campaign.Id, Charges = [EmbeddingCharge(matcher.Pricing, x.Second.EmbeddingTokens)],
            })
            .ToList();
        if (paid.Count > 0) await Keep(session, paid);

        var anyRejected = false;
        var toEnrich = new List<Guid>();
        foreach (var (prospect, result) in prospects.Zip(results))
        {
            var events = prospect.Score(campaign.Id, result.Score, result.Explanation, campaign.MinMatchScore);
            session.Events.Append(prospect.Id, events);
            if (events.OfType<ProspectRejected>().Any()) anyRejected = true;
            else toEnrich.Add(prospect.Id);
        }
        foreach (var purchase in paid) Settle(session, purchase);
        if (toEnrich.Count > 0) outgoing.Add(new EnrichProspects(campaign.Id, toEnrich));
        if (anyRejected && CheckCampaignProgress.After(campaign) is { } check) outgoing.Add(check);
        outgoing.Add(new IndexProspects(prospects.Select(p => p.Id).ToList()));
        return outgoing;
    }

    /// <summary>Appends what the embeddings of an earlier run of this message cost, whose commit never happened. Only this
    /// message scores these prospects for the campaign, so nothing else settles these purchases.</summary>
    private static async Task SettleUnledgered(IDocumentSession session, ScoreProspects message, CancellationToken ct)
    {
        var ids = message.ProspectIds.ToArray();
        var left = await session.Query<UnledgeredPurchase>()
            .Where(p => p.Step == PurchaseStep.Scoring && p.CampaignId == message.CampaignId && p.ProspectId.IsOneOf(ids))
            .ToListAsync(ct);
        foreach (var purchase in left) Settle(session, purchase);
    }

    private static void Settle(IDocumentSession session, UnledgeredPurchase purchase)
    {
        session.Events.Append(purchase.ProspectId, purchase.Charged());
        session.Delete(purchase);
    }

    private static async Task Keep(IDocumentSession session, List<UnledgeredPurchase> purchases)
    {
        await using var own = session.DocumentStore.LightweightSession(session.TenantId);
        own.Store(purchases.OrderBy(p => p.Id, StringComparer.Ordinal).ToArray());
        await own.SaveChangesAsync(CancellationToken.None);
    }

    /// <summary>The prospect's share of a paid embedding call, in tokens: the shares of one call add up to its bill.</summary>
    private static ProviderCharge EmbeddingCharge(EmbeddingPricing pricing, long tokens) =>
        new(pricing.Provider, "embed", (int)tokens, pricing.PricePerMillionTokens / 1_000_000m, Billable: true, Outcome: "embedded");
}
