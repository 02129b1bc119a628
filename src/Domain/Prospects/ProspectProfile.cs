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
    string? Seniority)
{
    /// <summary>What an erased person's profile becomes, in the events and every read model.</summary>
    public static readonly ProspectProfile Erased = new("", "[erased]", "", "", "", "", null, null, "", [], "", null);
}
