using LeadGen.Application.Ports;
using LeadGen.Infrastructure.Providers;
using Microsoft.Extensions.AI;
using OpenAI.Embeddings;
using SdkEmbeddingOptions = OpenAI.Embeddings.EmbeddingGenerationOptions;

namespace LeadGen.Infrastructure.Embeddings;

/// <summary>
/// The embeddings endpoint that OpenAI and Azure OpenAI share, called through the OpenAI SDK's
/// <see cref="EmbeddingClient"/> (which the Azure SDK's client extends), behind <see cref="IEmbeddingGenerator{TInput,TEmbedding}"/>.
/// <list type="bullet">
/// <item>A call of any size is split into requests within the documented limits (<see cref="EmbeddingRequests"/>).</item>
/// <item>Vectors come back in input order, placed by the answer's <c>index</c> rather than by position: the SDK keeps
/// the order the provider wrote them in.</item>
/// <item>The answer's token usage, summed over the requests, is returned as <see cref="GeneratedEmbeddings{T}.Usage"/>;
/// <see cref="EmbeddingPricing"/> turns it into cost.</item>
/// <item>Whatever the provider pipeline gave up on surfaces as a <see cref="ProviderFailure"/>.</item>
/// </list>
/// Used directly over a bare client only in tests; in the application it is built by the provider's typed client
/// (<see cref="OpenAIEmbeddings"/>, <see cref="AzureOpenAIEmbeddings"/>), whose HttpClient the SDK sends through.
/// </summary>
public sealed class EmbeddingApiGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    public const string Operation = "embeddings";

    private readonly EmbeddingClient client;
    private readonly ProviderProfile profile;
    private readonly EmbeddingGeneratorMetadata metadata;
    private readonly int? dimensions;
    private readonly TimeProvider time;

    public EmbeddingApiGenerator(EmbeddingClient client, ProviderProfile profile, EmbeddingGeneratorMetadata metadata, int? dimensions,
        TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(metadata);
        ArgumentNullException.ThrowIfNull(time);
        this.client = client;
        this.profile = profile;
        this.metadata = metadata;
        this.dimensions = dimensions;
        this.time = time;
    }

    /// <summary>The id stored with the vectors: the model, and the length asked for when it is not the model's own, as
    /// a shortened text-embedding-3 vector cannot be compared with a full one.</summary>
    public static string ModelIdOf(string model, int? dimensions) => dimensions is { } length ? $"{model}@{length}" : model;

    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values,
        Microsoft.Extensions.AI.EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        var texts = values.Select(FitToInput).ToList();
        var sdkOptions = new SdkEmbeddingOptions { Dimensions = options?.Dimensions ?? dimensions };
        var vectors = new float[texts.Count][];
        long inputTokens = 0, totalTokens = 0;

        foreach (var range in EmbeddingRequests.Plan(texts))
        {
            var (start, count) = range.GetOffsetAndLength(texts.Count);
            var answer = await RequestAsync(texts.GetRange(start, count), sdkOptions, cancellationToken);
            Place(answer, vectors, start, count);
            inputTokens += answer.Usage?.InputTokenCount ?? 0;
            totalTokens += answer.Usage?.TotalTokenCount ?? 0;
        }

        var modelId = metadata.DefaultModelId;
        return new GeneratedEmbeddings<Embedding<float>>(vectors.Select(v => new Embedding<float>(v) { ModelId = modelId }))
        {
            Usage = new UsageDetails { InputTokenCount = inputTokens, TotalTokenCount = totalTokens },
        };
    }

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(EmbeddingGeneratorMetadata) ? metadata
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    public void Dispose()
    {
        // Nothing to release: the HttpClient belongs to IHttpClientFactory, the SDK client holds nothing else.
    }

    private static string FitToInput(string text, int position)
    {
        // The API refuses an empty input, and it would make the whole request fail: a caller's bug, reported as one.
        if (string.IsNullOrEmpty(text)) throw new ArgumentException($"Input {position} is empty: empty texts cannot be embedded.", nameof(text));
        return EmbeddingRequests.FitToInputLimit(text);
    }

    private async Task<OpenAIEmbeddingCollection> RequestAsync(List<string> texts, SdkEmbeddingOptions options, CancellationToken ct)
    {
        try
        {
            var result = await client.GenerateEmbeddingsAsync(texts, options, ct);
            return result.Value;
        }
        catch (Exception exception) when (ProviderSdk.ToFailure(profile, Operation, exception, ct, time) is { } failure)
        {
            throw failure;
        }
    }

    private void Place(OpenAIEmbeddingCollection answer, float[][] vectors, int start, int count)
    {
        if (answer.Count != count) throw ProviderFailures.Unreadable(profile, Operation);
        foreach (var embedding in answer)
        {
            if (embedding.Index < 0 || embedding.Index >= count || vectors[start + embedding.Index] is not null)
            {
                throw ProviderFailures.Unreadable(profile, Operation);
            }

            vectors[start + embedding.Index] = embedding.ToFloats().ToArray();
        }
    }
}
