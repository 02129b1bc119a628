using LeadGen.Domain.Campaigns;

namespace LeadGen.Domain.Prospects;

/// <summary>An event about one prospect's progress in one campaign.</summary>
public interface IProspectCampaignEvent : ICampaignEvent
{
    Guid ProspectId { get; }
}

/// <summary>Why LeadGen may process this person's data, and where it came from (GDPR Art. 6 and 14).</summary>
public sealed record DataSource(string Platform, Guid CampaignId, string LawfulBasis, string Query, ConsentEvidence? Consent = null);

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
public sealed record ScoreExplanation(string Model, IReadOnlyList<ScoreComponent> Components, string Summary);

public sealed record ScoreComponent(string Name, double Weight, double Value, double Contribution, string Detail);
