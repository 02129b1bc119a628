using LeadGen.Application.Ports;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using LeadGen.Infrastructure.Messaging;
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
    /// <summary>The counter of distinct texts asked for, tagged <c>found</c>: <c>memory</c>, <c>database</c>,
    /// <c>in-flight</c> (another request was embedding it) or <c>embedded</c> (by the model or provider).</summary>
    public const string InstrumentName = "leadgen.embeddings.texts";

    private static readonly Counter<long> Texts = LeadGenMeter.Meter.CreateCounter<long>(InstrumentName, "{text}",
        "Distinct texts asked to be embedded, by where their vector came from");

    private readonly PostgresEmbeddingCache stored;
    private readonly EmbeddingMemoryCache memory;
    private readonly ILogger logger;
    private readonly string model;
    /// <summary>The texts this process is embedding at the moment, each with the vector it will have.</summary>
    private readonly Dictionary<TextDigest, Task<float[]>> embedding = [];
    private readonly Lock inFlight = new();
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

        Count(known.Count, "memory");
        var stored = await FindStoredAsync(digests.Where(d => !known.ContainsKey(d)).Distinct().ToList(), cancellationToken);
        Count(stored.Count, "database");
        foreach (var (digest, vector) in stored)
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

    /// <summary>Embeds the texts no level had, each distinct text once, and stores the vectors in both levels. A text
    /// another request of this process is embedding at the moment is waited for instead: concurrent scoring batches
    /// share common titles, and each of them used to embed those again (and pay for them, with a paid provider).</summary>
    private async Task<UsageDetails?> GenerateMissingAsync(IReadOnlyList<string> texts, TextDigest[] digests, Dictionary<TextDigest, float[]> known,
        CancellationToken ct)
    {
        var mine = new List<(TextDigest Digest, string Text, TaskCompletionSource<float[]> Vector)>();
        var theirs = new List<(TextDigest Digest, string Text, Task<float[]> Vector)>();
        var asked = new HashSet<TextDigest>();
        var remembered = 0;
        lock (inFlight)
        {
            for (var i = 0; i < texts.Count; i++)
            {
                var digest = digests[i];
                if (known.ContainsKey(digest) || !asked.Add(digest)) continue;
                // Looked at again under the lock: a request that finished since this one read the memory has put its
                // vectors there before it stopped being in flight.
                if (memory.TryGet(digest, out var vector))
                {
                    known[digest] = vector;
                    remembered++;
                }
                else if (embedding.TryGetValue(digest, out var elsewhere)) theirs.Add((digest, texts[i], elsewhere));
                else
                {
                    var promise = new TaskCompletionSource<float[]>(TaskCreationOptions.RunContinuationsAsynchronously);
                    embedding[digest] = promise.Task;
                    mine.Add((digest, texts[i], promise));
                }
            }
        }

        Count(remembered, "memory");
        Count(theirs.Count, "in-flight");
        UsageDetails? usage = null;
        if (mine.Count > 0)
        {
            try
            {
                usage = await EmbedAsync(mine, known, ct);
                // Counted once the vectors are there: a failed call embedded nothing.
                Count(mine.Count, "embedded");
            }
            catch (Exception exception)
            {
                foreach (var (_, _, vector) in mine) vector.TrySetException(exception);
                throw;
            }
            finally
            {
                lock (inFlight)
                {
                    foreach (var (digest, _, _) in mine) embedding.Remove(digest);
                }
            }
        }

        if (theirs.Count == 0) return usage;
        var orphans = new List<(string Text, TextDigest Digest)>();
        foreach (var (digest, text, vector) in theirs)
        {
            try
            {
                known[digest] = await vector.WaitAsync(ct);
            }
            catch (Exception) when (!ct.IsCancellationRequested)
            {
                // The request embedding it failed or was cancelled; that is no reason for this one to fail.
                orphans.Add((text, digest));
            }
        }

        if (orphans.Count == 0) return usage;
        var more = await GenerateMissingAsync(orphans.Select(o => o.Text).ToList(), orphans.Select(o => o.Digest).ToArray(), known, ct);
        if (usage is null) return more;
        if (more is not null) usage.Add(more);
        return usage;
    }

    private async Task<UsageDetails?> EmbedAsync(List<(TextDigest Digest, string Text, TaskCompletionSource<float[]> Vector)> missing,
        Dictionary<TextDigest, float[]> known, CancellationToken ct)
    {
        var generated = await base.GenerateAsync(missing.Select(m => m.Text).ToList(), null, ct);
        if (generated.Count != missing.Count)
        {
            throw new InvalidOperationException($"The embedding generator returned {generated.Count} vectors for {missing.Count} texts.");
        }

        var fresh = new List<KeyValuePair<TextDigest, float[]>>(missing.Count);
        for (var i = 0; i < missing.Count; i++)
        {
            var vector = generated[i].Vector.ToArray();
            known[missing[i].Digest] = vector;
            memory.Set(missing[i].Digest, vector);
            missing[i].Vector.TrySetResult(vector);
            fresh.Add(KeyValuePair.Create(missing[i].Digest, vector));
        }

        await StoreAsync(fresh, ct);
        return generated.Usage;
    }

    /// <summary>Where the vectors of the distinct texts asked for came from.</summary>
    private static void Count(int texts, string found)
    {
        if (texts > 0) Texts.Add(texts, new KeyValuePair<string, object?>("found", found));
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
