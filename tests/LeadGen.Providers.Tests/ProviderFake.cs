using System.Collections.Concurrent;
using LeadGen.Infrastructure.Enrichment;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WireMock;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace LeadGen.Providers.Tests;

/// <summary>
/// A provider's API played by a WireMock server on a local port, and LeadGen's services wired to it exactly as in
/// production: <see cref="EnrichmentProviderRegistration.AddEnrichmentProviders"/> over configuration whose
/// Providers:&lt;name&gt;:BaseUrl points at the fake. Timeouts and backoffs are shrunk so failures are quick.
/// </summary>
public sealed class ProviderFake : IDisposable
{
    private readonly ServiceProvider services;

    private readonly IConfiguration configuration;
    private readonly List<ServiceProvider> nodes = [];

    private ProviderFake(string provider, IReadOnlyDictionary<string, string?> settings)
    {
        Server = WireMockServer.Start();
        WarmUp(Server);
        configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(FastSettings(provider, Server.Url!))
            .AddInMemoryCollection(settings.ToDictionary(kv => $"Providers:{provider}:{kv.Key}", kv => kv.Value))
            .Build();
        services = NewNode();
    }

    /// <summary>Another LeadGen node calling the same fake: its own container, HTTP pipeline and limiter, configured
    /// alike, plus whatever <paramref name="configure"/> adds (a shared rate limiter, say).</summary>
    public ServiceProvider NewNode(Action<IServiceCollection, IConfiguration>? configure = null)
    {
        var collection = new ServiceCollection();
        collection.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(Logs));
        configure?.Invoke(collection, configuration);
        collection.AddEnrichmentProviders(configuration);
        var node = collection.BuildServiceProvider();
        nodes.Add(node);
        return node;
    }

    public WireMockServer Server { get; }

    /// <summary>Everything any logger in the container wrote, at every level.</summary>
    public CapturedLogs Logs { get; } = new();

    public static ProviderFake Start(string provider, IReadOnlyDictionary<string, string?> settings) => new(provider, settings);

    public T Get<T>() where T : notnull => services.GetRequiredService<T>();

    public IEnumerable<T> GetAll<T>() => services.GetServices<T>();

    /// <summary>The requests the fake received on a path, oldest first.</summary>
    public IReadOnlyList<IRequestMessage> Received(string path) => Server.LogEntries
        .Select(e => e.RequestMessage)
        .OfType<IRequestMessage>()
        .Where(r => r.Path == path)
        .OrderBy(r => r.DateTime)
        .ToList();

    public static IResponseBuilder Json(int status, string body) =>
        Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(body);

    /// <summary>The most requests that arrived at the fake within any one second: for each request, those that arrived
    /// in the second starting with it.</summary>
    public int BusiestSecond()
    {
        var times = Server.LogEntries.Select(e => e.RequestMessage).OfType<IRequestMessage>().Select(r => r.DateTime).Order().ToArray();
        var busiest = 0;
        for (var i = 0; i < times.Length; i++)
        {
            var inWindow = times.Skip(i).TakeWhile(t => t - times[i] < TimeSpan.FromSeconds(1)).Count();
            busiest = Math.Max(busiest, inWindow);
        }

        return busiest;
    }

    public void Dispose()
    {
        foreach (var node in nodes) node.Dispose();
        Server.Stop();
        Server.Dispose();
    }

    /// <summary>The first request a WireMock server in this process answers can take seconds (JIT, Kestrel start-up)
    /// when the machine is busy; paid here, before any test's timeouts run, and then forgotten.</summary>
    private static void WarmUp(WireMockServer server)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        using var response = client.Send(new HttpRequestMessage(HttpMethod.Get, $"{server.Url}/__warm-up"));
        server.ResetLogEntries();
    }

    private static Dictionary<string, string?> FastSettings(string provider, string baseUrl)
    {
        var p = $"Providers:{provider}";
        return new Dictionary<string, string?>
        {
            [$"{p}:BaseUrl"] = baseUrl,
            // Roomy enough for a cold fake on a busy machine (tests run in parallel); the timeout tests shrink them.
            [$"{p}:TimeoutSeconds"] = "2",
            [$"{p}:TotalTimeoutSeconds"] = "8",
            [$"{p}:Retry:MaxRetries"] = "3",
            [$"{p}:Retry:BaseDelaySeconds"] = "0.01",
            [$"{p}:Retry:MaxDelaySeconds"] = "0.05",
            [$"{p}:Retry:MaxRetryAfterSeconds"] = "5",
            [$"{p}:Pending:Rechecks"] = "2",
            [$"{p}:Pending:DelaySeconds"] = "0.05",
            [$"{p}:RateLimit:PermitsPerSecond"] = "100",
            [$"{p}:TokenRefreshMarginSeconds"] = "300",
        };
    }
}
