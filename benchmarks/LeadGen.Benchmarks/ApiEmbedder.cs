using LeadGen.Infrastructure.Embeddings;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LeadGen.Benchmarks;

/// <summary>
/// The embedding API a deployment would use, when the environment names one the way the product reads its settings
/// (<c>Embeddings__Provider=openai</c> with <c>Providers__OpenAI__ApiKey</c>, or <c>azureopenai</c> with its endpoint,
/// deployment and key): built by the product's own registration, so the matching benchmark measures the adapter,
/// batching and resilience that campaigns use.
/// </summary>
internal sealed class ApiEmbedder : IAsyncDisposable
{
    private readonly ServiceProvider services;

    private ApiEmbedder(ServiceProvider services, IEmbeddingGenerator<string, Embedding<float>> generator)
    {
        this.services = services;
        Generator = generator;
    }

    public IEmbeddingGenerator<string, Embedding<float>> Generator { get; }

    public string Model => Generator.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelId ?? "unknown";

    public string Provider => Generator.GetService<EmbeddingGeneratorMetadata>()?.ProviderName ?? "unknown";

    /// <summary>Null when no API is named (the local model is then the one measured).</summary>
    public static ApiEmbedder? FromEnvironment()
    {
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().Build();
        var provider = configuration["Embeddings:Provider"]?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(provider) || provider == EmbeddingRegistration.Local) return null;

        // The benchmark keeps vectors in its own file: the product's PostgreSQL cache level is registered with the
        // provider but never built, so it needs no server.
        var services = new ServiceCollection().AddLogging().AddEmbeddings(configuration, connectionString: "Host=unused").BuildServiceProvider();
        IEmbeddingGenerator<string, Embedding<float>> generator = provider == OpenAIEmbeddings.ProviderName
            ? services.GetRequiredService<OpenAIEmbeddings>()
            : services.GetRequiredService<AzureOpenAIEmbeddings>();
        return new ApiEmbedder(services, generator);
    }

    public ValueTask DisposeAsync() => services.DisposeAsync();
}
