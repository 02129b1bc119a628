using LeadGen.Domain.Icps;
using LeadGen.Domain.Prospects;

namespace LeadGen.Application.Ports;

/// <summary>A professional platform people are discovered on. One implementation per platform name.</summary>
public interface IProspectingPlatform
{
    /// <summary>The platform's name in the API: "sample", "linkedin", "facebook".</summary>
    string Name { get; }

    /// <summary>One page of people matching the query. <paramref name="cursor"/> is null for the first page;
    /// the answer's NextCursor is null when the platform has nothing more.</summary>
    Task<PlatformPage> SearchAsync(PlatformQuery query, string? cursor, int pageSize, CancellationToken ct);
}

public sealed record PlatformQuery(IcpCriteria Criteria, string Persona);

public sealed record PlatformPage(IReadOnlyList<ProspectProfile> Profiles, string? NextCursor);
