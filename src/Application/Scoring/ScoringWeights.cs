namespace LeadGen.Application.Scoring;

/// <summary>
/// How much each part of a match counts. Only the parts an ICP states take part: the weights of the others are
/// left out and the rest renormalised, so an ICP that names no skills is not penalised for it.
/// <para>Semantic and Title are fitted on the training half of the O*NET benchmark (docs/adr/0007); the others cannot be
/// learned from job titles alone and are set by judgement: a person's role matters most, then the persona as a
/// whole, then skills, then seniority, industry and location; company size is known only after enrichment.</para>
/// An ICP can carry its own weights later; today the pipeline passes <see cref="Default"/>.
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
        Semantic: 0.15, Title: 0.60, Seniority: 0.10, Skills: 0.15, Industry: 0.10, Location: 0.10, CompanySize: 0.05);

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
        yield return (MatchScorer.Components.Semantic, Semantic);
        yield return (MatchScorer.Components.Title, Title);
        yield return (MatchScorer.Components.Seniority, Seniority);
        yield return (MatchScorer.Components.Skills, Skills);
        yield return (MatchScorer.Components.Industry, Industry);
        yield return (MatchScorer.Components.Location, Location);
        yield return (MatchScorer.Components.CompanySize, CompanySize);
    }
}
