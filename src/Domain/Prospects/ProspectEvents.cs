using LeadGen.Domain.Campaigns;

namespace LeadGen.Domain.Prospects;

/// <summary>An event about one prospect's progress in one campaign.</summary>
public interface IProspectCampaignEvent : ICampaignEvent
{
    Guid ProspectId { get; }
}

/// <summary>Why LeadGen may process this person's data, and where it came from (GDPR Art. 6 and 14). Legitimate interest
/// names the tenant's balancing test (<see cref="BalancingTest"/>); consent carries its evidence.</summary>
public sealed record DataSource(
    string Platform, Guid CampaignId, string LawfulBasis, string Query, ConsentEvidence? Consent = null, string? BalancingTest = null);

/// <summary>A consent the person gave on the platform: which form (<see cref="Reference"/>), when, and what they
/// agreed to, as the platform recorded it (the statements' texts and the answers).</summary>
public sealed record ConsentEvidence(string Source, string Reference, DateTimeOffset GivenAt, IReadOnlyList<string> Statements);

/// <summary>The person was found by a campaign. Appended again, with the profile as found then, when another
/// campaign of the same tenant finds the same person.</summary>
public sealed record ProspectDiscovered(Guid ProspectId, Guid CampaignId, string Platform, ProspectProfile Profile, DataSource Source)
    : IProspectCampaignEvent;

public sealed record ProspectScored(Guid ProspectId, Guid CampaignId, double Score, ScoreExplanation Explanation) : IProspectCampaignEvent;

public sealed record ProspectRejected(Guid ProspectId, Guid CampaignId, string Reason) : IProspectCampaignEvent;

public sealed record ProspectEnriched(
    Guid ProspectId,
    Guid CampaignId,
    CompanyData? Company,
    string? Email,
    EmailStatus EmailStatus,
    string? CompanyProvider,
    string? EmailProvider,
    bool ReusedEarlierEnrichment) : IProspectCampaignEvent;

public sealed record ProspectEnrichmentFailed(Guid ProspectId, Guid CampaignId, string Reason) : IProspectCampaignEvent;

public sealed record ProspectQualified(Guid ProspectId, Guid CampaignId) : IProspectCampaignEvent;

public sealed record ProspectConverted(Guid ProspectId, Guid CampaignId, Guid LeadId, string ConvertedBy) : IProspectCampaignEvent;

public enum ProspectFit { Good, Bad }

/// <summary>A user said whether the prospect fits the ICP of a campaign that found them (a conversion counts as good).
/// Refining the ICP learns from these.</summary>
public sealed record ProspectFitJudged(
    Guid ProspectId, Guid CampaignId, Guid IcpId, int IcpVersion, ProspectFit Fit, string? Reason, string JudgedBy) : IProspectCampaignEvent;

/// <summary>How a person told us to stop: an objection to processing for direct marketing (Art. 21), a withdrawn consent
/// (Art. 7(3)) or a "do not contact" passed on by the tenant.</summary>
public enum ObjectionKind { Objection, ConsentWithdrawn, DoNotContact }

/// <summary>The person objected: they are suppressed from then on, in every campaign of the tenant. The reason is free
/// text the compliance officer wrote, and is erased with the person.</summary>
public sealed record ProspectObjected(Guid ProspectId, ObjectionKind Kind, string? Reason, string RecordedBy);

/// <summary>A campaign skipped the prospect because the tenant's suppression list names them (<see cref="SuppressionId"/> is
/// the matching hashed identifier, not the identifier).</summary>
public sealed record ProspectSuppressed(Guid ProspectId, Guid CampaignId, string SuppressionId) : IProspectCampaignEvent;

/// <summary>Everything held about the person was handed out in answer to an access request (Art. 15).</summary>
public sealed record ProspectDataExported(Guid ProspectId, string ExportedBy);

/// <summary>The person's personal data is to be erased (Art. 17, or the end of the retention period). What remains of
/// the stream is a pseudonymous skeleton: ids, event types, timestamps, scores and costs.</summary>
public sealed record ProspectErased(Guid ProspectId, IReadOnlyList<Guid> CampaignIds, string Reason, string ErasedBy);

/// <summary>Every place the person's data was kept has been scrubbed (<see cref="Places"/> names them).</summary>
public sealed record ProspectErasureCompleted(Guid ProspectId, IReadOnlyList<string> Places);

/// <summary>A paid (or free) call to an external provider made for this prospect: the cost ledger's raw material.</summary>
public sealed record ProviderCallCharged(
    Guid ProspectId,
    Guid CampaignId,
    string Provider,
    string Operation,
    int Units,
    decimal UnitPrice,
    decimal Cost,
    bool Billable,
    string Outcome) : IProspectCampaignEvent;

/// <summary>How a score came about, component by component, so a user sees why a prospect scored what it did.</summary>
public sealed record ScoreExplanation(string Model, IReadOnlyList<ScoreComponent> Components, string Summary)
{
    /// <summary>The explanation of an erased person's score: the numbers stay, the sentences go, as they quote the
    /// person's title, skills, industry and location.</summary>
    public ScoreExplanation Erased() => this with { Components = Components.Select(c => c with { Detail = "" }).ToList(), Summary = "" };
}

public sealed record ScoreComponent(string Name, double Weight, double Value, double Contribution, string Detail);
