using System.Globalization;
using JasperFx.Events;
using LeadGen.Domain.Campaigns;
using LeadGen.Domain.Prospects;
using Marten;
using Marten.Events.Projections;

namespace LeadGen.Application.ReadModels;

/// <summary>
/// One line of the audit trail: an event about a data subject (a prospect) or a campaign, who caused it, and when.
/// Its id is the event's, so rebuilding the projection rewrites the same lines. It holds no personal data by
/// construction (ids, types, scores, providers, costs, lawful bases), so an erasure leaves it as it is.
/// <see cref="Consent"/> marks the lines that make up the consent history: the lawful basis a person was found under,
/// consents, objections and withdrawals, and the erasure.
/// </summary>
public sealed class AuditEntry
{
    public Guid Id { get; set; }
    public Guid? SubjectId { get; set; }
    public Guid? CampaignId { get; set; }
    public long Sequence { get; set; }
    public long StreamVersion { get; set; }
    public DateTimeOffset At { get; set; }
    public string Event { get; set; } = "";
    public string Actor { get; set; } = "";
    public string Details { get; set; } = "";
    public decimal? Cost { get; set; }
    public bool Consent { get; set; }
}

/// <summary>Writes an <see cref="AuditEntry"/> per event of the prospect and campaign streams, in the event's tenant and
/// with the event's timestamp. Asynchronous: the pipeline does not wait for the audit trail, which follows within the
/// daemon's polling interval.</summary>
public sealed class AuditTrailProjection : IProjection
{
    public const string Name = "AuditTrail";

    /// <summary>What the pipeline does on its own (for a campaign someone started) is recorded as this actor.</summary>
    public const string Pipeline = "pipeline";

    public Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken cancellation)
    {
        foreach (var e in events)
        {
            if (EntryFor(e) is { } entry) operations.ForTenant(e.TenantId).Store(entry);
        }
        return Task.CompletedTask;
    }

    /// <summary>The audit line an event makes, or null for an event the trail does not record.</summary>
    public static AuditEntry? EntryFor(IEvent e) => Describe(e.Data) is not { } line
        ? null
        : new AuditEntry
        {
            Id = e.Id,
            SubjectId = line.Subject,
            CampaignId = line.Campaign,
            Sequence = e.Sequence,
            StreamVersion = e.Version,
            At = e.Timestamp,
            Event = line.Event,
            Actor = line.Actor ?? Pipeline,
            Details = line.Details,
            Cost = line.Cost,
            Consent = line.Consent,
        };

    private sealed record Line(Guid? Subject, Guid? Campaign, string Event, string Details, string? Actor = null, decimal? Cost = null,
        bool Consent = false);

    private static Line? Describe(object data) => data switch
    {
        ProspectDiscovered e => new(e.ProspectId, e.CampaignId, "found", Basis(e.Source), Consent: true),
        ProspectScored e => new(e.ProspectId, e.CampaignId, "scored", $"score {Number(e.Score)}"),
        ProspectRejected e => new(e.ProspectId, e.CampaignId, "rejected", e.Reason),
        ProviderCallCharged e => new(e.ProspectId, e.CampaignId, "charged",
            $"{e.Provider} {e.Operation} × {e.Units} ({e.Outcome})", Cost: e.Cost),
        ProspectEnriched e => new(e.ProspectId, e.CampaignId, "enriched",
            e.ReusedEarlierEnrichment ? "reused an earlier enrichment"
                : $"company by {e.CompanyProvider ?? "none"}, email by {e.EmailProvider ?? "none"} ({e.EmailStatus})"),
        ProspectEnrichmentFailed e => new(e.ProspectId, e.CampaignId, "enrichment-failed", e.Reason),
        ProspectQualified e => new(e.ProspectId, e.CampaignId, "qualified", ""),
        ProspectConverted e => new(e.ProspectId, e.CampaignId, "converted", $"lead {e.LeadId}", e.ConvertedBy),
        ProspectFitJudged e => new(e.ProspectId, e.CampaignId, "fit-judged", $"{e.Fit} fit for ICP {e.IcpId} v{e.IcpVersion}", e.JudgedBy),
        ProspectSuppressed e => new(e.ProspectId, e.CampaignId, "suppressed", $"matched the suppression list by {Kind(e.SuppressionId)}"),
        ProspectObjected e => new(e.ProspectId, null, e.Kind switch
        {
            ObjectionKind.ConsentWithdrawn => "consent-withdrawn",
            ObjectionKind.DoNotContact => "do-not-contact",
            _ => "objected",
        }, "suppressed from now on in every campaign", e.RecordedBy, Consent: true),
        ProspectDataExported e => new(e.ProspectId, null, "exported", "access request (Art. 15)", e.ExportedBy),
        ProspectErased e => new(e.ProspectId, null, "erased", e.Reason, e.ErasedBy, Consent: true),
        ProspectErasureCompleted e => new(e.ProspectId, null, "erasure-completed", string.Join(", ", e.Places)),
        CampaignStarted e => new(null, e.CampaignId, "campaign-started", $"ICP {e.IcpId} v{e.IcpVersion} on {string.Join(", ", e.Platforms)}", e.StartedBy),
        DiscoveryPageRecorded e => new(null, e.CampaignId, "page-taken-in", $"{e.Platform} page {e.Page}: {e.Found} found, {e.Added} added"),
        SuppressedProspectsSkipped e => new(null, e.CampaignId, "suppressed-skipped", $"{e.Count} on {e.Platform} page {e.Page}"),
        PlatformDiscoveryFinished e => new(null, e.CampaignId, "platform-finished", $"{e.Platform}: {e.Reason}"),
        DiscoveryCompleted e => new(null, e.CampaignId, "discovery-completed", $"{e.Discovered} discovered"),
        CampaignBudgetExhausted e => new(null, e.CampaignId, "budget-exhausted", $"spent {e.Spent} of {e.Budget}"),
        CampaignBudgetAlertRaised e => new(null, e.CampaignId, "budget-alert", $"{e.Share:P0} of the budget reached: spent {e.Spent} of {e.Budget}"),
        CampaignCompleted e => new(null, e.CampaignId, "campaign-completed", ""),
        CampaignCancelled e => new(null, e.CampaignId, "campaign-cancelled", "", e.CancelledBy),
        _ => null,
    };

    private static string Basis(DataSource s) => s.LawfulBasis switch
    {
        "consent" when s.Consent is { } c => $"on {s.Platform} ({s.Query}); lawful basis: consent via {c.Source} {c.Reference} given {c.GivenAt:O}",
        _ => $"on {s.Platform} ({s.Query}); lawful basis: {s.LawfulBasis}{(s.BalancingTest is { } t ? $" (balancing test {t})" : "")}",
    };

    private static string Number(double value) => value.ToString("0.000", CultureInfo.InvariantCulture);

    private static string Kind(string suppressionId) => suppressionId.Split(':')[0];
}
