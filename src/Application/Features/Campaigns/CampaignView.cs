using LeadGen.Application.ReadModels;
using LeadGen.Domain.Campaigns;

namespace LeadGen.Application.Features.Campaigns;

/// <summary>A campaign as the HTTP contract shows it.</summary>
public sealed record CampaignView(
    Guid Id, string Name, Guid IcpId, int IcpVersion, string Status, IReadOnlyList<string> Platforms,
    IReadOnlyDictionary<string, string> PlatformOutcomes, int MaxProspects, double MinMatchScore, decimal? Budget,
    bool DiscoveryCompleted, int Discovered, int Scored, int Enriched, int Qualified, int Rejected, int Failed, int Converted,
    int Suppressed, decimal Cost, DateTimeOffset StartedAt, DateTimeOffset? CompletedAt)
{
    public static CampaignView From(CampaignStatusView v) => new(
        v.Id, v.Name, v.IcpId, v.IcpVersion, v.Status.ToApiName(), v.Platforms, v.PlatformOutcomes, v.MaxProspects,
        v.MinMatchScore, v.Budget, v.DiscoveryCompleted, v.Discovered, v.Scored, v.Enriched, v.Qualified, v.Rejected,
        v.Failed, v.Converted, v.Suppressed, v.Cost, v.StartedAt, v.CompletedAt);
}
