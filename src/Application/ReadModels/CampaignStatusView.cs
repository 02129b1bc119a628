using JasperFx.Events;
using LeadGen.Domain.Campaigns;
using LeadGen.Domain.Prospects;
using Marten.Events.Projections;

namespace LeadGen.Application.ReadModels;

/// <summary>A campaign's status and its counts by stage, as GET /campaigns/{id} shows it: one document, one load.
/// Counts are cumulative ("reached this stage at some point"), hence monotone: discovered ≥ scored ≥ enriched ≥
/// qualified ≥ converted.</summary>
public sealed class CampaignStatusView
{
    public Guid Id { get; set; }
    public string Name { get; set; } = "";
    public Guid IcpId { get; set; }
    public int IcpVersion { get; set; }
    public CampaignState Status { get; set; }
    public List<string> Platforms { get; set; } = [];
    public Dictionary<string, string> PlatformOutcomes { get; set; } = [];
    public int MaxProspects { get; set; }
    public double MinMatchScore { get; set; }
    public decimal? Budget { get; set; }
    public bool DiscoveryCompleted { get; set; }
    public int Discovered { get; set; }
    public int Scored { get; set; }
    public int Enriched { get; set; }
    public int Qualified { get; set; }
    public int Rejected { get; set; }
    public int Failed { get; set; }
    public int Converted { get; set; }

    /// <summary>People the suppression list kept out: skipped at discovery, or stopped before enrichment or qualification.</summary>
    public int Suppressed { get; set; }
    public decimal Cost { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public static CampaignStatusView Seed(CampaignStarted started, DateTimeOffset at)
    {
        var view = new CampaignStatusView();
        view.Apply(started, at);
        return view;
    }

    internal void Apply(CampaignStarted e, DateTimeOffset at)
    {
        Id = e.CampaignId;
        Name = e.Name;
        IcpId = e.IcpId;
        IcpVersion = e.IcpVersion;
        Status = CampaignState.Running;
        Platforms = [.. e.Platforms];
        MaxProspects = e.MaxProspects;
        MinMatchScore = e.MinMatchScore;
        Budget = e.Budget;
        StartedAt = at;
        UpdatedAt = at;
    }
}

public sealed class CampaignStatusProjection : MultiStreamProjection<CampaignStatusView, Guid>
{
    public CampaignStatusProjection()
    {
        Identity<ICampaignEvent>(e => e.CampaignId);
    }

    public void Apply(CampaignStatusView view, IEvent<CampaignStarted> e) => view.Apply(e.Data, e.Timestamp);

    public void Apply(CampaignStatusView view, IEvent<PlatformDiscoveryFinished> e) =>
        Touch(view, e, v => v.PlatformOutcomes[e.Data.Platform] = e.Data.Reason);

    public void Apply(CampaignStatusView view, IEvent<DiscoveryCompleted> e) => Touch(view, e, v => v.DiscoveryCompleted = true);

    public void Apply(CampaignStatusView view, IEvent<CampaignCompleted> e) => Touch(view, e, v =>
    {
        v.Status = CampaignState.Completed;
        v.CompletedAt = e.Timestamp;
    });

    public void Apply(CampaignStatusView view, IEvent<CampaignCancelled> e) => Touch(view, e, v =>
    {
        v.Status = CampaignState.Cancelled;
        v.CompletedAt = e.Timestamp;
    });

    public void Apply(CampaignStatusView view, IEvent<CampaignBudgetExhausted> e) => Touch(view, e, v =>
    {
        v.Status = CampaignState.BudgetExhausted;
        v.CompletedAt = e.Timestamp;
    });

    public void Apply(CampaignStatusView view, IEvent<ProspectDiscovered> e) => Touch(view, e, v => v.Discovered++);
    public void Apply(CampaignStatusView view, IEvent<ProspectScored> e) => Touch(view, e, v => v.Scored++);
    public void Apply(CampaignStatusView view, IEvent<ProspectRejected> e) => Touch(view, e, v => v.Rejected++);
    public void Apply(CampaignStatusView view, IEvent<ProspectSuppressed> e) => Touch(view, e, v => v.Suppressed++);
    public void Apply(CampaignStatusView view, IEvent<SuppressedProspectsSkipped> e) => Touch(view, e, v => v.Suppressed += e.Data.Count);
    public void Apply(CampaignStatusView view, IEvent<ProspectEnriched> e) => Touch(view, e, v => v.Enriched++);
    public void Apply(CampaignStatusView view, IEvent<ProspectEnrichmentFailed> e) => Touch(view, e, v => v.Failed++);
    public void Apply(CampaignStatusView view, IEvent<ProspectQualified> e) => Touch(view, e, v => v.Qualified++);
    public void Apply(CampaignStatusView view, IEvent<ProspectConverted> e) => Touch(view, e, v => v.Converted++);
    public void Apply(CampaignStatusView view, IEvent<ProviderCallCharged> e) => Touch(view, e, v => v.Cost += e.Data.Cost);

    private static void Touch(CampaignStatusView view, IEvent e, Action<CampaignStatusView> change)
    {
        change(view);
        view.UpdatedAt = e.Timestamp;
    }
}
