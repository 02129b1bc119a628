using System.Numerics.Tensors;
using LeadGen.Domain.Common;
using LeadGen.Domain.Icps;
using LeadGen.Domain.Prospects;
using Marten;
using Microsoft.Extensions.AI;

namespace LeadGen.Application.Scoring;

/// <summary>An ICP's vector for one version and one embedding model. Vectors of different models are never compared.</summary>
public sealed class IcpVector
{
    private static readonly Guid Namespace = new("3e6a9c1d-8f24-4b7a-a0d5-91c2e7f4b813");

    public Guid Id { get; set; }
    public Guid IcpId { get; set; }
    public int IcpVersion { get; set; }
    public string Model { get; set; } = "";
    public int Dimensions { get; set; }
    public float[] Vector { get; set; } = [];

    public static Guid IdFor(Guid icpId, int version, string model) => DeterministicGuid.Create(Namespace, $"{icpId:N}/{version}/{model}");
}

public sealed record MatchResult(double Score, ScoreExplanation Explanation);

/// <summary>Scores profiles against an ICP by the cosine similarity of their embeddings.</summary>
public sealed class IcpMatcher(IEmbeddingGenerator<string, Embedding<float>> embedder)
{
    // Raw MiniLM cosine of a profile against a persona sits near 0.2 for unrelated people and near 0.6 for good fits.
    // A logistic curve centred between the two spreads that band over [0, 1], so 0.75 reads as "a good fit".
    private const double Midpoint = 0.45;
    private const double Steepness = 12;

    public string Model { get; } = embedder.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelId ?? "unknown";

    public async Task<IcpVector> VectorOf(Icp icp, IDocumentSession session, CancellationToken ct)
    {
        var id = IcpVector.IdFor(icp.Id, icp.Version, Model);
        if (await session.LoadAsync<IcpVector>(id, ct) is { } stored) return stored;

        var embedding = await embedder.GenerateAsync(icp.EmbeddingText(), cancellationToken: ct);
        var vector = new IcpVector
        {
            Id = id, IcpId = icp.Id, IcpVersion = icp.Version, Model = Model,
            Dimensions = embedding.Vector.Length, Vector = embedding.Vector.ToArray(),
        };
        session.Store(vector);
        return vector;
    }

    public async Task<IReadOnlyList<MatchResult>> Score(IcpVector icp, IReadOnlyList<ProspectProfile> profiles, CancellationToken ct)
    {
        if (icp.Model != Model) throw new InvalidOperationException($"ICP vector of model {icp.Model} cannot be compared with {Model}.");
        var embeddings = await embedder.GenerateAsync(profiles.Select(ProfileText).ToList(), cancellationToken: ct);
        return embeddings.Select(e => Explain(TensorPrimitives.CosineSimilarity(icp.Vector, e.Vector.Span))).ToList();
    }

    private MatchResult Explain(float cosine)
    {
        var score = Math.Round(1 / (1 + Math.Exp(-Steepness * (cosine - Midpoint))), 4);
        var component = new ScoreComponent("semantic-similarity", 1.0, Math.Round(cosine, 4), score,
            $"cosine similarity of profile and persona embeddings ({Model}), calibrated to [0,1]");
        return new MatchResult(score, new ScoreExplanation(Model, [component],
            $"Semantic similarity {cosine:0.000} → score {score:0.000}"));
    }

    /// <summary>What of a profile is embedded: the words that say what the person does. The embedder's cost grows with
    /// the text, so a headline that only repeats "title at company" and the free-text summary are left out.</summary>
    public static string ProfileText(ProspectProfile p)
    {
        var text = new System.Text.StringBuilder(p.Title).Append('.');
        if (!p.Headline.StartsWith(p.Title, StringComparison.OrdinalIgnoreCase)) text.Append(' ').Append(p.Headline).Append('.');
        if (p.Skills.Count > 0) text.Append(" Skills: ").AppendJoin(", ", p.Skills.Take(8)).Append('.');
        if (p.Industry is not null) text.Append(" Industry: ").Append(p.Industry).Append('.');
        return text.ToString();
    }
}
