using System.Diagnostics;
using LeadGen.Application.Ports;
using LeadGen.Infrastructure.Enrichment.Hunter;
using LeadGen.Infrastructure.Providers;
using LeadGen.Providers.Tests.Embeddings;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using WireMock.RequestBuilders;

namespace LeadGen.Providers.Tests;

/// <summary>Two LeadGen nodes, each with its own HTTP pipeline, calling one provider (a Hunter fake): with the limiter
/// shared through PostgreSQL, the provider never sees more than its limit in any one second, whichever node calls.</summary>
public class SharedRateLimiterTests(EmbeddingCacheDatabase database) : IClassFixture<EmbeddingCacheDatabase>
{
    private const int Limit = 5;
    private const int CallsPerNode = 15;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Two_nodes_sharing_the_limiter_never_exceed_the_limit_together()
    {
        using var fake = Fake();
        var nodes = new[] { SharedNode(fake), SharedNode(fake) };

        var clock = Stopwatch.StartNew();
        await Task.WhenAll(nodes.SelectMany(node => Enumerable.Range(0, CallsPerNode)
            .Select(i => node.GetRequiredService<HunterEmailEnrichment>().FindEmailAsync(Person(i), Ct))));

        fake.Server.LogEntries.Count().ShouldBe(2 * CallsPerNode);
        fake.BusiestSecond().ShouldBeLessThanOrEqualTo(Limit);
        // 30 calls at 5 a second need at least five seconds between the first and the last.
        clock.Elapsed.ShouldBeGreaterThan(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Two_nodes_limiting_themselves_alone_exceed_it_together()
    {
        using var fake = Fake();
        var nodes = new[] { fake.NewNode(), fake.NewNode() };

        await Task.WhenAll(nodes.SelectMany(node => Enumerable.Range(0, CallsPerNode)
            .Select(i => node.GetRequiredService<HunterEmailEnrichment>().FindEmailAsync(Person(i), Ct))));

        // Each node keeps its own 5 a second, so the provider sees up to twice that: what the shared limiter prevents.
        fake.BusiestSecond().ShouldBeGreaterThan(Limit);
    }

    // The guarantee holds while no request spends longer than the margin between its grant (in the database) and its
    // arrival at the provider. Test classes run in parallel on a 2-core CI machine, where that can exceed the default
    // 0.5 s, so this test allows a full second; the limit it checks is the same.
    private ServiceProvider SharedNode(ProviderFake fake) =>
        fake.NewNode((services, configuration) => services.AddSharedRateLimits(
            new ConfigurationBuilder().AddConfiguration(configuration)
                .AddInMemoryCollection(new Dictionary<string, string?> { ["RateLimiting:MarginSeconds"] = "1" }).Build(),
            database.ConnectionString));

    private static ProviderFake Fake()
    {
        var fake = ProviderFake.Start("hunter", new Dictionary<string, string?>
        {
            ["ApiKey"] = "shared-limit-key",
            ["RateLimit:PermitsPerSecond"] = $"{Limit}",
            // Generous timeouts: an attempt that timed out on a cold fake would be retried and count twice.
            ["TimeoutSeconds"] = "5",
            ["TotalTimeoutSeconds"] = "60",
        });
        fake.Server.Given(Request.Create().WithPath("/v2/email-finder").UsingGet()).RespondWith(ProviderFake.Json(200,
            """{"data":{"first_name":"A","last_name":"B","email":null,"score":null,"domain":"example.com"},"meta":{}}"""));
        return fake;
    }

    private static EmailQuery Person(int i) => new($"Person Number{i}", "Example", "example.com");
}
