using LeadGen.Domain.Campaigns;

namespace LeadGen.Application.Pipeline;

// The pipeline's durable messages. Each names the campaign (and prospect) it is about and carries no personal data;
// the tenant travels on the envelope. Every handler checks the aggregate's state first, so a redelivered message
// changes nothing twice.

/// <summary>Take in page <see cref="Page"/> of a platform's results for a campaign.</summary>
public sealed record DiscoverProspects(Guid CampaignId, string Platform, int Page);

/// <summary>Embed and score newly discovered prospects together, so the embedder sees batches.</summary>
public sealed record ScoreProspects(Guid CampaignId, IReadOnlyList<Guid> ProspectIds);

/// <summary>Enrich scored prospects of a campaign without a budget in one transaction: a durable message, a campaign read
/// and a commit for a batch rather than for each prospect.</summary>
public sealed record EnrichProspects(Guid CampaignId, IReadOnlyList<Guid> ProspectIds);

/// <summary>Enrich one prospect: of a campaign with a budget (checked before each), or handed on by a batch when a
/// provider was unavailable, having been tried <paramref name="EarlierAttempts"/> times there.</summary>
public sealed record EnrichProspect(Guid CampaignId, Guid ProspectId, int EarlierAttempts = 0);

public sealed record QualifyProspect(Guid CampaignId, Guid ProspectId);

/// <summary>A prospect reached a terminal stage or discovery ended: the campaign may be complete. Sent by discovery's
/// end with <paramref name="UntilSettled"/>, it looks again every second until the campaign has settled: a prospect that
/// settled while discovery was ending may have seen discovery still running, and so sent no check of its own.</summary>
public sealed record CheckCampaignProgress(Guid CampaignId, bool UntilSettled = false)
{
    /// <summary>The check a prospect that settled sends, or none while that cannot change the campaign.</summary>
    public static CheckCampaignProgress? After(Campaign campaign) =>
        campaign.WatchesSettlingProspects ? new CheckCampaignProgress(campaign.Id) : null;
}

/// <summary>Put scored prospects' profile vectors into the tenant's vector index, for lookalike search. Apart from
/// scoring so that an index outage delays only lookalikes, never a campaign.</summary>
public sealed record IndexProspects(IReadOnlyList<Guid> ProspectIds);
