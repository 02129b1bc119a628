using Azure;
using Azure.AI.OpenAI;
using LeadGen.Infrastructure.Providers;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using ServiceVersion = Azure.AI.OpenAI.AzureOpenAIClientOptions.ServiceVersion;

namespace LeadGen.Infrastructure.Embeddings;

/// <summary>
/// Azure OpenAI's embeddings API (POST {endpoint}/openai/deployments/{deployment}/embeddings?api-version=…, <c>api-key</c>
/// header) through the Azure.AI.OpenAI SDK, configured from <c>Providers:AzureOpenAI</c>. The typed client of the
/// "azureopenai" provider pipeline: its HttpClient is handed to the SDK, and the <see cref="EmbeddingApiGenerator"/> built on
/// that does the work.
/// </summary>
public sealed class AzureOpenAIEmbeddings : DelegatingEmbeddingGenerator<string, Embedding<float>>
{
    public const string ProviderName = "azureopenai";
    public const string DefaultApiVersion = "2024-10-21";

    /// <summary>text-embedding-3-small's pay-as-you-go price per million input tokens, in US dollars.</summary>
    public const decimal DefaultPricePerMillionTokens = 0.02m;

    public static readonly ProviderProfile Profile = new(ProviderName);

    /// <summary>The API versions the Azure.AI.OpenAI SDK in use can speak.</summary>
    private static readonly Dictionary<string, ServiceVersion> ApiVersions = new(StringComparer.Ordinal)
    {
        ["2024-10-21"] = ServiceVersion.V2024_10_21,
        ["2024-06-01"] = ServiceVersion.V2024_06_01,
    };

    public AzureOpenAIEmbeddings(HttpClient http, IOptionsMonitor<ProviderOptions> options, TimeProvider time)
        : base(Create(http, options, time))
    {
    }

    /// <summary>The resource's endpoint: Endpoint, or BaseUrl as every other provider names it.</summary>
    public static Uri? EndpointOf(ProviderOptions settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var text = string.IsNullOrWhiteSpace(settings.Endpoint) ? settings.BaseUrl : settings.Endpoint;
        return Uri.TryCreate(text?.Trim(), UriKind.Absolute, out var endpoint) ? endpoint : null;
    }

    /// <summary>What start-up checks before anything is registered. Messages name the settings, never their values.</summary>
    public static void Validate(ProviderOptions settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var missing = new List<string>();
        if (string.IsNullOrWhiteSpace(settings.ApiKey)) missing.Add("Providers:AzureOpenAI:ApiKey");
        if (EndpointOf(settings) is null) missing.Add("Providers:AzureOpenAI:Endpoint (an absolute URL)");
        if (string.IsNullOrWhiteSpace(settings.Deployment)) missing.Add("Providers:AzureOpenAI:Deployment");
        if (missing.Count > 0)
        {
            throw new InvalidOperationException(
                $"Embeddings:Provider is 'azureopenai' but {string.Join(", ", missing)} {(missing.Count == 1 ? "is" : "are")} not configured.");
        }

        _ = ApiVersionOf(settings);
    }

    private static ServiceVersion ApiVersionOf(ProviderOptions settings)
    {
        var version = string.IsNullOrWhiteSpace(settings.ApiVersion) ? DefaultApiVersion : settings.ApiVersion.Trim();
        return ApiVersions.TryGetValue(version, out var known)
            ? known
            : throw new InvalidOperationException(
                $"Providers:AzureOpenAI:ApiVersion '{version}' is not supported: use one of {string.Join(", ", ApiVersions.Keys)}.");
    }

    private static EmbeddingApiGenerator Create(HttpClient http, IOptionsMonitor<ProviderOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        var settings = options.Get(ProviderName);
        Validate(settings);
        var endpoint = EndpointOf(settings)!;
        var deployment = settings.Deployment!.Trim();
        // The deployment's name is the operator's choice; the model it serves (when given) says which vectors it makes.
        var model = string.IsNullOrWhiteSpace(settings.Model) ? deployment : settings.Model.Trim();

        var azure = new AzureOpenAIClient(endpoint, new AzureKeyCredential(settings.ApiKey!),
            new AzureOpenAIClientOptions(ApiVersionOf(settings)).SendThrough(http, settings));
        var metadata = new EmbeddingGeneratorMetadata(ProviderName, endpoint, EmbeddingApiGenerator.ModelIdOf(model, settings.Dimensions),
            settings.Dimensions);
        return new EmbeddingApiGenerator(azure.GetEmbeddingClient(deployment), Profile, metadata, settings.Dimensions, time);
    }
}
