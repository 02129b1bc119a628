using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using LeadGen.Infrastructure.Embeddings;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WireMock;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace LeadGen.Providers.Tests.Embeddings;

/// <summary>
/// The embeddings endpoint of OpenAI (POST /v1/embeddings) or Azure OpenAI (POST
/// /openai/deployments/{deployment}/embeddings?api-version=…) played by a WireMock server, speaking the documented JSON:
/// <c>{input:[…], model, dimensions?, encoding_format?}</c> in, <c>{object:"list", data:[{object:"embedding", index,
/// embedding}], model, usage:{prompt_tokens, total_tokens}}</c> out, the vectors as floats or, when asked (the SDK
/// does), as base64 float32. LeadGen's services are wired to it by <see cref="EmbeddingRegistration.AddEmbeddings"/>, as
/// in production, with timeouts and backoffs shrunk.
/// <para>Each text's vector is a function of the text (<see cref="VectorOf"/>), and the fake lists them in reverse
/// order, so a test sees whether vectors were put back where their texts were.</para>
/// </summary>
public sealed class EmbeddingApiFake : IDisposable
{
    public const string OpenAIKey = "sk-test-embeddings-5f1c9a7d2e";
    public const string AzureKey = "azure-test-key-91c4b03e";
    public const string AzureDeployment = "embed-small";

    /// <summary>Where no PostgreSQL listens: for tests that do not reach the cache's database, or mean it to be down.</summary>
    public const string UnusedDatabase = "Host=127.0.0.1;Port=1;Database=unused;Username=none";

    private readonly IConfiguration configuration;
    private readonly string connectionString;
    private readonly List<ServiceProvider> processes = [];

    private EmbeddingApiFake(string provider, string section, string path, string key, Func<string, Dictionary<string, string?>> settings,
        IReadOnlyDictionary<string, string?>? overrides, string? connectionString)
    {
        Provider = provider;
        Path = path;
        Key = key;
        Server = WireMockServer.Start();
        WarmUp(Server);
        var all = new Dictionary<string, string?>(FastSettings()) { ["ApiKey"] = key };
        foreach (var (name, value) in settings(Server.Url!).Concat(overrides ?? new Dictionary<string, string?>())) all[name] = value;
        configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Embeddings:Provider"] = provider })
            .AddInMemoryCollection(all.ToDictionary(kv => $"Providers:{section}:{kv.Key}", kv => kv.Value))
            .Build();
        this.connectionString = connectionString ?? UnusedDatabase;
        Services = NewProcess();
    }

    public string Provider { get; }

    /// <summary>The path the provider's embeddings endpoint is at.</summary>
    public string Path { get; }

    public string Key { get; }

    public WireMockServer Server { get; }

    /// <summary>Everything any logger of any of this fake's processes wrote, at every level.</summary>
    public CapturedLogs Logs { get; } = new();

    public IServiceProvider Services { get; }

    /// <summary>The provider's own generator (the typed client), without the cache in front of it.</summary>
    public IEmbeddingGenerator<string, Embedding<float>> Api => Provider == OpenAIEmbeddings.ProviderName
        ? Services.GetRequiredService<OpenAIEmbeddings>()
        : Services.GetRequiredService<AzureOpenAIEmbeddings>();

    /// <summary>What the application resolves: the provider behind the embedding cache.</summary>
    public IEmbeddingGenerator<string, Embedding<float>> Generator => Services.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();

    /// <summary>The requests the endpoint received, oldest first.</summary>
    public IReadOnlyList<IRequestMessage> Requests => Server.LogEntries
        .Select(e => e.RequestMessage)
        .OfType<IRequestMessage>()
        .Where(r => r.Path == Path)
        .OrderBy(r => r.DateTime)
        .ToList();

    public static EmbeddingApiFake OpenAI(IReadOnlyDictionary<string, string?>? overrides = null, string? connectionString = null) =>
        new(OpenAIEmbeddings.ProviderName, "OpenAI", "/v1/embeddings", OpenAIKey,
            url => new Dictionary<string, string?> { ["BaseUrl"] = url + "/v1" }, overrides, connectionString);

