using System.Collections.Concurrent;
using LeadGen.Application.Ports;
using LeadGen.Domain.Common;
using LeadGen.Domain.Icps;
using LeadGen.Domain.Prospects;
using Marten;
using Microsoft.Extensions.AI;

namespace LeadGen.Application.Scoring;

/// <summary>An ICP's vectors for one version and one embedding model: the persona's, and one per title its title
/// criteria stand for (see <see cref="MatchScorer.TitleCandidates"/>). Vectors of different models are never compared.</summary>
public sealed class IcpVector
{
    private static readonly Guid Namespace = new("3e6a9c1d-8f24-4b7a-a0d5-91c2e7f4b813");

    public Guid Id { get; set; }
    public Guid IcpId { get; set; }
    public int IcpVersion { get; set; }
    public string Model { get; set; } = "";
    public int Dimensions { get; set; }
    public float[] Vector { get; set; } = [];

    /// <summary>The scoring formula the title vectors were made for (<see cref="IcpMatcher.Formula"/>): a stored
    /// vector of an older formula is recomputed.</summary>
    public string Formula { get; set; } = "";
    public List<IcpTitleVector> Titles { get; set; } = [];

    public static Guid IdFor(Guid icpId, int version, string model) => DeterministicGuid.Create(Namespace, $"{icpId:N}/{version}/{model}");
}

/// <summary>One title an ICP's title criteria stand for, with how strongly and why, and its embedding.</summary>
public sealed class IcpTitleVector
{
    public string Title { get; set; } = "";
    public double Strength { get; set; }
    public string Source { get; set; } = "";
    public float[] Vector { get; set; } = [];
}

/// <summary>A profile's score with its explanation, and the embedding tokens its texts cost when an embedding API was
/// paid for them (0 for the local model and for texts already embedded).</summary>
public sealed record MatchResult(double Score, ScoreExplanation Explanation, long EmbeddingTokens = 0);

