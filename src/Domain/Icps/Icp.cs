using LeadGen.Domain.Common;

namespace LeadGen.Domain.Icps;

/// <summary>
/// An Ideal Customer Profile: the persona in words, the criteria in the platforms' vocabulary, and optionally its own
/// score weights. Every change makes a new version; each version is kept as an <see cref="IcpRevision"/> so a campaign
/// goes on scoring with the version it started with. This document is the current version.
/// </summary>
public sealed class Icp
{
    public Guid Id { get; set; }
    public string Name { get; set; } = "";
    public string Persona { get; set; } = "";
    public IcpCriteria Criteria { get; set; } = IcpCriteria.None;

    /// <summary>The ICP's own score weights; null scores with <see cref="ScoringWeights.Default"/>.</summary>
    public ScoringWeights? Weights { get; set; }

    /// <summary>Set on a version made from fit feedback: the persona vector is moved toward the good examples.</summary>
    public IcpRefinement? Refinement { get; set; }

    public int Version { get; set; } = 1;
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? ArchivedAt { get; set; }

    public bool IsArchived => ArchivedAt is not null;

    public ScoringWeights EffectiveWeights => Weights ?? ScoringWeights.Default;

    /// <summary>A new version with new content. Fit feedback given on earlier versions can refine it again.</summary>
    public void Revise(string name, string persona, IcpCriteria criteria, ScoringWeights? weights, DateTimeOffset now)
    {
        EnsureNotArchived();
        (Name, Persona, Criteria, Weights, Refinement) = (name, persona, criteria, weights, null);
        NextVersion(now);
    }

    /// <summary>A new version with the same content whose persona vector learns from fit feedback.</summary>
    public void Refine(IcpRefinement refinement, DateTimeOffset now)
    {
        EnsureNotArchived();
        if (refinement.Good.Count == 0) throw new BusinessRuleViolation("Refinement needs at least one prospect judged a good fit.");
        Refinement = refinement;
        NextVersion(now);
    }

    /// <summary>Archived ICPs start no new campaigns and take no new versions; running campaigns finish with theirs.</summary>
    public void Archive(DateTimeOffset now)
    {
        EnsureNotArchived();
        ArchivedAt = now;
        UpdatedAt = now;
    }

    public void EnsureNotArchived()
    {
        if (IsArchived) throw new BusinessRuleViolation($"ICP {Id} is archived.");
    }

    public IcpRevision Revision(string origin, string by) => new()
    {
        Id = IcpRevision.IdFor(Id, Version), IcpId = Id, Version = Version, Origin = origin, CreatedBy = by, CreatedAt = UpdatedAt,
        Name = Name, Persona = Persona, Criteria = Criteria, Weights = Weights, Refinement = Refinement,
    };

    private void NextVersion(DateTimeOffset now)
    {
        Version++;
        UpdatedAt = now;
    }

    /// <summary>The text the ICP's vector is computed from: the persona first, then the criteria it names.</summary>
    public string EmbeddingText()
    {
        var parts = new List<string> { Persona };
        if (Criteria.Titles.Count > 0) parts.Add("Titles: " + string.Join(", ", Criteria.Titles));
        if (Criteria.Skills.Count > 0) parts.Add("Skills: " + string.Join(", ", Criteria.Skills));
        if (Criteria.Industries.Count > 0) parts.Add("Industries: " + string.Join(", ", Criteria.Industries));
        return string.Join(". ", parts.Where(p => !string.IsNullOrWhiteSpace(p)));
    }
}

/// <summary>One version of an ICP as it was made; never changed afterwards. Campaigns score with the version they
/// started with.</summary>
public sealed class IcpRevision
{
    private static readonly Guid Namespace = new("7b1f0c7e-52a4-4d0b-9a36-4f3e8d2c6a90");

    public Guid Id { get; set; }
    public Guid IcpId { get; set; }
    public int Version { get; set; }

    /// <summary>How the version came about: created, updated or refined.</summary>
    public string Origin { get; set; } = "";
    public string CreatedBy { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public string Name { get; set; } = "";
    public string Persona { get; set; } = "";
    public IcpCriteria Criteria { get; set; } = IcpCriteria.None;
    public ScoringWeights? Weights { get; set; }
    public IcpRefinement? Refinement { get; set; }

    public static Guid IdFor(Guid icpId, int version) => DeterministicGuid.Create(Namespace, $"{icpId:N}/{version}");

    /// <summary>The ICP as it was at this version, for scoring.</summary>
    public Icp AsIcp(Icp current) => new()
    {
        Id = IcpId, Version = Version, Name = Name, Persona = Persona, Criteria = Criteria, Weights = Weights, Refinement = Refinement,
        CreatedAt = current.CreatedAt, UpdatedAt = CreatedAt, ArchivedAt = current.ArchivedAt,
    };
}

/// <summary>
/// How a refined version's persona vector is made (Rocchio): <c>Alpha·persona + Beta·mean(good) − Gamma·mean(bad)</c>,
/// over the profiles of the prospects judged good (conversions included) and bad. Only prospect ids are kept, so an
/// erased prospect simply drops out when the vector is computed again.
/// </summary>
public sealed record IcpRefinement(
    int FromVersion, IReadOnlyList<Guid> Good, IReadOnlyList<Guid> Bad, double Alpha, double Beta, double Gamma);
