using System.ClientModel;
using LeadGen.Infrastructure.Providers;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using OpenAI;
using OpenAI.Embeddings;

namespace LeadGen.Infrastructure.Embeddings;

/// <summary>
/// OpenAI's embeddings API (POST /v1/embeddings, <c>Authorization: Bearer</c>), configured from <c>Providers:OpenAI</c>.
/// The typed client of the "openai" provider pipeline: its HttpClient is handed to the OpenAI SDK, and the
/// <see cref="EmbeddingApiGenerator"/> built on that does the work.
/// </summary>
public sealed class OpenAIEmbeddings : DelegatingEmbeddingGenerator<string, Embedding<float>>
{
    public const string ProviderName = "openai";
    public const string DefaultModel = "text-embedding-3-small";

    /// <summary>text-embedding-3-small's list price per million input tokens, in US dollars.</summary>
    public const decimal DefaultPricePerMillionTokens = 0.02m;

    public static readonly Uri DefaultBaseUrl = new("https://api.openai.com/v1");

    public static readonly ProviderProfile Profile = new(ProviderName);

    public OpenAIEmbeddings(HttpClient http, IOptionsMonitor<ProviderOptions> options, TimeProvider time)
        : base(Create(http, options, time))
    {
    }

    /// <summary>What start-up checks before anything is registered: without a key every call would be refused.</summary>
    public static void Validate(ProviderOptions settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (string.IsNullOrWhiteSpace(settings.ApiKey))
        {
            throw new InvalidOperationException(
                "Embeddings:Provider is 'openai' but Providers:OpenAI:ApiKey is not configured. Set it, or choose another provider.");
        }
    }

    private static EmbeddingApiGenerator Create(HttpClient http, IOptionsMonitor<ProviderOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        var settings = options.Get(ProviderName);
        Validate(settings);
        var model = string.IsNullOrWhiteSpace(settings.Model) ? DefaultModel : settings.Model.Trim();
        var endpoint = string.IsNullOrWhiteSpace(settings.BaseUrl) ? DefaultBaseUrl : new Uri(settings.BaseUrl.Trim(), UriKind.Absolute);

        var client = new EmbeddingClient(model, new ApiKeyCredential(settings.ApiKey!),
            new OpenAIClientOptions { Endpoint = endpoint }.SendThrough(http, settings));
        var metadata = new EmbeddingGeneratorMetadata(ProviderName, endpoint, EmbeddingApiGenerator.ModelIdOf(model, settings.Dimensions),
            settings.Dimensions);
        return new EmbeddingApiGenerator(client, Profile, metadata, settings.Dimensions, time);
    }
}
