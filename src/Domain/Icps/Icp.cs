namespace LeadGen.Domain.Icps;

/// <summary>An Ideal Customer Profile: the persona in words and the criteria in the platforms' vocabulary.</summary>
public sealed class Icp
{
    public Guid Id { get; set; }
    public string Name { get; set; } = "";
    public string Persona { get; set; } = "";
    public IcpCriteria Criteria { get; set; } = IcpCriteria.None;
    public int Version { get; set; } = 1;
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

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
