using LeadGen.Application.Ports;
using LeadGen.Infrastructure.Embeddings;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace LeadGen.Providers.Tests.Embeddings;

/// <summary>The pieces under the embedding adapters: request planning within the API's limits, the in-process cache's
/// bound, and the cache's behaviour when its database is out of reach.</summary>
public sealed class EmbeddingPlumbingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void Plans_requests_within_the_input_count_and_token_limits_covering_every_text_in_order()
    {
        var shortTexts = Enumerable.Range(0, 5_000).Select(i => $"text {i}").ToList();
        var longTexts = Enumerable.Range(0, 100).Select(_ => new string('z', 24_000)).ToList();

        var byCount = EmbeddingRequests.Plan(shortTexts).Select(r => r.GetOffsetAndLength(shortTexts.Count)).ToList();
        var byTokens = EmbeddingRequests.Plan(longTexts).Select(r => r.GetOffsetAndLength(longTexts.Count)).ToList();

        byCount.ShouldBe([(0, 2_048), (2_048, 2_048), (4_096, 904)]);
        byTokens.Sum(r => r.Length).ShouldBe(100);
        byTokens.ShouldAllBe(r => longTexts.Skip(r.Offset).Take(r.Length).Sum(EmbeddingRequests.EstimateTokens) <= EmbeddingRequests.MaxTokensPerRequest);
        byTokens.Zip(byTokens.Skip(1)).ShouldAllBe(pair => pair.First.Offset + pair.First.Length == pair.Second.Offset);
        EmbeddingRequests.Plan([]).ShouldBeEmpty();
    }

    [Fact]
    public void Cuts_an_over_long_text_between_whole_characters()
    {
        var text = string.Concat(Enumerable.Repeat("数据工程师🚀", 10_000));

        var fitted = EmbeddingRequests.FitToInputLimit(text);

        text.ShouldStartWith(fitted);
        fitted.Length.ShouldBeLessThan(text.Length);
        char.IsHighSurrogate(fitted[^1]).ShouldBeFalse();
        EmbeddingRequests.EstimateTokens(fitted).ShouldBeLessThanOrEqualTo(EmbeddingRequests.MaxTokensPerInput);
        EmbeddingRequests.FitToInputLimit("Data Engineer.").ShouldBe("Data Engineer.");
    }

    [Fact]
    public void The_memory_level_drops_the_least_recently_used_vectors_beyond_its_budget()
    {
        var vector = new float[256]; // 1 KB of floats, plus the entry's overhead
        var memory = new EmbeddingMemoryCache(budgetBytes: 3 * 1_300);
        var (a, b, c, d) = (TextDigest.Of("a"), TextDigest.Of("b"), TextDigest.Of("c"), TextDigest.Of("d"));
        memory.Set(a, vector);
        memory.Set(b, vector);
        memory.Set(c, vector);

        memory.TryGet(a, out _).ShouldBeTrue(); // a is now the most recently used: b is the oldest
        memory.Set(d, vector);

        memory.Count.ShouldBe(3);
        memory.TryGet(b, out _).ShouldBeFalse();
        memory.TryGet(a, out _).ShouldBeTrue();
        memory.TryGet(d, out _).ShouldBeTrue();
    }

    [Fact]
    public async Task Without_its_database_the_cache_still_embeds_and_passes_the_model_through()
    {
        using var fake = EmbeddingApiFake.OpenAI(); // its cache points at a port where no PostgreSQL listens
        fake.Answers();

        var embeddings = await fake.Generator.GenerateAsync(["Data Engineer.", "Data Engineer."], cancellationToken: Ct);

        embeddings.Select(e => e.Vector.ToArray()).ShouldBe([EmbeddingApiFake.VectorOf("Data Engineer.", 3), EmbeddingApiFake.VectorOf("Data Engineer.", 3)]);
        EmbeddingApiFake.InputsOf(fake.Requests.ShouldHaveSingleItem()).ShouldBe(["Data Engineer."]);
        fake.Generator.GetService<EmbeddingGeneratorMetadata>()!.DefaultModelId.ShouldBe(OpenAIEmbeddings.DefaultModel);
        fake.Services.GetRequiredService<EmbeddingPricing>().ShouldBe(new EmbeddingPricing("openai", 0.02m));
    }
}
