namespace LeadGen.Domain.Campaigns;

/// <summary>Every event that counts toward a campaign names it, so read models can file it under the campaign.</summary>
public interface ICampaignEvent
{
    Guid CampaignId { get; }
}

public sealed record CampaignStarted(
    Guid CampaignId,
    string Name,
    Guid IcpId,
    int IcpVersion,
    IReadOnlyList<string> Platforms,
    int MaxProspects,
    double MinMatchScore,
    decimal? Budget,
    string StartedBy) : ICampaignEvent;

/// <summary>One page of a platform's results was taken in. <see cref="NextCursor"/> is where the next page starts.</summary>
public sealed record DiscoveryPageRecorded(
    Guid CampaignId,
    string Platform,
    int Page,
    string? NextCursor,
    int Found,
    int Added) : ICampaignEvent;

/// <summary>A platform has nothing more to give this campaign: exhausted, capacity reached, or it failed.</summary>
public sealed record PlatformDiscoveryFinished(Guid CampaignId, string Platform, string Reason) : ICampaignEvent;

public sealed record DiscoveryCompleted(Guid CampaignId, int Discovered) : ICampaignEvent;

public sealed record CampaignCompleted(Guid CampaignId) : ICampaignEvent;

public sealed record CampaignCancelled(Guid CampaignId, string? Reason, string CancelledBy) : ICampaignEvent;

/// <summary>The campaign spent its budget: it pays for nothing more, and the prospects not yet enriched stay scored.</summary>
public sealed record CampaignBudgetExhausted(Guid CampaignId, decimal Spent, decimal Budget) : ICampaignEvent;

/// <summary>People on the tenant's suppression list were left out of a page of results before anything about them was
/// stored; only how many is recorded.</summary>
public sealed record SuppressedProspectsSkipped(Guid CampaignId, string Platform, int Page, int Count) : ICampaignEvent;

/// <summary>The campaign's spending reached <see cref="Share"/> of its budget (e.g. 0.8): analysts are alerted once per share.</summary>
public sealed record CampaignBudgetAlertRaised(Guid CampaignId, double Share, decimal Spent, decimal Budget) : ICampaignEvent;
