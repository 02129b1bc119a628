using System.Security.Cryptography;
using System.Text;
using LeadGen.Infrastructure.Embeddings;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace LeadGen.Providers.Tests.Embeddings;

/// <summary>
/// The embedding cache in front of a real provider (OpenAI's API played by <see cref="EmbeddingApiFake"/>) on a real
/// PostgreSQL database of this class's own. Each test embeds texts of its own, so they do not hit each other's vectors.
/// </summary>
public sealed class CachedEmbeddingGeneratorTests(EmbeddingCacheDatabase database) : IClassFixture<EmbeddingCacheDatabase>, IDisposable
{
    private readonly EmbeddingApiFake fake = Started(database);
    private readonly string run = Guid.NewGuid().ToString("N")[..8];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private IEmbeddingGenerator<string, Embedding<float>> Generator => fake.Generator;

    public void Dispose() => fake.Dispose();

    private static EmbeddingApiFake Started(EmbeddingCacheDatabase database)
    {
        var fake = EmbeddingApiFake.OpenAI(connectionString: database.ConnectionString);
        fake.Answers();
        return fake;
    }

    /// <summary>Texts no other test embeds.</summary>
    private string[] Texts(params string[] texts) => texts.Select(t => $"{t} [{run}]").ToArray();

    private static float[][] VectorsOf(GeneratedEmbeddings<Embedding<float>> embeddings) => embeddings.Select(e => e.Vector.ToArray()).ToArray();

    private async Task<long> RowsOf(string text)
    {
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
        var rows = await database.QueryAsync($"select count(*) from leadgen.embedding_cache where text_sha256 = '\\x{hash}'");
        return (long)rows.ShouldHaveSingleItem()[0];
    }

    private static float[][] Expected(IEnumerable<string> texts) => texts.Select(t => EmbeddingApiFake.VectorOf(t, 3)).ToArray();

