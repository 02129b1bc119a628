namespace LeadGen.Domain.Icps;

/// <summary>
/// How much each part of a match counts. Only the parts an ICP states take part: the weights of the others are
/// left out and the rest renormalised, so an ICP that names no skills is not penalised for it.
/// <para>Semantic and Title are fitted on the training half of the O*NET benchmark (docs/adr/0007); the others cannot be
/// learned from job titles alone and are set by judgement: a person's role matters most, then the persona as a
/// whole, then skills, then seniority, industry and location; company size is known only after enrichment.</para>
/// An ICP may carry its own weights; those that do not are scored with <see cref="Default"/>.
/// </summary>
public sealed record ScoringWeights(
    double Semantic,
    double Title,
    double Seniority,
    double Skills,
    double Industry,
    double Location,
    double CompanySize)
{
    public static readonly ScoringWeights Default = new(
        Semantic: 0.112, Title: 0.638, Seniority: 0.10, Skills: 0.15, Industry: 0.10, Location: 0.10, CompanySize: 0.05);

    /// <summary>Weights must be finite and non-negative, and at least one positive.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        foreach (var (name, value) in All())
        {
            if (!double.IsFinite(value) || value < 0) problems.Add($"weight '{name}' must be a finite number ≥ 0, was {value}");
        }

        if (problems.Count == 0 && All().All(w => w.Value == 0)) problems.Add("at least one weight must be > 0");
        return problems;
    }

    public IEnumerable<(string Name, double Value)> All()
    {
        yield return (MatchComponents.Semantic, Semantic);
        yield return (MatchComponents.Title, Title);
        yield return (MatchComponents.Seniority, Seniority);
        yield return (MatchComponents.Skills, Skills);
        yield return (MatchComponents.Industry, Industry);
        yield return (MatchComponents.Location, Location);
        yield return (MatchComponents.CompanySize, CompanySize);
    }
}

/// <summary>The parts of a match score, as named in score explanations and weight errors.</summary>
public static class MatchComponents
{
    public const string Semantic = "semantic-similarity";
    public const string Title = "title";
    public const string Seniority = "seniority";
    public const string Skills = "skills";
    public const string Industry = "industry";
    public const string Location = "location";
    public const string CompanySize = "company-size";
}
