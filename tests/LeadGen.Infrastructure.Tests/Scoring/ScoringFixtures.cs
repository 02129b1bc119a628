using LeadGen.Application.Scoring;
using LeadGen.Domain.Icps;
using LeadGen.Domain.Prospects;
using Microsoft.Extensions.AI;

namespace LeadGen.Infrastructure.Tests.Scoring;

/// <summary>A deterministic stand-in for an embedder: each stem of the text hashed into one of 256 dimensions, the
/// vector normalised. Texts sharing words are close, texts sharing none are orthogonal: enough to test the formula
/// without loading a model.</summary>
public sealed class BagOfWordsEmbedder : IEmbeddingGenerator<string, Embedding<float>>
{
    public const int Dimensions = 256;
    private readonly EmbeddingGeneratorMetadata metadata = new("bag-of-words", defaultModelId: "bag-of-words-256", defaultModelDimensions: Dimensions);

    public int Calls { get; private set; }

    public static float[] Embed(string text)
    {
        var vector = new float[Dimensions];
        foreach (var stem in TextTerms.Stems(text))
        {
            var hash = 17;
            foreach (var c in stem) hash = unchecked(hash * 31 + c);
            vector[(hash & 0x7fffffff) % Dimensions] += 1;
        }

        var norm = MathF.Sqrt(vector.Sum(x => x * x));
        if (norm > 0) for (var i = 0; i < vector.Length; i++) vector[i] /= norm;
        return vector;
    }

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        Calls++;
        return Task.FromResult(new GeneratedEmbeddings<Embedding<float>>(values.Select(v => new Embedding<float>(Embed(v)) { ModelId = "bag-of-words-256" })));
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType.IsInstanceOfType(metadata) ? metadata : null;

    public void Dispose()
    {
    }
}

public static class ScoringFixtures
{
    /// <summary>A small taxonomy: two occupations and a few known titles, so tests do not depend on O*NET.</summary>
    public static readonly TitleTaxonomy Taxonomy = new(
        [("15-1252.00", "Software Developers"), ("29-1141.00", "Registered Nurses")],
        [
            ("Application Developer", [0]), ("Software Engineer", [0]), ("Programmer Analyst", [0]),
            ("Staff Nurse", [1]), ("Charge Nurse", [1]), ("Clinical Nurse", [1]),
        ]);

    /// <summary>Four unrelated occupations with one known title each: a yardstick for what a title names.</summary>
    public static readonly TitleTaxonomy FourOccupations = new(
        [("15-1252.00", "Software Developers"), ("29-1141.00", "Registered Nurses"), ("41-2031.00", "Retail Salespersons"),
            ("35-1011.00", "Chefs and Head Cooks")],
        [("Software Engineer", [0]), ("Staff Nurse", [1]), ("Sales Associate", [2]), ("Pastry Chef", [3])]);

    public static readonly ScoreCalibration Calibration = ScoreCalibration.Default;

    public static readonly MatchScorer Scorer = new(Taxonomy, Calibration);

    public static Icp Icp(string persona = "Builds and maintains software applications.", IcpCriteria? criteria = null) => new()
    {
        Id = Guid.Parse("6f1f7a52-0000-4000-8000-000000000001"), Name = "test", Persona = persona,
        Criteria = criteria ?? IcpCriteria.None with { Titles = ["Software Developer"] }, Version = 1,
    };

    public static ProspectProfile Profile(string title, IReadOnlyList<string>? skills = null, string? industry = null, string location = "",
        string? seniority = null, string headline = "") =>
        new("ext-1", "Ada Lovelace", title, headline, "", "Acme", null, industry, location, skills ?? [], "https://example/ada", seniority);

    /// <summary>Prepares an ICP the way IcpMatcher does, with bag-of-words vectors.</summary>
    public static ScoringIcp Prepare(Icp icp, ScoringWeights? weights = null, MatchScorer? scorer = null)
    {
        scorer ??= Scorer;
        var candidates = scorer.TitleCandidates(icp);
        return scorer.Prepare(icp, BagOfWordsEmbedder.Embed(icp.EmbeddingText()),
            candidates.Select(c => (c.Title, c.Strength, c.Source, BagOfWordsEmbedder.Embed(IcpMatcher.TitleText(c.Title)))).ToArray(), weights);
    }

    public static ScoringProfile Ready(ProspectProfile profile) =>
        ScoringProfile.From(profile, BagOfWordsEmbedder.Embed(IcpMatcher.ProfileText(profile)), BagOfWordsEmbedder.Embed(IcpMatcher.TitleText(profile.Title)));

    public static ScoreComponent Component(MatchResult result, string name) => result.Explanation.Components.Single(c => c.Name == name);
}