    [Fact]
    public async Task Embedding_the_same_texts_again_costs_no_request_and_no_tokens()
    {
        var texts = Texts("Ada Lovelace, CTO. Skills: Python.", "Data Engineer.");
        var first = await Generator.GenerateAsync(texts, cancellationToken: Ct);

        var second = await Generator.GenerateAsync(texts, cancellationToken: Ct);

        first.Usage!.InputTokenCount.ShouldBe(texts.Sum(EmbeddingApiFake.TokensOf));
        VectorsOf(second).ShouldBe(Expected(texts));
        (second.Usage?.InputTokenCount ?? 0).ShouldBe(0);
        fake.Requests.Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_batch_mixing_cached_and_new_texts_sends_only_the_new_ones_once_and_keeps_the_order()
    {
        var cached = Texts("Data Architect.", "Chief Data Officer.");
        await Generator.GenerateAsync(cached, cancellationToken: Ct);
        var fresh = Texts("Machine Learning Engineer.", "Analytics Engineer.");
        string[] batch = [fresh[0], cached[1], fresh[1], cached[0], fresh[0]];

        var embeddings = await Generator.GenerateAsync(batch, cancellationToken: Ct);

        VectorsOf(embeddings).ShouldBe(Expected(batch));
        embeddings.ShouldAllBe(e => e.ModelId == OpenAIEmbeddings.DefaultModel);
        fake.Requests.Count.ShouldBe(2);
        EmbeddingApiFake.InputsOf(fake.Requests[1]).ShouldBe(fresh);
        embeddings.Usage!.InputTokenCount.ShouldBe(fresh.Sum(EmbeddingApiFake.TokensOf));
    }

    [Fact]
    public async Task Another_process_with_an_empty_memory_finds_the_vectors_in_PostgreSQL()
    {
        var texts = Texts("Head of Data Platform. Skills: Apache Spark.", "Staff Data Engineer.");
        await Generator.GenerateAsync(texts, cancellationToken: Ct);

        var restarted = fake.NewProcess().GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();
        var embeddings = await restarted.GenerateAsync(texts, cancellationToken: Ct);

        VectorsOf(embeddings).ShouldBe(Expected(texts));
        embeddings.Usage.ShouldBeNull();
        fake.Requests.Count.ShouldBe(1);
    }

    [Fact]
    public async Task Forgotten_texts_are_gone_from_both_levels_and_are_embedded_again()
    {
        var texts = Texts("Grace Hopper, Rear Admiral. Skills: COBOL.", "Data Engineer, Acme.");
        await Generator.GenerateAsync(texts, cancellationToken: Ct);
        var cache = fake.Services.GetRequiredService<CachedEmbeddingGenerator>();

        await cache.ForgetAsync([texts[0]], Ct);

        (await RowsOf(texts[0])).ShouldBe(0L);
        (await RowsOf(texts[1])).ShouldBe(1L);
        // Either level still holding it would have answered without a request.
        await Generator.GenerateAsync(texts, cancellationToken: Ct);
        fake.Requests.Count.ShouldBe(2);
        EmbeddingApiFake.InputsOf(fake.Requests[1]).ShouldBe([texts[0]]);
    }

    [Fact]
    public async Task The_table_holds_hashes_and_vectors_but_never_the_text()
    {
        var text = Texts("Ada Lovelace, Chief Technology Officer at Acme Analytics.")[0];
        await Generator.GenerateAsync([text], cancellationToken: Ct);

        var columns = await database.QueryAsync("""
            select column_name from information_schema.columns
            where table_schema = 'leadgen' and table_name = 'embedding_cache' order by ordinal_position
            """);
        columns.Select(c => (string)c[0]).ShouldBe(["model", "text_sha256", "dimensions", "vector", "created_at"]);

        var rows = await database.QueryAsync("select model, text_sha256, dimensions, vector from leadgen.embedding_cache");
        var row = rows.Where(r => ((byte[])r[1]).SequenceEqual(SHA256.HashData(Encoding.UTF8.GetBytes(text)))).ShouldHaveSingleItem();
        row[0].ShouldBe(OpenAIEmbeddings.DefaultModel);
        row[2].ShouldBe(3);
        ((byte[])row[3]).Length.ShouldBe(3 * sizeof(float));

        var everything = await database.QueryAsync("select string_agg(t::text, ' ') from leadgen.embedding_cache t");
        var dump = (string)everything.ShouldHaveSingleItem()[0];
        foreach (var fragment in new[] { "Lovelace", "Acme", Convert.ToHexString(Encoding.UTF8.GetBytes("Lovelace")) })
        {
            dump.ShouldNotContain(fragment, Case.Insensitive);
        }
    }

    [Fact]
    public async Task Options_that_change_the_vectors_bypass_the_cache()
    {
        var texts = Texts("Data Scientist.");
        await Generator.GenerateAsync(texts, cancellationToken: Ct);

        var shorter = await Generator.GenerateAsync(texts, new EmbeddingGenerationOptions { Dimensions = 2 }, Ct);

        shorter.ShouldHaveSingleItem().Vector.Length.ShouldBe(2);
        fake.Requests.Count.ShouldBe(2);
    }

    [Fact]
    public async Task Concurrent_requests_for_the_same_text_send_it_to_the_provider_once()
    {
        AnswerSlowly();
        var shared = Texts("Principal Data Engineer.")[0];
        var (first, second) = (Texts("Ada Lovelace, CTO.")[0], Texts("Grace Hopper, Rear Admiral.")[0]);

        var answers = await Task.WhenAll(
            Generator.GenerateAsync([first, shared], cancellationToken: Ct),
            Generator.GenerateAsync([shared, second], cancellationToken: Ct));

        VectorsOf(answers[0]).ShouldBe(Expected([first, shared]));
        VectorsOf(answers[1]).ShouldBe(Expected([shared, second]));
        fake.Requests.SelectMany(EmbeddingApiFake.InputsOf).Order().ShouldBe(new[] { first, shared, second }.Order());
        // Each token is paid once, by the request that sent its text.
        answers.Sum(a => a.Usage?.InputTokenCount ?? 0).ShouldBe(new[] { first, shared, second }.Sum(EmbeddingApiFake.TokensOf));
    }

    [Fact]
    public async Task A_request_waiting_for_a_text_another_request_gives_up_on_embeds_it_itself()
    {
        AnswerSlowly();
        var shared = Texts("Staff Machine Learning Engineer.")[0];
        using var impatient = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        var abandoned = Generator.GenerateAsync([shared], cancellationToken: impatient.Token);
        await Task.Delay(300, Ct);
        var waiting = Generator.GenerateAsync([shared], cancellationToken: Ct);
        await Task.Delay(200, Ct);
        await impatient.CancelAsync();

        await Should.ThrowAsync<OperationCanceledException>(abandoned);
        VectorsOf(await waiting).ShouldBe(Expected([shared]));
    }

    /// <summary>The provider takes a second to answer, so requests started together are in flight together.</summary>
    private void AnswerSlowly()
    {
        fake.Server.ResetMappings();
        fake.Server.Given(fake.Endpoint()).RespondWith(EmbeddingApiFake.Answer().WithDelay(TimeSpan.FromSeconds(1)));
    }
}
