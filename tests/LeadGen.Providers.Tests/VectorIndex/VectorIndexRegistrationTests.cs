using LeadGen.Application.Ports;
using LeadGen.Infrastructure.Providers;
using LeadGen.Infrastructure.VectorIndex;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LeadGen.Providers.Tests.VectorIndex;

public sealed class VectorIndexRegistrationTests
{
    private const string ConnectionString = "Host=127.0.0.1;Port=1;Database=unused;Username=nobody";

    private static ServiceProvider Build(Dictionary<string, string?> settings) => new ServiceCollection()
        .AddVectorIndex(new ConfigurationBuilder().AddInMemoryCollection(settings).Build(), ConnectionString)
        .BuildServiceProvider();

    [Theory]
    [InlineData(null)]
    [InlineData("postgres")]
    [InlineData(" Postgres ")]
    public void PostgreSQL_is_the_default(string? provider)
    {
        using var services = Build(new() { ["VectorIndex:Provider"] = provider });

        services.GetRequiredService<IVectorIndex>().ShouldBeOfType<PostgresVectorIndex>();
    }

    [Fact]
    public void Pinecone_is_chosen_by_name_once_its_host_and_key_are_set()
    {
        using var services = Build(new()
        {
            ["VectorIndex:Provider"] = "pinecone",
            ["Providers:Pinecone:BaseUrl"] = "https://leads-abc123.svc.aped-4627-b74a.pinecone.io",
            ["Providers:Pinecone:ApiKey"] = "pcsk_example",
        });

        services.GetRequiredService<IVectorIndex>().ShouldBeOfType<PineconeVectorIndex>();
    }

    [Theory]
    [InlineData(null, 100)]
    [InlineData("7", 7)]
    public void Pinecones_rate_limit_defaults_to_its_documented_100_a_second_unless_configured(string? configured, int expected)
    {
        var settings = new Dictionary<string, string?>
        {
            ["VectorIndex:Provider"] = "pinecone",
            ["Providers:Pinecone:BaseUrl"] = "https://leads-abc123.svc.aped-4627-b74a.pinecone.io",
            ["Providers:Pinecone:ApiKey"] = "pcsk_example",
        };
        if (configured is not null) settings["Providers:Pinecone:RateLimit:PermitsPerSecond"] = configured;
        using var services = Build(settings);

        services.GetRequiredService<IOptionsMonitor<ProviderOptions>>().Get("pinecone").RateLimit.PermitsPerSecond.ShouldBe(expected);
    }

    [Fact]
    public void An_unknown_provider_stops_start_up_naming_the_allowed_ones()
    {
        var failure = Should.Throw<InvalidOperationException>(() => Build(new() { ["VectorIndex:Provider"] = "qdrant" }));

        failure.Message.ShouldContain("VectorIndex:Provider");
        failure.Message.ShouldContain("qdrant");
        failure.Message.ShouldContain("postgres");
        failure.Message.ShouldContain("pinecone");
    }

    [Theory]
    [InlineData(null, "pcsk_example", "Providers:Pinecone:BaseUrl")]
    [InlineData("https://leads-abc123.svc.aped-4627-b74a.pinecone.io", null, "Providers:Pinecone:ApiKey")]
    [InlineData("leads-abc123.svc.aped-4627-b74a.pinecone.io", "pcsk_example", "Providers:Pinecone:BaseUrl")]
    public void Pinecone_without_a_usable_host_or_key_stops_start_up(string? baseUrl, string? apiKey, string named)
    {
        var failure = Should.Throw<InvalidOperationException>(() => Build(new()
        {
            ["VectorIndex:Provider"] = "pinecone",
            ["Providers:Pinecone:BaseUrl"] = baseUrl,
            ["Providers:Pinecone:ApiKey"] = apiKey,
        }));

        failure.Message.ShouldContain(named);
    }
}
