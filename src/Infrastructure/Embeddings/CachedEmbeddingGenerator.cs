using LeadGen.Application.Ports;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace LeadGen.Infrastructure.Embeddings;

/// <summary>
/// Embeds each distinct text once per model: re-scoring the same profile, or an ICP's titles, costs no tokens and no
/// model time. Texts are known by their SHA-256 (<see cref="TextDigest"/>) in two levels, an in-process LRU
/// (<see cref="EmbeddingMemoryCache"/>) and PostgreSQL (<see cref="PostgresEmbeddingCache"/>), shared by every node.
/// <para>Unlike Microsoft.Extensions.AI's CachingEmbeddingGenerator, which asks its cache one text at a time, a batch
/// costs at most one read and one write of the database, and the inner generator sees only the texts neither level had,
/// each once. The answer keeps the input's order; its <see cref="GeneratedEmbeddings{T}.Usage"/> is the inner call's
/// alone, so hits cost nothing (no usage at all when every text was a hit).</para>
/// <para>The cache speeds things up and is never needed for correctness: when the database cannot be reached the batch is
/// embedded as if nothing were cached, and a warning says so.</para>
/// </summary>
public sealed class CachedEmbeddingGenerator : DelegatingEmbeddingGenerator<string, Embedding<float>>, IEmbeddingCache
{
    private readonly PostgresEmbeddingCache stored;
    private readonly EmbeddingMemoryCache memory;
    private readonly ILogger logger;
    private readonly string model;
    private int disposed;

    public CachedEmbeddingGenerator(IEmbeddingGenerator<string, Embedding<float>> inner, PostgresEmbeddingCache stored,
        EmbeddingMemoryCache memory, ILogger<CachedEmbeddingGenerator>? logger = null)
        : base(inner)
    {
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(memory);
        this.stored = stored;
        this.memory = memory;
        this.logger = logger ?? NullLogger<CachedEmbeddingGenerator>.Instance;
        // Vectors are only interchangeable within one model (and length): the model id is half of every key.
        model = inner.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelId
                ?? throw new ArgumentException("The inner generator does not say which model it is: its vectors cannot be cached.", nameof(inner));
    }

    public override async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values,
        EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        // Such options can ask for another model or length than the one the keys are made for.
        if (options is { ModelId: not null } or { Dimensions: not null } or { AdditionalProperties.Count: > 0 } or { RawRepresentationFactory: not null })
        {
            return await base.GenerateAsync(values, options, cancellationToken);
        }

        var texts = values as IReadOnlyList<string> ?? values.ToList();
        var digests = texts.Select(TextDigest.Of).ToArray();
        var known = new Dictionary<TextDigest, float[]>();
        foreach (var digest in digests)
        {
            if (!known.ContainsKey(digest) && memory.TryGet(digest, out var vector)) known[digest] = vector;
        }

        foreach (var (digest, vector) in await FindStoredAsync(digests.Where(d => !known.ContainsKey(d)).Distinct().ToList(), cancellationToken))
        {
            known[digest] = vector;
            memory.Set(digest, vector);
        }

        var usage = await GenerateMissingAsync(texts, digests, known, cancellationToken);
        return new GeneratedEmbeddings<Embedding<float>>(digests.Select(d => new Embedding<float>(known[d]) { ModelId = model }))
        {
            Usage = usage,
        };
    }

    /// <summary>Removes these texts' vectors from both levels, for every model (erasure). Unlike lookups, this fails
    /// loudly: an erasure that did not happen must not pass for one that did.</summary>
    public Task ForgetAsync(IEnumerable<string> texts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(texts);
        return Forget(texts.Select(TextDigest.Of).Distinct().ToList(), cancellationToken);
    }

    public Task ForgetDigestsAsync(IReadOnlyCollection<string> digests, CancellationToken ct) =>
        Forget(digests.Select(d => new TextDigest(d.ToUpperInvariant())).Distinct().ToList(), ct);

    private async Task Forget(List<TextDigest> digests, CancellationToken cancellationToken)
    {
        foreach (var digest in digests) memory.Remove(digest);
        await stored.ForgetAsync(digests, cancellationToken);
    }

    protected override void Dispose(bool disposing)
    {
        // Resolved both as itself and as IEmbeddingGenerator, it is disposed twice; the inner generator must not be.
        if (Interlocked.Exchange(ref disposed, 1) == 0) base.Dispose(disposing);
    }

    /// <summary>Embeds the texts no level had, each distinct text once, and stores the vectors in both levels.</summary>
    private async Task<UsageDetails?> GenerateMissingAsync(IReadOnlyList<string> texts, TextDigest[] digests, Dictionary<TextDigest, float[]> known,
        CancellationToken ct)
    {
        var missing = new List<(TextDigest Digest, string Text)>();
        var asked = new HashSet<TextDigest>();
        for (var i = 0; i < texts.Count; i++)
        {
            if (!known.ContainsKey(digests[i]) && asked.Add(digests[i])) missing.Add((digests[i], texts[i]));
        }

        if (missing.Count == 0) return null;

        var generated = await base.GenerateAsync(missing.Select(m => m.Text).ToList(), null, ct);
        if (generated.Count != missing.Count)
        {
            throw new InvalidOperationException($"The embedding generator returned {generated.Count} vectors for {missing.Count} texts.");
        }

        var fresh = missing.Select((m, i) => KeyValuePair.Create(m.Digest, generated[i].Vector.ToArray())).ToList();
        foreach (var (digest, vector) in fresh)
        {
            known[digest] = vector;
            memory.Set(digest, vector);
        }

        await StoreAsync(fresh, ct);
        return generated.Usage;
    }

    private async Task<IReadOnlyDictionary<TextDigest, float[]>> FindStoredAsync(List<TextDigest> digests, CancellationToken ct)
    {
        try
        {
            return await stored.FindAsync(model, digests, ct);
        }
        catch (NpgsqlException exception)
        {
            logger.LogWarning(exception, "The embedding cache could not be read; {Count} texts are embedded again", digests.Count);
            return new Dictionary<TextDigest, float[]>();
        }
    }

    private async Task StoreAsync(List<KeyValuePair<TextDigest, float[]>> vectors, CancellationToken ct)
    {
        try
        {
            await stored.StoreAsync(model, vectors, ct);
        }
        catch (NpgsqlException exception)
        {
            logger.LogWarning(exception, "The embedding cache could not store {Count} vectors; they will be embedded again next time", vectors.Count);
        }
    }
}
