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
    double DistinctnessCentre)
{
    public const double GoodFit = 0.75;

    /// <summary>Fitted by <c>dotnet run -c Release --project benchmarks/LeadGen.Benchmarks -- matching --sample all</c> on the training half.</summary>
    public static readonly ScoreCalibration Default = new(
        PersonaCosineFloor: 0.13, PersonaCosineCeiling: 0.586, TitleSemanticShare: 0.6,
        TitleSpellingShare: 0.4, TitleVocabularyWeight: 0.1, TitlePersonaWordsWeight: 0.1,
        Threshold: 0.4405, Steepness: 15, DistinctnessWeight: 0.8, DistinctnessCentre: 0.581);

    public double PersonaValue(double cosine) => Clamp((cosine - PersonaCosineFloor) / (PersonaCosineCeiling - PersonaCosineFloor));

    /// <summary>A title-to-title cosine as the semantic part of a title match: titles of opposite meaning count as 0.</summary>
    public static double TitleSemanticValue(double cosine) => Clamp(cosine);

    /// <summary>How far a title's distinctness moves the weighted mean, at full title weight: down for a title that
    /// plainly names an occupation, up for a vague one (docs/adr/0007).</summary>
    public double DistinctnessShift(double distinctness) => -DistinctnessWeight * (distinctness - DistinctnessCentre);

    /// <summary>The calibrated score of a weighted mean in [0, 1]: monotone, 0 → 0, Threshold → 0.75, 1 → 1.</summary>
    public double Calibrate(double raw)
    {
        raw = Clamp(raw);
        var threshold = Math.Clamp(Threshold, 0.001, 0.999);
        var atThreshold = Logistic(0);
        if (raw <= threshold)
        {
            var atZero = Logistic(-threshold);
            return GoodFit * (Logistic(raw - threshold) - atZero) / (atThreshold - atZero);
        }

        var atOne = Logistic(1 - threshold);
        return GoodFit + (1 - GoodFit) * (Logistic(raw - threshold) - atThreshold) / (atOne - atThreshold);
    }

    private double Logistic(double x) => 1 / (1 + Math.Exp(-Math.Max(Steepness, 0.1) * x));

    private static double Clamp(double value) => double.IsNaN(value) ? 0 : Math.Clamp(value, 0, 1);
}