/// <summary>Scores profiles against an ICP: embeds what needs embedding, then lets <see cref="MatchScorer"/> combine
/// persona similarity with the structured criteria into a calibrated, explained score (docs/adr/0007).</summary>
/// <param name="calibration">Constants fitted for the configured model (<c>Scoring:Calibration</c>); null keeps the
/// shipped ones, fitted on the local model's vectors.</param>
public sealed class IcpMatcher(
    IEmbeddingGenerator<string, Embedding<float>> embedder, EmbeddingPricing? pricing = null, ScoreCalibration? calibration = null)
{
    /// <summary>Changes whenever what an <see cref="IcpVector"/> holds for scoring changes (title candidates, taxonomy).</summary>
    public const string Formula = "persona+criteria/onet27-train/v1";

    private const int EmbeddingBatch = 128;

    private readonly MatchScorer scorer = calibration is null ? MatchScorer.Default : new MatchScorer(TitleTaxonomy.Default, calibration);

    /// <summary>ICP vectors already read from the database. A version's vectors never change for a model and formula,
    /// and with every candidate title's embedding the document is ~0.5–1.5 MB of JSON: reading it for each scoring batch
    /// and discovery page took PostgreSQL 151 ms a time, 45 % of its CPU in a 10,000-prospect campaign. Only vectors read
    /// back are kept, so one embedded in a transaction that then failed is never served.</summary>
    private readonly ConcurrentDictionary<(string Tenant, Guid Id), IcpVector> storedVectors = new();

    /// <summary>ICP versions kept in memory at once, ~1 MB each; past that the memory starts over.</summary>
    private const int StoredVectorsKept = 32;

    /// <summary>The taxonomy's occupation titles embedded by this model, once (a failed attempt is tried again).</summary>
    private OccupationReference? reference;
    private readonly SemaphoreSlim referenceEmbedding = new(1, 1);

    /// <summary>Who embeds and at what price per token, for the cost events of paid embeddings.</summary>
    public EmbeddingPricing Pricing { get; } = pricing ?? EmbeddingPricing.Local;

    public string Model { get; } = embedder.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelId ?? "unknown";

    public MatchScorer Scorer => scorer;

    /// <summary>An ICP version's vectors for this model and formula: from memory, else from the database, else embedded
    /// now and stored with the session.</summary>
    public async Task<IcpVector> VectorOf(Icp icp, IDocumentSession session, CancellationToken ct)
    {
        var id = IcpVector.IdFor(icp.Id, icp.Version, Model);
        if (storedVectors.TryGetValue((session.TenantId, id), out var remembered)) return remembered;
        if (await session.LoadAsync<IcpVector>(id, ct) is { } stored && stored.Formula == Formula)
        {
            Remember(session.TenantId, stored);
            return stored;
        }
        var vector = await Embed(icp, ct);
        if (icp.Refinement is { } refinement)
        {
            // Prospects erased since the refinement are simply no longer there to learn from.
            var examples = await session.LoadManyAsync<Prospect>(ct, refinement.Good.Concat(refinement.Bad).Distinct());
            var profiles = examples.ToDictionary(p => p.Id, p => p.Profile);
            vector = await Refine(vector, refinement,
                refinement.Good.Where(profiles.ContainsKey).Select(g => profiles[g]).ToList(),
                refinement.Bad.Where(profiles.ContainsKey).Select(b => profiles[b]).ToList(), ct);
        }
        session.Store(vector);
        return vector;
    }

    private void Remember(string tenant, IcpVector vector)
    {
        if (storedVectors.Count >= StoredVectorsKept) storedVectors.Clear();
        storedVectors[(tenant, vector.Id)] = vector;
    }

    /// <summary>Moves the persona vector toward the profiles judged good and away from those judged bad (<see cref="Rocchio"/>).
    /// The title vectors stay: they stand for the ICP's stated titles, which feedback does not change.</summary>
    public async Task<IcpVector> Refine(IcpVector vector, IcpRefinement refinement, IReadOnlyList<ProspectProfile> good,
        IReadOnlyList<ProspectProfile> bad, CancellationToken ct)
    {
        var texts = good.Concat(bad).Select(ProfileText).ToList();
        var vectors = texts.Count == 0 ? [] : await EmbedAll(texts, ct);
        vector.Vector = Rocchio.Apply(vector.Vector, vectors.Take(good.Count).ToList(), vectors.Skip(good.Count).ToList(),
            refinement.Alpha, refinement.Beta, refinement.Gamma);
        return vector;
    }

    /// <summary>Computes an ICP's vectors (persona and candidate titles) without storing them.</summary>
    public async Task<IcpVector> Embed(Icp icp, CancellationToken ct)
    {
        var candidates = scorer.TitleCandidates(icp);
        var texts = new List<string>(candidates.Count + 1) { icp.EmbeddingText() };
        texts.AddRange(candidates.Select(c => TitleText(c.Title)));
        var vectors = await EmbedAll(texts, ct);
        return new IcpVector
        {
            Id = IcpVector.IdFor(icp.Id, icp.Version, Model), IcpId = icp.Id, IcpVersion = icp.Version, Model = Model,
            Dimensions = vectors[0].Length, Vector = vectors[0], Formula = Formula,
            Titles = candidates.Select((c, i) => new IcpTitleVector
            {
                Title = c.Title, Strength = c.Strength, Source = c.Source, Vector = vectors[i + 1],
            }).ToList(),
        };
    }

    /// <summary>The taxonomy's occupation titles as this model embeds them (<see cref="OccupationReference"/>): embedded on
    /// first use, like an ICP's candidate titles, and from then on kept.</summary>
    public async Task<OccupationReference> Reference(CancellationToken ct)
    {
        if (Volatile.Read(ref reference) is { } known) return known;
        await referenceEmbedding.WaitAsync(ct);
        try
        {
            if (reference is not null) return reference;
            var occupations = scorer.Taxonomy.Occupations;
            var vectors = occupations.Count == 0 ? [] : await EmbedAll(occupations.Select(o => TitleText(o.Title)).ToList(), ct);
            Volatile.Write(ref reference, new OccupationReference(occupations, vectors, Model,
                ReferenceEquals(scorer.Taxonomy, TitleTaxonomy.Default) ? OccupationClassifier.Default : null));
            return reference;
        }
        finally
        {
            referenceEmbedding.Release();
        }
    }

    /// <summary>The ICP with its vectors, ready to score many profiles.</summary>
    public ScoringIcp Prepare(Icp icp, IcpVector vector, ScoringWeights? weights = null)
    {
        if (vector.Model != Model) throw new InvalidOperationException($"ICP vector of model {vector.Model} cannot be compared with {Model}.");
        if (vector.Formula != Formula) throw new InvalidOperationException($"ICP vector of formula '{vector.Formula}' is stale: get it through VectorOf.");
        if (vector.IcpId != icp.Id || vector.IcpVersion != icp.Version)
            throw new InvalidOperationException($"The vector is of ICP {vector.IcpId} v{vector.IcpVersion}, not {icp.Id} v{icp.Version}.");
        return scorer.Prepare(icp, vector.Vector, vector.Titles.Select(t => (t.Title, t.Strength, t.Source, t.Vector)).ToArray(), weights);
    }

    /// <summary>Scores profiles against an ICP (in input order). <paramref name="weights"/>: the ICP's own weights when
    /// it has them; <see cref="ScoringWeights.Default"/> otherwise.</summary>
    public async Task<IReadOnlyList<MatchResult>> Score(Icp icp, IcpVector vector, IReadOnlyList<ProspectProfile> profiles, CancellationToken ct,
        ScoringWeights? weights = null)
    {
        var prepared = Prepare(icp, vector, weights);
        var occupations = await Reference(ct);
        var texts = new List<string>(profiles.Count * 2);
        foreach (var p in profiles)
        {
            texts.Add(ProfileText(p));
            if (!string.IsNullOrWhiteSpace(p.Title)) texts.Add(TitleText(p.Title));
        }

        var distinct = texts.Distinct(StringComparer.Ordinal).ToList();
        var (vectors, tokens) = await EmbedWithUsage(distinct, ct);
        var byText = new Dictionary<string, (float[] Vector, long Tokens)>(StringComparer.Ordinal);
        for (var i = 0; i < distinct.Count; i++) byText[distinct[i]] = (vectors[i], tokens[i]);

        // A text shared by several profiles was embedded (and paid for) once: the first profile that has it carries it.
        var charged = new HashSet<string>(StringComparer.Ordinal);
        return profiles.Select(p =>
        {
            var profileText = ProfileText(p);
            var titleText = string.IsNullOrWhiteSpace(p.Title) ? profileText : TitleText(p.Title);
            var cost = (charged.Add(profileText) ? byText[profileText].Tokens : 0)
                       + (charged.Add(titleText) ? byText[titleText].Tokens : 0);
            var result = scorer.Explain(prepared, ScoringProfile.From(p, byText[profileText].Vector, byText[titleText].Vector, occupations), Model);
            return result with { EmbeddingTokens = cost };
        }).ToList();
    }

    /// <summary>The vectors profiles are scored with (<see cref="ProfileText"/>), in input order.</summary>
    public Task<float[][]> ProfileVectors(IReadOnlyList<ProspectProfile> profiles, CancellationToken ct) =>
        EmbedAll(profiles.Select(ProfileText).ToList(), ct);

    private async Task<float[][]> EmbedAll(IReadOnlyList<string> texts, CancellationToken ct) => (await EmbedWithUsage(texts, ct)).Vectors;

    /// <summary>Embeds texts in batches, with the input tokens each text cost: an API reports one total per request,
    /// which is shared out over the request's texts by length so the shares add up to exactly what was billed.</summary>
    private async Task<(float[][] Vectors, long[] Tokens)> EmbedWithUsage(IReadOnlyList<string> texts, CancellationToken ct)
    {
        var vectors = new float[texts.Count][];
        var tokens = new long[texts.Count];
        for (var start = 0; start < texts.Count; start += EmbeddingBatch)
        {
            var batch = texts.Skip(start).Take(EmbeddingBatch).ToList();
            var embeddings = await embedder.GenerateAsync(batch, cancellationToken: ct);
            for (var i = 0; i < batch.Count; i++) vectors[start + i] = embeddings[i].Vector.ToArray();
            var shares = TokenShares.Apportion(embeddings.Usage?.InputTokenCount ?? 0, batch.Select(t => (long)t.Length).ToList());
            shares.CopyTo(tokens, start);
        }

        return (vectors, tokens);
    }

    /// <summary>What of a profile is embedded: the words that say what the person does. The embedder's cost grows with
    /// the text, so a headline that only repeats "title at company" and the free-text summary are left out. A profile
    /// with only a title is embedded as <see cref="TitleText"/>, so its two vectors are one.</summary>
    public static string ProfileText(ProspectProfile p)
    {
        var text = new System.Text.StringBuilder(TitleText(p.Title));
        if (!string.IsNullOrWhiteSpace(p.Headline) && !p.Headline.StartsWith(p.Title, StringComparison.OrdinalIgnoreCase))
            text.Append(' ').Append(p.Headline.Trim()).Append('.');
        if (p.Skills.Count > 0) text.Append(" Skills: ").AppendJoin(", ", p.Skills.Take(8)).Append('.');
        if (!string.IsNullOrWhiteSpace(p.Industry)) text.Append(" Industry: ").Append(p.Industry.Trim()).Append('.');
        return text.ToString();
    }

    /// <summary>How a job title alone is embedded, on both sides (profile titles and the ICP's candidate titles).</summary>
    public static string TitleText(string title) => title.Trim() + ".";
}
