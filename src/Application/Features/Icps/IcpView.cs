using LeadGen.Domain.Icps;

namespace LeadGen.Application.Features.Icps;

public sealed record IcpCriteriaInput(
    IReadOnlyList<string>? Titles,
    IReadOnlyList<string>? Seniorities,
    IReadOnlyList<string>? Industries,
    IReadOnlyList<string>? CompanySizes,
    IReadOnlyList<string>? Locations,
    IReadOnlyList<string>? Skills)
{
    public IcpCriteria ToCriteria() => new(
        Clean(Titles), Clean(Seniorities, lower: true), Clean(Industries), Clean(CompanySizes), Clean(Locations), Clean(Skills));

    private static IReadOnlyList<string> Clean(IReadOnlyList<string>? values, bool lower = false) =>
        (values ?? []).Select(v => v.Trim()).Select(v => lower ? v.ToLowerInvariant() : v)
            .Where(v => v.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
}

public sealed record IcpView(
    Guid Id, string Name, string Persona, IcpCriteria Criteria, int Version, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static IcpView From(Icp icp) =>
        new(icp.Id, icp.Name, icp.Persona, icp.Criteria, icp.Version, icp.CreatedAt, icp.UpdatedAt);
}
