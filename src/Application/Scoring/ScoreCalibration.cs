namespace LeadGen.Application.Scoring;

/// <summary>
/// The learned constants of the match score (docs/adr/0007), all fitted on the training half of the O*NET benchmark:
/// how raw cosines become component values in [0, 1], and how the weighted mean of the components becomes the score
/// whose 0.75 means "a good fit".
/// </summary>
/// <param name="PersonaCosineFloor">Persona cosine at or below which the semantic component is 0.</param>
/// <param name="PersonaCosineCeiling">Persona cosine at or above which it is 1.</param>
/// <param name="TitleSemanticShare">Share of a title-to-title match that is semantic (embedding cosine).</param>
/// <param name="TitleSpellingShare">Share of a title-to-title match that is spelling (letter trigrams, <see cref="Spelling"/>);
/// the rest is IDF-weighted overlap of role stems.</param>
/// <param name="TitleVocabularyWeight">Weight, beside the two best title matches (weight 1), of the share of the profile
/// title's words found among all the ICP's titles.</param>
/// <param name="TitlePersonaWordsWeight">Weight of the share of the profile title's words found in the ICP's persona.</param>
/// <param name="Threshold">The weighted mean of the components that maps to the score 0.75.</param>
/// <param name="Steepness">Slope of the logistic curve through (Threshold, 0.75); the curve is rescaled so that a
/// weighted mean of 0 scores 0 and 1 scores 1.</param>
/// <param name="DistinctnessWeight">How much the weighted mean moves per unit of the profile title's distinctness
/// (<see cref="OccupationReference"/>) away from <paramref name="DistinctnessCentre"/>, when the title takes part.</param>
/// <param name="DistinctnessCentre">The distinctness of a typical title: it moves the weighted mean not at all.</param>
/// <param name="OccupationWeight">Weight, beside the criteria score (weight 1), of the evidence that the title names
/// one of the ICP's occupations (<see cref="OccupationClassifier"/>); 0 leaves the criteria score as it is.</param>
/// <param name="OccupationThreshold">The mean of criteria score and occupation evidence that maps to the score 0.75.</param>
/// <param name="OccupationSteepness">Slope of the second logistic curve, through (OccupationThreshold, 0.75).</param>
public sealed record ScoreCalibration(
    double PersonaCosineFloor,
    double PersonaCosineCeiling,
    double TitleSemanticShare,
    double TitleSpellingShare,
    double TitleVocabularyWeight,
    double TitlePersonaWordsWeight,
    double Threshold,
    double Steepness,
    double DistinctnessWeight,
    double DistinctnessCentre,
    double OccupationWeight = 0,
    double OccupationThreshold = 0.5,
    double OccupationSteepness = 10)
{
    /// <summary>A probability of e^−14 (one in a million) or less that the title names one of the ICP's occupations
    /// is no evidence at all (0); a certainty is full evidence (1); the evidence grows with the log of the probability,
    /// so that a hundredfold more likely occupation counts the same at any level.</summary>
    public const double OccupationLogFloor = 14;
    public const double GoodFit = 0.75;

    /// <summary>Fitted by <c>dotnet run -c Release --project benchmarks/LeadGen.Benchmarks -- matching --sample all</c> on the training half.</summary>
    public static readonly ScoreCalibration Default = new(
        PersonaCosineFloor: 0.13, PersonaCosineCeiling: 0.586, TitleSemanticShare: 0.6,
        TitleSpellingShare: 0.4, TitleVocabularyWeight: 0.1, TitlePersonaWordsWeight: 0.1,
        Threshold: 0.4405, Steepness: 15, DistinctnessWeight: 0.8, DistinctnessCentre: 0.581,
        OccupationWeight: 1.5, OccupationThreshold: 0.6303, OccupationSteepness: 6);

    /// <summary>What makes a calibration unusable (one set in configuration for another embedding model, say): each
    /// constant finite, the cosine floor below its ceiling, thresholds inside (0, 1), slopes positive, shares and weights
    /// not negative, and the title match's semantic and spelling shares at most 1 together.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = Constants().Where(c => !double.IsFinite(c.Value)).Select(c => $"{c.Name} must be a finite number, was {c.Value}").ToList();
        if (problems.Count > 0) return problems;

        if (PersonaCosineFloor >= PersonaCosineCeiling) problems.Add($"{nameof(PersonaCosineFloor)} must be below {nameof(PersonaCosineCeiling)}");
        foreach (var (name, value) in new[] { (nameof(Threshold), Threshold), (nameof(OccupationThreshold), OccupationThreshold) })
            if (value is <= 0 or >= 1) problems.Add($"{name} must be between 0 and 1, was {value}");
        foreach (var (name, value) in new[] { (nameof(Steepness), Steepness), (nameof(OccupationSteepness), OccupationSteepness) })
            if (value <= 0) problems.Add($"{name} must be > 0, was {value}");
        foreach (var (name, value) in new[]
                 {
                     (nameof(TitleSemanticShare), TitleSemanticShare), (nameof(TitleSpellingShare), TitleSpellingShare),
                     (nameof(TitleVocabularyWeight), TitleVocabularyWeight), (nameof(TitlePersonaWordsWeight), TitlePersonaWordsWeight),
                     (nameof(DistinctnessWeight), DistinctnessWeight), (nameof(OccupationWeight), OccupationWeight),
                 })
            if (value < 0) problems.Add($"{name} must be ≥ 0, was {value}");
        if (TitleSemanticShare + TitleSpellingShare > 1)
            problems.Add($"{nameof(TitleSemanticShare)} and {nameof(TitleSpellingShare)} must add up to at most 1");
        return problems;
    }

    /// <summary>Every constant by name, as <c>Scoring:Calibration</c> names them in configuration.</summary>
    public IReadOnlyList<(string Name, double Value)> Constants() =>
    [
        (nameof(PersonaCosineFloor), PersonaCosineFloor), (nameof(PersonaCosineCeiling), PersonaCosineCeiling),
        (nameof(TitleSemanticShare), TitleSemanticShare), (nameof(TitleSpellingShare), TitleSpellingShare),
        (nameof(TitleVocabularyWeight), TitleVocabularyWeight), (nameof(TitlePersonaWordsWeight), TitlePersonaWordsWeight),
        (nameof(Threshold), Threshold), (nameof(Steepness), Steepness), (nameof(DistinctnessWeight), DistinctnessWeight),
        (nameof(DistinctnessCentre), DistinctnessCentre), (nameof(OccupationWeight), OccupationWeight),
        (nameof(OccupationThreshold), OccupationThreshold), (nameof(OccupationSteepness), OccupationSteepness),
    ];

    /// <summary>The evidence in [0, 1] of a probability that the title names one of the ICP's occupations.</summary>
    public static double OccupationEvidence(double probability) =>
        probability <= 0 ? 0 : Clamp(1 + Math.Log(Math.Min(probability, 1)) / OccupationLogFloor);

    /// <summary>The score of a criteria score (calibrated) joined with the occupation evidence: their weighted mean,
    /// calibrated again so that 0.75 keeps its meaning. Without a weight the criteria score stands.</summary>
    public double WithOccupation(double criteriaScore, double evidence) => OccupationWeight <= 0 ? criteriaScore
        : CalibrateJoined((criteriaScore + OccupationWeight * evidence) / (1 + OccupationWeight));

    /// <summary>The score of a weighted mean of criteria score and occupation evidence: monotone, 0 → 0,
    /// OccupationThreshold → 0.75, 1 → 1.</summary>
    public double CalibrateJoined(double joined) => Curve(joined, OccupationThreshold, OccupationSteepness);

    public double PersonaValue(double cosine) => Clamp((cosine - PersonaCosineFloor) / (PersonaCosineCeiling - PersonaCosineFloor));

    /// <summary>A title-to-title cosine as the semantic part of a title match: titles of opposite meaning count as 0.</summary>
    public static double TitleSemanticValue(double cosine) => Clamp(cosine);

    /// <summary>How far a title's distinctness moves the weighted mean, at full title weight: down for a title that
    /// plainly names an occupation, up for a vague one (docs/adr/0007).</summary>
    public double DistinctnessShift(double distinctness) => -DistinctnessWeight * (distinctness - DistinctnessCentre);

    /// <summary>The calibrated score of a weighted mean in [0, 1]: monotone, 0 → 0, Threshold → 0.75, 1 → 1.</summary>
    public double Calibrate(double raw) => Curve(raw, Threshold, Steepness);

    /// <summary>A logistic curve of slope <paramref name="steepness"/> through (threshold, 0.75), rescaled on each side
    /// so that 0 → 0 and 1 → 1.</summary>
    private static double Curve(double raw, double threshold, double steepness)
    {
        raw = Clamp(raw);
        threshold = Math.Clamp(threshold, 0.001, 0.999);
        double Logistic(double x) => 1 / (1 + Math.Exp(-Math.Max(steepness, 0.1) * x));
        var atThreshold = Logistic(0);
        if (raw <= threshold)
        {
            var atZero = Logistic(-threshold);
            return GoodFit * (Logistic(raw - threshold) - atZero) / (atThreshold - atZero);
        }

        var atOne = Logistic(1 - threshold);
        return GoodFit + (1 - GoodFit) * (Logistic(raw - threshold) - atThreshold) / (atOne - atThreshold);
    }

    private static double Clamp(double value) => double.IsNaN(value) ? 0 : Math.Clamp(value, 0, 1);
}
