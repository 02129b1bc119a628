using LeadGen.Domain.Common;

namespace LeadGen.Domain.Campaigns;

/// <summary>A prospecting campaign: what it looks for, where, and how far discovery has come on each platform.</summary>
public sealed class Campaign
{
    public const int MaxProspectsLimit = 100_000;

    public Guid Id { get; set; }
    public long Version { get; set; }
    public string Name { get; set; } = "";
    public Guid IcpId { get; set; }
    public int IcpVersion { get; set; }
    public int MaxProspects { get; set; }
    public double MinMatchScore { get; set; }
    public decimal? Budget { get; set; }
    public CampaignState State { get; set; }
    public int Discovered { get; set; }
    public bool DiscoveryDone { get; set; }
    public Dictionary<string, PlatformProgress> Platforms { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The shares of the budget whose crossing has been alerted, each once.</summary>
    public List<double> AlertedBudgetShares { get; set; } = [];

    public int RemainingCapacity => Math.Max(0, MaxProspects - Discovered);

    public static CampaignStarted Start(
        Guid campaignId, string name, Guid icpId, int icpVersion, IReadOnlyList<string> platforms,
        int maxProspects, double minMatchScore, decimal? budget, string startedBy)
    {
        if (platforms.Count == 0) throw new BusinessRuleViolation("A campaign needs at least one platform.");
        if (maxProspects is < 1 or > MaxProspectsLimit)
            throw new BusinessRuleViolation($"maxProspects must be between 1 and {MaxProspectsLimit}.");
        if (minMatchScore is < 0 or > 1) throw new BusinessRuleViolation("minMatchScore must be between 0 and 1.");
        var distinct = platforms.Select(p => p.ToLowerInvariant()).Distinct().ToList();
        return new CampaignStarted(campaignId, name, icpId, icpVersion, distinct, maxProspects, minMatchScore, budget, startedBy);
    }

    /// <summary>Whether a discovery message for this page is the one the campaign waits for; a redelivered or stale
    /// message for a page already taken in is not.</summary>
    public bool IsAwaitingPage(string platform, int page) =>
        State == CampaignState.Running
        && Platforms.TryGetValue(platform, out var progress)
        && !progress.Finished
        && progress.NextPage == page;

    public string? CursorOf(string platform) => Platforms.TryGetValue(platform, out var p) ? p.Cursor : null;

    /// <summary>Takes in one page of a platform's results. Discovery of the platform ends when the platform has no
    /// more, or the campaign has as many prospects as it asked for; the whole discovery ends with the last platform.</summary>
    public IReadOnlyList<ICampaignEvent> RecordPage(string platform, int page, string? nextCursor, int found, int added)
    {
        if (!IsAwaitingPage(platform, page))
            throw new BusinessRuleViolation($"Page {page} of {platform} is not the one this campaign is waiting for.");
        if (added > RemainingCapacity)
            throw new BusinessRuleViolation("A page may not add more prospects than the campaign has room for.");

        var events = new List<ICampaignEvent> { new DiscoveryPageRecorded(Id, platform, page, nextCursor, found, added) };
        var capacityReached = Discovered + added >= MaxProspects;
        if (nextCursor is null || capacityReached)
        {
            events.AddRange(FinishPlatform(platform, capacityReached ? "max-prospects-reached" : "exhausted", Discovered + added));
        }
        return events;
    }

    /// <summary>A platform that cannot be searched fails only its own share of the campaign.</summary>
    public IReadOnlyList<ICampaignEvent> RecordPlatformFailure(string platform, string reason)
    {
        if (State != CampaignState.Running || !Platforms.TryGetValue(platform, out var progress) || progress.Finished)
            return [];
        return FinishPlatform(platform, $"failed: {reason}", Discovered);
    }

    private List<ICampaignEvent> FinishPlatform(string platform, string reason, int discoveredAfter)
    {
        var events = new List<ICampaignEvent> { new PlatformDiscoveryFinished(Id, platform, reason) };
        var othersFinished = Platforms.Where(p => !string.Equals(p.Key, platform, StringComparison.OrdinalIgnoreCase))
            .All(p => p.Value.Finished);
        if (othersFinished || discoveredAfter >= MaxProspects)
            events.Add(new DiscoveryCompleted(Id, discoveredAfter));
        return events;
    }

    /// <summary>Whether a prospect reaching the end of its way can change the campaign: by spending the budget, or by
    /// being the last one in flight once discovery is done. Until then, without a budget, nothing needs checking.</summary>
    public bool WatchesSettlingProspects => State == CampaignState.Running && (Budget is not null || DiscoveryDone);

    /// <summary>The campaign completes by itself once discovery is done and no prospect is still on its way.</summary>
    public CampaignCompleted? CompleteIfSettled(int prospectsInFlight) =>
        State == CampaignState.Running && DiscoveryDone && prospectsInFlight == 0 ? new CampaignCompleted(Id) : null;

    /// <summary>Whether the campaign may pay for another call, given what it has spent so far.</summary>
    public bool CanSpend(decimal spent) => Budget is null || spent < Budget;

    /// <summary>Ends a running campaign whose spending reached its budget.</summary>
    public CampaignBudgetExhausted? ExhaustBudgetIfSpent(decimal spent) =>
        State == CampaignState.Running && Budget is { } budget && spent >= budget ? new CampaignBudgetExhausted(Id, spent, budget) : null;

    /// <summary>An alert for each configured share of the budget that spending has reached and that was not alerted yet.</summary>
    public IReadOnlyList<CampaignBudgetAlertRaised> AlertBudgetShares(decimal spent, IEnumerable<double> shares) =>
        Budget is { } budget && budget > 0
            ? shares.Where(s => s > 0 && !AlertedBudgetShares.Contains(s) && spent >= budget * (decimal)s)
                .Order()
                .Select(s => new CampaignBudgetAlertRaised(Id, s, spent, budget))
                .ToList()
            : [];

    public CampaignCancelled Cancel(string cancelledBy, string? reason)
    {
        if (State != CampaignState.Running)
            throw new BusinessRuleViolation($"The campaign is {State.ToApiName()}; only a running campaign can be cancelled.");
        return new CampaignCancelled(Id, reason, cancelledBy);
    }

    /// <summary>Applies any of the campaign's events; the one place that knows which Apply an event goes to.</summary>
    public void Evolve(object @event)
    {
        switch (@event)
        {
            case CampaignStarted e: When(e); break;
            case DiscoveryPageRecorded e: When(e); break;
            case PlatformDiscoveryFinished e: When(e); break;
            case DiscoveryCompleted e: When(e); break;
            case CampaignCompleted e: When(e); break;
            case CampaignCancelled e: When(e); break;
            case CampaignBudgetExhausted e: When(e); break;
            case CampaignBudgetAlertRaised e: AlertedBudgetShares.Add(e.Share); break;
        }
    }

    private void When(CampaignStarted e)
    {
        Id = e.CampaignId;
        Name = e.Name;
        IcpId = e.IcpId;
        IcpVersion = e.IcpVersion;
        MaxProspects = e.MaxProspects;
        MinMatchScore = e.MinMatchScore;
        Budget = e.Budget;
        State = CampaignState.Running;
        Platforms = e.Platforms.ToDictionary(p => p, _ => new PlatformProgress(1, null, false), StringComparer.OrdinalIgnoreCase);
    }

    private void When(DiscoveryPageRecorded e)
    {
        Discovered += e.Added;
        Platforms[e.Platform] = new PlatformProgress(e.Page + 1, e.NextCursor, false);
    }

    private void When(PlatformDiscoveryFinished e) =>
        Platforms[e.Platform] = Platforms[e.Platform] with { Finished = true };

    private void When(DiscoveryCompleted e) => DiscoveryDone = true;

    private void When(CampaignCompleted e) => State = CampaignState.Completed;

    private void When(CampaignCancelled e) => State = CampaignState.Cancelled;

    private void When(CampaignBudgetExhausted e) => State = CampaignState.BudgetExhausted;
}

/// <summary>Where discovery stands on one platform: the page expected next and the platform's cursor for it.</summary>
public sealed record PlatformProgress(int NextPage, string? Cursor, bool Finished);
