using LeadGen.Application.Ports;
using LeadGen.Infrastructure.Embeddings;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LeadGen.Providers.Tests.Embeddings;

/// <summary>Embeddings:Provider picks the generator without a code change; a provider that cannot work stops the start-up
/// with a message that names the missing settings and never their values.</summary>
public sealed class EmbeddingRegistrationTests
{
    private const string Key = "sk-registration-secret-42";

    private static ServiceProvider Register(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddEmbeddings(configuration, EmbeddingApiFake.UnusedDatabase).BuildServiceProvider();
    }

    private static InvalidOperationException Refused(Dictionary<string, string?> settings) =>
        Should.Throw<InvalidOperationException>(() => Register(settings));

    [Fact]
    public void Local_MiniLM_is_the_default_behind_the_cache_and_costs_nothing()
    {
        using var services = Register([]);

        var generator = services.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();

        generator.ShouldBeOfType<CachedEmbeddingGenerator>();
        generator.GetService<EmbeddingGeneratorMetadata>()!.DefaultModelId.ShouldBe(LocalMiniLmEmbeddingGenerator.ModelId);
        services.GetRequiredService<EmbeddingPricing>().ShouldBe(EmbeddingPricing.Local);
    }

    [Theory]
    [InlineData("openai", "OpenAI", "openai")]
    [InlineData("OpenAI", "OpenAI", "openai")]
    [InlineData("azureopenai", "AzureOpenAI", "azureopenai")]
    public void A_real_provider_is_chosen_by_configuration_behind_the_cache_and_priced_per_million_tokens(string name, string section, string provider)
    {
        using var services = Register(new()
        {
            ["Embeddings:Provider"] = name,
            [$"Providers:{section}:ApiKey"] = Key,
            [$"Providers:{section}:Endpoint"] = "https://acme.openai.azure.com/",
            [$"Providers:{section}:Deployment"] = "text-embedding-3-small",
            [$"Providers:{section}:PricePerMillionTokens"] = "0.13",
        });

        var generator = services.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();

        generator.ShouldBeOfType<CachedEmbeddingGenerator>();
        generator.GetService<EmbeddingGeneratorMetadata>()!.ProviderName.ShouldBe(provider);
        generator.GetService<EmbeddingGeneratorMetadata>()!.DefaultModelId.ShouldBe("text-embedding-3-small");
        services.GetRequiredService<EmbeddingPricing>().ShouldBe(new EmbeddingPricing(provider, 0.13m));
    }

    [Fact]
    public void OpenAI_is_priced_at_its_list_price_unless_configured()
    {
        using var services = Register(new() { ["Embeddings:Provider"] = "openai", ["Providers:OpenAI:ApiKey"] = Key });

        services.GetRequiredService<EmbeddingPricing>().ShouldBe(new EmbeddingPricing("openai", 0.02m));
    }

    [Fact]
    public void An_unknown_provider_is_refused_naming_the_allowed_ones()
    {
        var refusal = Refused(new() { ["Embeddings:Provider"] = "cohere" });

        refusal.Message.ShouldContain("'cohere'");
        refusal.Message.ShouldContain("local, openai, azureopenai");
    }

    [Fact]
    public void OpenAI_without_a_key_is_refused_at_start_up()
    {
        Refused(new() { ["Embeddings:Provider"] = "openai" }).Message.ShouldContain("Providers:OpenAI:ApiKey");
    }

    [Fact]
    public void Azure_OpenAI_without_endpoint_or_deployment_is_refused_without_printing_the_key()
    {
        var refusal = Refused(new() { ["Embeddings:Provider"] = "azureopenai", ["Providers:AzureOpenAI:ApiKey"] = Key });

        refusal.Message.ShouldContain("Providers:AzureOpenAI:Endpoint");
        refusal.Message.ShouldContain("Providers:AzureOpenAI:Deployment");
        refusal.Message.ShouldNotContain("ApiKey");
        refusal.Message.ShouldNotContain(Key);
    }

    [Fact]
    public void Azure_OpenAI_takes_BaseUrl_for_its_endpoint_but_refuses_an_api_version_its_SDK_cannot_speak()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Embeddings:Provider"] = "azureopenai",
            ["Providers:AzureOpenAI:ApiKey"] = Key,
            ["Providers:AzureOpenAI:BaseUrl"] = "https://acme.openai.azure.com/",
            ["Providers:AzureOpenAI:Deployment"] = "embeddings",
        };
        using (Register(settings))
        {
        }

        settings["Providers:AzureOpenAI:ApiVersion"] = "2023-05-15";
        var refusal = Refused(settings);

        refusal.Message.ShouldContain("'2023-05-15'");
        refusal.Message.ShouldContain("2024-10-21");
    }
}
