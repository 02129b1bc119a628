using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Extensions.AI;

namespace LeadGen.Benchmarks;

/// <summary>Embeddings by model and text, kept in an append-only file beside the program (bin/, never committed), so a
/// rerun embeds only what it has not seen. Records: model and text as length-prefixed UTF-8, dimension, floats.</summary>
/// <param name="batchSize">Texts per request to the embedder: the local model gains nothing from more than 64; an API
/// is asked in larger requests (it splits them by its own documented limits).</param>
public sealed class EmbeddingCache(IEmbeddingGenerator<string, Embedding<float>> embedder, string model, string path, int batchSize = 64)
    : IEmbeddingGenerator<string, Embedding<float>>
{
    private readonly Dictionary<string, float[]> vectors = Read(path, model);
    private readonly EmbeddingGeneratorMetadata metadata = new("benchmark-cache", defaultModelId: model);

    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values,
        EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var texts = values as IReadOnlyCollection<string> ?? values.ToArray();
        await EnsureAsync(texts, "texts", cancellationToken, quiet: true);
        return new GeneratedEmbeddings<Embedding<float>>(texts.Select(t => new Embedding<float>(vectors[t]) { ModelId = model }));
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType.IsInstanceOfType(metadata) ? metadata : null;

    public void Dispose()
    {
    }

    public int Count => vectors.Count;
    public int Embedded { get; private set; }
    public TimeSpan EmbeddingTime { get; private set; }
    public string Path => path;

    public bool Contains(string text) => vectors.ContainsKey(text);

    public float[] this[string text] => vectors[text];

    /// <summary>Embeds the texts not cached yet, in batches, appending each batch to the file as it completes.</summary>
    public async Task EnsureAsync(IReadOnlyCollection<string> texts, string label, CancellationToken ct, bool quiet = false)
    {
        var missing = texts.Where(t => !vectors.ContainsKey(t)).Distinct(StringComparer.Ordinal).ToList();
        if (missing.Count == 0) return;
        if (!quiet) Console.Error.WriteLine($"  embedding {missing.Count} {label} (cache: {path})");
        await using var file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
        await using var writer = new BinaryWriter(file, Encoding.UTF8);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        for (var start = 0; start < missing.Count; start += batchSize)
        {
            var batch = missing.GetRange(start, Math.Min(batchSize, missing.Count - start));
            var begun = watch.Elapsed;
            var result = await embedder.GenerateAsync(batch, cancellationToken: ct);
            EmbeddingTime += watch.Elapsed - begun;
            Embedded += batch.Count;
            for (var i = 0; i < batch.Count; i++)
            {
                var vector = result[i].Vector.ToArray();
                vectors[batch[i]] = vector;
                writer.Write(model);
                writer.Write(batch[i]);
                writer.Write(vector.Length);
                writer.Write(MemoryMarshal.AsBytes(vector.AsSpan()));
            }

            writer.Flush();
            if (!quiet && (start / batchSize) % 40 == 39)
                Console.Error.WriteLine($"    {start + batch.Count}/{missing.Count} ({watch.Elapsed.TotalSeconds:0}s)");
        }
    }

    private static Dictionary<string, float[]> Read(string path, string model)
    {
        var vectors = new Dictionary<string, float[]>(StringComparer.Ordinal);
        if (!File.Exists(path)) return vectors;
        long good = 0, length;
        using (var reader = new BinaryReader(File.OpenRead(path), Encoding.UTF8))
        {
            length = reader.BaseStream.Length;
            try
            {
                while (reader.BaseStream.Position < length)
                {
                    var recordModel = reader.ReadString();
                    var text = reader.ReadString();
                    var dimensions = reader.ReadInt32();
                    var vector = new float[dimensions];
                    if (reader.Read(MemoryMarshal.AsBytes(vector.AsSpan())) != dimensions * sizeof(float)) break;
                    if (recordModel == model) vectors[text] = vector;
                    good = reader.BaseStream.Position;
                }
            }
            catch (EndOfStreamException)
            {
            }
        }

        // A run killed mid-write leaves a torn last record: cut it off so that appends stay readable.
        if (good < length)
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Write);
            file.SetLength(good);
        }

        return vectors;
    }
}
