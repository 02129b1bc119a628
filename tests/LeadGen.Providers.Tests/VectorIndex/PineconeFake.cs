using System.Text.Json;
using LeadGen.Application.Ports;
using LeadGen.Infrastructure.VectorIndex;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WireMock;
using WireMock.RequestBuilders;
using WireMock.Server;

namespace LeadGen.Providers.Tests.VectorIndex;

/// <summary>
/// Pinecone's data plane played by a WireMock server, and <see cref="IVectorIndex"/> wired to it as in production:
/// <see cref="VectorIndexRegistration.AddVectorIndex"/> over configuration with VectorIndex:Provider = pinecone and
/// Providers:Pinecone:BaseUrl pointing at the fake. Timeouts and backoffs are shrunk so failures are quick.
/// </summary>
public sealed class PineconeFake : IDisposable
{
    public const string Key = "pcsk_4kT9_test_key_77c1";

    private readonly ServiceProvider services;

    public PineconeFake(IReadOnlyDictionary<string, string?>? settings = null)
    {
        Server = WireMockServer.Start();
        // The first answer of a fresh server can take seconds on a busy machine: paid here, before any timeout runs.
        using (var client = new HttpClient { Timeout = TimeSpan.FromSeconds(30) })
        {
            client.GetAsync(new Uri($"{Server.Url}/warm-up")).GetAwaiter().GetResult().Dispose();
        }

        Server.ResetLogEntries();
        var pinecone = new Dictionary<string, string?>
        {
            ["BaseUrl"] = Server.Url,
            ["ApiKey"] = Key,
            ["TimeoutSeconds"] = "5",
            ["TotalTimeoutSeconds"] = "15",
            ["Retry:MaxRetries"] = "3",
            ["Retry:BaseDelaySeconds"] = "0.01",
            ["Retry:MaxDelaySeconds"] = "0.05",
            ["Retry:MaxRetryAfterSeconds"] = "5",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) pinecone[key] = value;

        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [VectorIndexRegistration.ProviderSetting] = "pinecone" })
            .AddInMemoryCollection(pinecone.ToDictionary(kv => $"Providers:Pinecone:{kv.Key}", kv => kv.Value))
            .Build();
        var collection = new ServiceCollection();
        collection.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(Logs));
        collection.AddVectorIndex(configuration, connectionString: "");
        services = collection.BuildServiceProvider();
    }

    public WireMockServer Server { get; }

    public CapturedLogs Logs { get; } = new();

    public IVectorIndex Index => services.GetRequiredService<IVectorIndex>();

    /// <summary>The requests the fake received on a path, oldest first.</summary>
    public IReadOnlyList<IRequestMessage> Received(string path) =>
        [.. Server.FindLogEntries(Request.Create().WithPath(path)).Select(e => e.RequestMessage!).OrderBy(r => r.DateTime)];

    public static JsonElement BodyOf(IRequestMessage request) => JsonDocument.Parse(request.Body!).RootElement.Clone();

    public void Dispose()
    {
        services.Dispose();
        Server.Stop();
        Server.Dispose();
    }
}
