using LeadGen.Application.Compliance;
using LeadGen.Application.Features.Icps;
using LeadGen.Application.Ports;
using LeadGen.Application.ReadModels;
using LeadGen.Application.Scoring;
using LeadGen.Domain.Campaigns;
using LeadGen.Domain.Icps;
using LeadGen.Domain.Prospects;
using Marten;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Wolverine;

namespace LeadGen.Application.Pipeline;

/// <summary>Takes in one page of a platform's search results: new people become prospects of the campaign, people
/// the tenant already knows join it, and the campaign stream records the platform's cursor — all in one transaction
/// with the messages for scoring and for the next page (Wolverine's Marten outbox).</summary>
public static class DiscoverProspectsHandler
{
    public const int PageSize = 100;

    /// <summary>Discovery outruns scoring (a page takes milliseconds, scoring it seconds), so a campaign takes in its
    /// next page only while fewer than this many of its prospects await scoring. Otherwise every page's scoring
    /// messages would queue behind the ones before — 19 s at the 99th percentile on a 10,000-prospect campaign — and
    /// a cancelled campaign would have discovered people it never needed.</summary>
    public const int ScoringBacklogLimit = 100;

    /// <summary>How long a held page waits before discovery looks at the backlog again.</summary>
    public static readonly TimeSpan BacklogPause = TimeSpan.FromMilliseconds(250);

    public static async Task<OutgoingMessages> Handle(
        DiscoverProspects message,
        IDocumentSession session,
        IEnumerable<IProspectingPlatform> platforms,
        ILogger<CampaignPipeline> logger,
        IOptions<ComplianceOptions> compliance,
        IcpMatcher matcher,
        CancellationToken ct)
    {
        var outgoing = new OutgoingMessages();
        var stream = await session.Events.FetchForWriting<Campaign>(message.CampaignId, ct);
        var campaign = stream.Aggregate;
        if (campaign is null || !campaign.IsAwaitingPage(message.Platform, message.Page)) return outgoing;

        // InFlight is implied by the stage and is what the index covers: without it PostgreSQL read every row the
        // campaign had, 0.1–0.25 s at 19,000 rows, on every page and every retry of a held one.
        var awaitingScoring = await session.Query<CampaignProspect>()
            .CountAsync(x => x.CampaignId == campaign.Id && x.InFlight && x.Stage == ProspectStage.Discovered, ct);
        if (awaitingScoring >= ScoringBacklogLimit)
        {
            outgoing.Add(message.DelayedFor(BacklogPause));
            return outgoing;
        }

        var icp = await IcpVersions.Load(session, campaign.IcpId, campaign.IcpVersion, ct)
                  ?? throw new InvalidOperationException($"Campaign {campaign.Id} refers to a missing ICP.");
        var platform = platforms.FirstOrDefault(p => p.Name == message.Platform);
        PlatformPage page;
        try
        {
            if (platform is null) throw new PlatformUnavailableException($"platform '{message.Platform}' is not configured");
            page = await platform.SearchAsync(new PlatformQuery(icp.Criteria, icp.Persona), campaign.CursorOf(message.Platform), PageSize, ct);
        }
        catch (Exception e) when (e is PlatformUnavailableException or ProviderFailure { Kind: ProviderFailureKind.Permanent })
        {
            // Refused for good (credentials, permissions): retrying changes nothing, so only this platform's share fails.
            logger.LogWarning("Discovery on {Platform} failed for campaign {CampaignId}: {Reason}", message.Platform, campaign.Id, e.Message);
            var events = campaign.RecordPlatformFailure(message.Platform, e.Message);
            stream.AppendMany(events);
            if (events.OfType<DiscoveryCompleted>().Any()) outgoing.Add(new CheckCampaignProgress(campaign.Id, UntilSettled: true));
            return outgoing;
        }

        var candidates = page.Profiles
            .Select(profile => (Profile: profile, Id: ProspectIdentity.For(session.TenantId, message.Platform, profile.ExternalId)))
            .DistinctBy(c => c.Id)
            .ToList();
        var known = (await session.LoadManyAsync<Prospect>(ct, candidates.Select(c => c.Id)))
            .ToDictionary(p => p.Id);
        var keys = candidates.ToDictionary(c => c.Id, c => SuppressionKeys.Of(session.TenantId, message.Platform, c.Profile));
        var suppressed = await SuppressionList.Listed(session, keys.Values.SelectMany(k => k), ct);
        var source = new DataSource(message.Platform, campaign.Id, "legitimate-interest", QueryDescription(icp),
            BalancingTest: compliance.Value.BalancingTestOf(session.TenantId));

        var added = new List<Guid>();
        var skipped = 0;
        foreach (var (profile, id) in candidates)
        {
            if (added.Count == campaign.RemainingCapacity) break;
            if (keys[id].Any(suppressed.Contains) || known.GetValueOrDefault(id)?.IsSuppressed == true)
            {
                skipped++; // nothing about them is stored: not even the fact that this campaign saw them, beyond a count
                continue;
            }
            var discovered = new ProspectDiscovered(id, campaign.Id, message.Platform, profile,
                page.Consents?.GetValueOrDefault(profile.ExternalId) is { } consent ? source with { LawfulBasis = "consent", Consent = consent } : source);
            if (!known.TryGetValue(id, out var prospect)) session.Events.StartStream<Prospect>(id, discovered);
            else if (prospect.StageIn(campaign.Id) is null) session.Events.Append(id, discovered);
            else continue; // already this campaign's prospect: found twice, kept once
            added.Add(id);
        }

        var recorded = campaign.RecordPage(message.Platform, message.Page, page.NextCursor, page.Profiles.Count, added.Count);
        if (skipped > 0) stream.AppendOne(new SuppressedProspectsSkipped(campaign.Id, message.Platform, message.Page, skipped));
        stream.AppendMany(recorded);

        // The ICP's vector is embedded here, once, in the sequential discovery queue: the scoring batches run side by side
        // and would otherwise each embed it (and, with a paid provider, each pay for it).
        if (added.Count > 0) await matcher.VectorOf(icp, session, ct);
        foreach (var batch in added.Chunk(ScoreProspectsHandler.BatchSize)) outgoing.Add(new ScoreProspects(campaign.Id, batch));
        if (!recorded.OfType<PlatformDiscoveryFinished>().Any())
            outgoing.Add(new DiscoverProspects(campaign.Id, message.Platform, message.Page + 1));
        if (recorded.OfType<DiscoveryCompleted>().Any()) outgoing.Add(new CheckCampaignProgress(campaign.Id, UntilSettled: true));
        return outgoing;
    }

    private static string QueryDescription(Icp icp) => $"ICP {icp.Id} v{icp.Version}";
}

/// <summary>A platform cannot be searched (not configured, credentials refused, gone): its share of a campaign fails,
/// the rest goes on.</summary>
public sealed class PlatformUnavailableException(string message) : Exception(message);

/// <summary>Category name for the pipeline's log lines.</summary>
public sealed class CampaignPipeline;
