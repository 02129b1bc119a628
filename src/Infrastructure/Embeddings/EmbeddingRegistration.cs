using LeadGen.Application.Ports;
using LeadGen.Infrastructure.Providers;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LeadGen.Infrastructure.Embeddings;

/// <summary>
/// Registers the <see cref="IEmbeddingGenerator{TInput,TEmbedding}"/> that <c>Embeddings:Provider</c> names — <c>local</c>
/// (the default: all-MiniLM-L6-v2 in process), <c>openai</c> or <c>azureopenai</c> — always behind the embedding cache
/// (<see cref="CachedEmbeddingGenerator"/>), and the <see cref="EmbeddingPricing"/> that prices its token usage.
/// A provider named but not usable (an unknown name, a missing key, endpoint or deployment) stops the start-up with a
/// message naming the settings, never their values.
/// </summary>
public static class EmbeddingRegistration
{
    public const string Local = "local";

    /// <summary>What the in-process cache level may hold, in megabytes of vectors, unless
    /// <c>Embeddings:Cache:MemoryMegabytes</c> says otherwise: about 9,000 MiniLM vectors or 2,600 full OpenAI ones. The
    /// level saves a database read for texts wanted again soon (an ICP's titles, a list matched twice); PostgreSQL keeps
    /// every vector. A campaign embeds each profile once, so a larger level only holds memory: 100,000 prospects' vectors
    /// take 180 MB, and nobody asks for them again.</summary>
    public const int DefaultMemoryMegabytes = 16;

    private static readonly string[] Providers = [Local, OpenAIEmbeddings.ProviderName, AzureOpenAIEmbeddings.ProviderName];

    public static IServiceCollection AddEmbeddings(this IServiceCollection services, IConfiguration configuration, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);

        var provider = configuration["Embeddings:Provider"]?.Trim().ToLowerInvariant() is { Length: > 0 } named ? named : Local;
        Func<IServiceProvider, IEmbeddingGenerator<string, Embedding<float>>> inner = provider switch
        {
            Local => AddLocal(services),
            OpenAIEmbeddings.ProviderName => AddApi<OpenAIEmbeddings>(services, configuration, OpenAIEmbeddings.Profile,
                OpenAIEmbeddings.Validate, OpenAIEmbeddings.DefaultPricePerMillionTokens, _ => OpenAIEmbeddings.DefaultBaseUrl),
            AzureOpenAIEmbeddings.ProviderName => AddApi<AzureOpenAIEmbeddings>(services, configuration, AzureOpenAIEmbeddings.Profile, AzureOpenAIEmbeddings.Validate, AzureOpenAIEmbeddings.DefaultPricePerMillionTokens,
                settings => AzureOpenAIEmbeddings.EndpointOf(settings)!),
            _ => throw new InvalidOperationException(
                $"Embeddings:Provider '{provider}' is not known: use one of {string.Join(", ", Providers)}."),
        };

        var memoryBytes = configuration.GetValue("Embeddings:Cache:MemoryMegabytes", DefaultMemoryMegabytes) * 1024L * 1024L;
        services.AddSingleton(_ => new PostgresEmbeddingCache(connectionString));
        services.AddSingleton(sp => new CachedEmbeddingGenerator(inner(sp), sp.GetRequiredService<PostgresEmbeddingCache>(),
            new EmbeddingMemoryCache(memoryBytes), sp.GetService<ILogger<CachedEmbeddingGenerator>>()));
        services.AddSingleton<IEmbeddingGenerator<string, Embedding<float>>>(sp => sp.GetRequiredService<CachedEmbeddingGenerator>());
        services.AddSingleton<IEmbeddingCache>(sp => sp.GetRequiredService<CachedEmbeddingGenerator>());
        return services;
    }

    private static Func<IServiceProvider, IEmbeddingGenerator<string, Embedding<float>>> AddLocal(IServiceCollection services)
    {
        services.AddSingleton(EmbeddingPricing.Local);
        // Made here rather than registered: the cache owns it and is the only one to dispose of it.
        return _ => new LocalMiniLmEmbeddingGenerator();
    }

    /// <summary>A provider reached over HTTP: checked now, priced, and given its typed client on the provider pipeline.</summary>
    private static Func<IServiceProvider, IEmbeddingGenerator<string, Embedding<float>>> AddApi<TClient>(IServiceCollection services,
        IConfiguration configuration, ProviderProfile profile, Action<ProviderOptions> validate, decimal listPrice,
        Func<ProviderOptions, Uri> baseUrl)
        where TClient : class, IEmbeddingGenerator<string, Embedding<float>>
    {
        // The section ProviderHttp binds the provider's options from (configuration keys ignore case).
        var settings = configuration.GetSection($"Providers:{profile.Name}").Get<ProviderOptions>() ?? new ProviderOptions();
        validate(settings);
        services.AddSingleton(new EmbeddingPricing(profile.Name, settings.PricePerMillionTokens ?? listPrice));
        services.AddProviderHttpClient<TClient>(configuration, profile, baseUrl(settings));
        return sp => sp.GetRequiredService<TClient>();
    }
}
