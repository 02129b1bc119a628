namespace LeadGen.Domain.Prospects;

/// <summary>A person as a platform showed them to us. All of it is personal data.</summary>
public sealed record ProspectProfile(
    string ExternalId,
    string Name,
    string Title,
    string Headline,
    string Summary,
    string Company,
    string? CompanyDomain,
    string? Industry,
    string Location,
    IReadOnlyList<string> Skills,
    string ProfileUrl,
    string? Seniority);
