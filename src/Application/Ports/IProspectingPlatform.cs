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

/// <summary>One page of a platform's answer. <see cref="Consents"/>, by external id, holds the consent the people
/// themselves gave (lead-gen forms): those are processed on the lawful basis "consent", everyone else on legitimate
/// interest.</summary>
public sealed record PlatformPage(
    IReadOnlyList<ProspectProfile> Profiles, string? NextCursor, IReadOnlyDictionary<string, ConsentEvidence>? Consents = null);
