namespace LeadGen.Domain.Icps;

/// <summary>The structured half of an Ideal Customer Profile: who to look for, in the platforms' own vocabulary.</summary>
public sealed record IcpCriteria(
    IReadOnlyList<string> Titles,
    IReadOnlyList<string> Seniorities,
    IReadOnlyList<string> Industries,
    IReadOnlyList<string> CompanySizes,
    IReadOnlyList<string> Locations,
    IReadOnlyList<string> Skills)
{
    public static readonly IcpCriteria None = new([], [], [], [], [], []);
}

/// <summary>The vocabularies the criteria accept, so that an ICP means the same thing on every platform.</summary>
public static class IcpVocabulary
{
    public static readonly IReadOnlyList<string> Seniorities =
        ["entry", "senior", "manager", "director", "vp", "cxo", "partner", "owner"];

    public static readonly IReadOnlyList<string> CompanySizes =
        ["1-10", "11-50", "51-200", "201-500", "501-1000", "1001-5000", "5001-10000", "10001+"];
}