    public static EmbeddingApiFake Azure(IReadOnlyDictionary<string, string?>? overrides = null, string? connectionString = null) =>
        new(AzureOpenAIEmbeddings.ProviderName, "AzureOpenAI", $"/openai/deployments/{AzureDeployment}/embeddings", AzureKey,
            url => new Dictionary<string, string?> { ["Endpoint"] = url, ["Deployment"] = AzureDeployment }, overrides, connectionString);

    /// <summary>Another process on the same configuration and database: a new container, so an empty in-process cache.</summary>
    public IServiceProvider NewProcess()
    {
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(Logs));
        services.AddEmbeddings(configuration, connectionString);
        var process = services.BuildServiceProvider();
        processes.Add(process);
        return process;
    }

    /// <summary>Answers every embeddings request as the API does.</summary>
    public void Answers() => Server.Given(Endpoint()).RespondWith(Answer());

    public IRequestBuilder Endpoint() => Request.Create().WithPath(Path).UsingPost();

    public static IResponseBuilder Answer() =>
        Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(request => AnswerTo(request.Body!));

    /// <summary>OpenAI's documented error body, which Azure OpenAI shares.</summary>
    public static IResponseBuilder Error(int status, string type, string code, string message) => ProviderFake.Json(status,
        new JsonObject { ["error"] = new JsonObject { ["message"] = message, ["type"] = type, ["param"] = null, ["code"] = code } }.ToJsonString());

    /// <summary>The fake's vector for a text: its length, a hash of it, then the positions.</summary>
    public static float[] VectorOf(string text, int dimensions)
    {
        var hash = text.Aggregate(17u, (h, c) => unchecked((h * 31) + c));
        return Enumerable.Range(0, dimensions).Select(i => i switch { 0 => text.Length, 1 => (float)(hash % 10_007), _ => i }).ToArray();
    }

    /// <summary>The tokens the fake says a text used.</summary>
    public static int TokensOf(string text) => (text.Length / 4) + 1;

    public static JsonObject BodyOf(IRequestMessage request) => JsonNode.Parse(request.Body!)!.AsObject();

    public static string[] InputsOf(IRequestMessage request) => BodyOf(request)["input"]!.AsArray().Select(n => n!.GetValue<string>()).ToArray();

    public void Dispose()
    {
        foreach (var process in processes) process.Dispose();
        Server.Stop();
        Server.Dispose();
    }

    private static string AnswerTo(string body)
    {
        var request = JsonNode.Parse(body)!.AsObject();
        var inputs = request["input"]!.AsArray().Select(n => n!.GetValue<string>()).ToArray();
        var dimensions = request["dimensions"]?.GetValue<int>() ?? 3;
        var base64 = request["encoding_format"]?.GetValue<string>() == "base64";
        var data = new JsonArray();
        for (var i = inputs.Length - 1; i >= 0; i--)
        {
            var vector = VectorOf(inputs[i], dimensions);
            JsonNode embedding = base64
                ? JsonValue.Create(Convert.ToBase64String(MemoryMarshal.AsBytes(vector.AsSpan())))
                : new JsonArray(vector.Select(v => (JsonNode)JsonValue.Create(v)).ToArray());
            data.Add(new JsonObject { ["object"] = "embedding", ["index"] = i, ["embedding"] = embedding });
        }

        var tokens = inputs.Sum(TokensOf);
        return new JsonObject
        {
            ["object"] = "list",
            ["data"] = data,
            ["model"] = request["model"]!.GetValue<string>(),
            ["usage"] = new JsonObject { ["prompt_tokens"] = tokens, ["total_tokens"] = tokens },
        }.ToJsonString();
    }

    /// <summary>The first request a WireMock server answers can take seconds on a busy machine; paid before any timeout.</summary>
    private static void WarmUp(WireMockServer server)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        using var response = client.Send(new HttpRequestMessage(HttpMethod.Get, $"{server.Url}/__warm-up"));
        server.ResetLogEntries();
    }

    private static Dictionary<string, string?> FastSettings() => new()
    {
        ["TimeoutSeconds"] = "2",
        ["TotalTimeoutSeconds"] = "8",
        ["Retry:MaxRetries"] = "3",
        ["Retry:BaseDelaySeconds"] = "0.01",
        ["Retry:MaxDelaySeconds"] = "0.05",
        ["Retry:MaxRetryAfterSeconds"] = "5",
        ["RateLimit:PermitsPerSecond"] = "100",
    };
}
