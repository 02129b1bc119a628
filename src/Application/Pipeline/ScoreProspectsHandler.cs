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

        var anyRejected = false;
        var toEnrich = new List<Guid>();
        foreach (var (prospect, result) in prospects.Zip(results))
        {
            var events = prospect.Score(campaign.Id, result.Score, result.Explanation, campaign.MinMatchScore);
            session.Events.Append(prospect.Id, events);
            if (result.EmbeddingTokens > 0) session.Events.Append(prospect.Id, EmbeddingCharge(matcher.Pricing, prospect.Id, campaign.Id, result.EmbeddingTokens));
            if (events.OfType<ProspectRejected>().Any()) anyRejected = true;
            else toEnrich.Add(prospect.Id);
        }
        if (toEnrich.Count > 0) outgoing.Add(new EnrichProspects(campaign.Id, toEnrich));
        if (anyRejected && CheckCampaignProgress.After(campaign) is { } check) outgoing.Add(check);
        outgoing.Add(new IndexProspects(prospects.Select(p => p.Id).ToList()));
        return outgoing;
    }

    /// <summary>The prospect's share of a paid embedding call, in tokens: the shares of one call add up to its bill.</summary>
    private static ProviderCallCharged EmbeddingCharge(EmbeddingPricing pricing, Guid prospectId, Guid campaignId, long tokens)
    {
        var unitPrice = pricing.PricePerMillionTokens / 1_000_000m;
        return new ProviderCallCharged(prospectId, campaignId, pricing.Provider, "embed", (int)tokens, unitPrice, tokens * unitPrice,
            Billable: true, Outcome: "embedded");
    }
}
