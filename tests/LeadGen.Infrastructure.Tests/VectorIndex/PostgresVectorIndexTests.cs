using LeadGen.Application.Ports;
using LeadGen.Infrastructure.VectorIndex;
using Npgsql;
using Shouldly;

namespace LeadGen.Infrastructure.Tests.VectorIndex;

/// <summary>The embedded index against a real PostgreSQL: one fresh database for the class, one tenant per test.</summary>
public sealed class PostgresVectorIndexTests(VectorIndexDatabase database) : IClassFixture<VectorIndexDatabase>
{
    private const string Model = "minilm-l6-v2";

    private readonly PostgresVectorIndex index = new(database.DataSource);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string NewTenant() => $"tenant-{Guid.NewGuid():N}";

    private static Dictionary<string, string> Labels(params (string Key, string Value)[] labels) =>
        labels.ToDictionary(l => l.Key, l => l.Value);

    /// <summary>Random directions of random lengths: the index must not assume unit vectors.</summary>
    private static float[] RandomVector(Random random, int dimensions) =>
        Enumerable.Range(0, dimensions).Select(_ => (float)((random.NextDouble() * 2 - 1) * (0.1 + random.NextDouble() * 10))).ToArray();

    private static double Cosine(float[] a, float[] b)
    {
        double dot = 0, aa = 0, bb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            dot += (double)a[i] * b[i];
            aa += (double)a[i] * a[i];
            bb += (double)b[i] * b[i];
        }

        return dot / Math.Sqrt(aa * bb);
    }

    private static float[] Unit(float[] values)
    {
        var norm = Math.Sqrt(values.Sum(v => (double)v * v));
        return values.Select(v => (float)(v / norm)).ToArray();
    }

    [Fact]
    public async Task The_nearest_neighbours_are_exactly_the_brute_force_top_k()
    {
        var tenant = NewTenant();
        var random = new Random(20240607);
        var vectors = Enumerable.Range(0, 3_000)
            .Select(i => new IndexedVector($"p-{i:D5}", Model, RandomVector(random, 48), Labels(("batch", (i % 3).ToString()))))
            .ToList();
        await index.UpsertAsync(tenant, vectors, Ct);

        foreach (var topK in new[] { 1, 10, 50 })
        {
            var query = RandomVector(random, 48);
            var expected = vectors
                .Select(v => (v.Id, Similarity: Cosine(query, v.Values)))
                .OrderByDescending(m => m.Similarity)
                .Take(topK)
                .ToList();

            var matches = await index.QueryAsync(tenant, Model, query, topK, null, Ct);

            matches.Select(m => m.Id).ShouldBe(expected.Select(e => e.Id));
            for (var i = 0; i < topK; i++) matches[i].Similarity.ShouldBe(expected[i].Similarity, 1e-5);
            matches[0].Metadata.ShouldBe(vectors.Single(v => v.Id == matches[0].Id).Metadata);
        }
    }

    [Fact]
    public async Task A_top_k_larger_than_the_tenant_returns_every_vector_best_first()
    {
        var tenant = NewTenant();
        await index.UpsertAsync(tenant, [
            new IndexedVector("east", Model, [1f, 0f], Labels()),
            new IndexedVector("north", Model, [0f, 3f], Labels()),
            new IndexedVector("west", Model, [-2f, 0f], Labels()),
        ], Ct);

        var matches = await index.QueryAsync(tenant, Model, [5f, 1f], 10, null, Ct);

        matches.Select(m => m.Id).ShouldBe(["east", "north", "west"]);
        matches[0].Similarity.ShouldBe(5 / Math.Sqrt(26), 1e-6);
        matches[2].Similarity.ShouldBe(-5 / Math.Sqrt(26), 1e-6);
        (await index.QueryAsync(tenant, Model, [5f, 1f], int.MaxValue, null, Ct)).Count.ShouldBe(3);
    }

    [Fact]
    public async Task Tenants_never_see_each_others_vectors_even_under_the_same_ids()
    {
        var (acme, globex) = (NewTenant(), NewTenant());
        await index.UpsertAsync(acme, [new IndexedVector("p-1", Model, [1f, 0f], Labels(("owner", "acme")))], Ct);
        await index.UpsertAsync(globex, [new IndexedVector("p-1", Model, [0f, 1f], Labels(("owner", "globex")))], Ct);

        var fromAcme = (await index.QueryAsync(acme, Model, [0f, 1f], 10, null, Ct)).ShouldHaveSingleItem();
        fromAcme.Metadata["owner"].ShouldBe("acme");
        fromAcme.Similarity.ShouldBe(0, 1e-6);
        (await index.FetchAsync(globex, ["p-1"], Ct)).ShouldHaveSingleItem().Values.ShouldBe([0f, 1f]);

        await index.DeleteAsync(acme, ["p-1"], Ct);

        (await index.FetchAsync(acme, ["p-1"], Ct)).ShouldBeEmpty();
        (await index.QueryAsync(globex, Model, [0f, 1f], 10, null, Ct)).ShouldHaveSingleItem().Metadata["owner"].ShouldBe("globex");
    }

    [Fact]
    public async Task Vectors_of_another_model_are_never_returned()
    {
        var tenant = NewTenant();
        await index.UpsertAsync(tenant, [
            new IndexedVector("mini", Model, [1f, 0f], Labels()),
            new IndexedVector("openai-same-length", "text-embedding-3-small", [1f, 0f], Labels()),
            new IndexedVector("openai-longer", "text-embedding-3-small", [1f, 0f, 0f], Labels()),
        ], Ct);

        (await index.QueryAsync(tenant, Model, [1f, 0f], 10, null, Ct)).Select(m => m.Id).ShouldBe(["mini"]);
        (await index.QueryAsync(tenant, "text-embedding-3-small", [1f, 0f, 0f], 10, null, Ct)).Select(m => m.Id).ShouldBe(["openai-longer"]);
        (await index.QueryAsync(tenant, "no-such-model", [1f, 0f], 10, null, Ct)).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_metadata_filter_keeps_only_vectors_carrying_every_label()
    {
        var tenant = NewTenant();
        await index.UpsertAsync(tenant, [
            new IndexedVector("a", Model, [1f, 0f], Labels(("campaign", "c1"), ("stage", "scored"))),
            new IndexedVector("b", Model, [1f, 0.1f], Labels(("campaign", "c1"), ("stage", "rejected"))),
            new IndexedVector("c", Model, [1f, 0.2f], Labels(("campaign", "c2"), ("stage", "scored"))),
            new IndexedVector("d", Model, [1f, 0.3f], Labels()),
        ], Ct);

        (await index.QueryAsync(tenant, Model, [1f, 0f], 10, Labels(("campaign", "c1")), Ct)).Select(m => m.Id).ShouldBe(["a", "b"]);
        (await index.QueryAsync(tenant, Model, [1f, 0f], 10, Labels(("campaign", "c1"), ("stage", "scored")), Ct)).Select(m => m.Id).ShouldBe(["a"]);
        (await index.QueryAsync(tenant, Model, [1f, 0f], 10, Labels(("campaign", "c3")), Ct)).ShouldBeEmpty();
        (await index.QueryAsync(tenant, Model, [1f, 0f], 10, Labels(), Ct)).Count.ShouldBe(4);
    }

    [Fact]
    public async Task Upserting_an_id_again_replaces_it()
    {
        var tenant = NewTenant();
        await index.UpsertAsync(tenant, [new IndexedVector("p-1", Model, [1f, 0f], Labels(("stage", "scored")))], Ct);
        await index.UpsertAsync(tenant, [new IndexedVector("p-1", Model, [1f, 0f], Labels(("stage", "scored")))], Ct); // redelivered
        await index.UpsertAsync(tenant, [
            new IndexedVector("p-1", Model, [0f, 2f], Labels(("stage", "enriched"))),
            new IndexedVector("p-1", Model, [0f, 4f], Labels(("stage", "qualified"))), // the last one given wins
        ], Ct);

        var stored = (await index.FetchAsync(tenant, ["p-1"], Ct)).ShouldHaveSingleItem();
        stored.Values.ShouldBe([0f, 1f]);
        stored.Metadata.ShouldBe(Labels(("stage", "qualified")));
        (await CountAsync(tenant)).ShouldBe(1);
        (await index.QueryAsync(tenant, Model, [0f, 1f], 10, null, Ct)).ShouldHaveSingleItem().Similarity.ShouldBe(1, 1e-6);
    }

    [Fact]
    public async Task Fetch_returns_the_stored_unit_vectors_with_model_and_labels_and_leaves_out_missing_ids()
    {
        var tenant = NewTenant();
        var random = new Random(7);
        var vectors = Enumerable.Range(0, 5)
            .Select(i => new IndexedVector($"p-{i}", i % 2 == 0 ? Model : "other", RandomVector(random, 16), Labels(("n", i.ToString()))))
            .ToList();
        await index.UpsertAsync(tenant, vectors, Ct);

        var fetched = await index.FetchAsync(tenant, ["p-4", "missing", "p-1", "p-1"], Ct);

        fetched.Select(v => v.Id).ShouldBe(["p-1", "p-4"], ignoreOrder: true);
        foreach (var vector in fetched)
        {
            var original = vectors.Single(v => v.Id == vector.Id);
            vector.Model.ShouldBe(original.Model);
            vector.Metadata.ShouldBe(original.Metadata);
            vector.Values.Zip(Unit(original.Values)).ShouldAllBe(pair => Math.Abs(pair.First - pair.Second) < 1e-6);
        }

        (await index.FetchAsync(tenant, [], Ct)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Delete_removes_the_ids_given_and_ignores_those_not_there()
    {
        var tenant = NewTenant();
        await index.UpsertAsync(tenant, [
            new IndexedVector("a", Model, [1f, 0f], Labels()),
            new IndexedVector("b", Model, [0f, 1f], Labels()),
        ], Ct);

        await index.DeleteAsync(tenant, ["a", "never-stored"], Ct);
        await index.DeleteAsync(tenant, ["a"], Ct);
        await index.DeleteAsync(NewTenant(), ["b"], Ct);

        (await index.FetchAsync(tenant, ["a", "b"], Ct)).Select(v => v.Id).ShouldBe(["b"]);
        (await index.QueryAsync(tenant, Model, [1f, 0f], 10, null, Ct)).Select(m => m.Id).ShouldBe(["b"]);
    }

    [Fact]
    public async Task A_tenant_with_no_vectors_has_no_matches()
    {
        (await index.QueryAsync(NewTenant(), Model, [1f, 0f], 10, null, Ct)).ShouldBeEmpty();
        (await index.QueryAsync(NewTenant(), Model, [1f, 0f], 10, Labels(("campaign", "c1")), Ct)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Calls_that_cannot_be_answered_are_refused_before_touching_the_database()
    {
        var tenant = NewTenant();

        await Should.ThrowAsync<ArgumentException>(() => index.UpsertAsync(tenant, [new IndexedVector("z", Model, [0f, 0f], Labels())], Ct));
        await Should.ThrowAsync<ArgumentException>(() => index.UpsertAsync(tenant, [new IndexedVector("m", Model, [1f], Labels(("model", "x")))], Ct));
        await Should.ThrowAsync<ArgumentException>(() => index.QueryAsync(tenant, Model, [float.PositiveInfinity], 1, null, Ct));
        await Should.ThrowAsync<ArgumentOutOfRangeException>(() => index.QueryAsync(tenant, Model, [1f], 0, null, Ct));
        (await index.FetchAsync(tenant, ["z", "m"], Ct)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Many_processes_using_a_new_database_at_once_create_the_table_once()
    {
        await using var fresh = new VectorIndexDatabase();
        await fresh.InitializeAsync();
        var sources = Enumerable.Range(0, 6).Select(_ => fresh.NewDataSource()).ToList();
        try
        {
            // Six independent indexes (as six nodes would have) racing to be first on an empty database.
            await Task.WhenAll(sources.Select((source, i) => new PostgresVectorIndex(source)
                .UpsertAsync("acme", [new IndexedVector($"p-{i}", Model, [1f, i], Labels())], Ct)));

            (await new PostgresVectorIndex(fresh.DataSource).QueryAsync("acme", Model, [1f, 0f], 10, null, Ct)).Count.ShouldBe(6);
        }
        finally
        {
            foreach (var source in sources) await source.DisposeAsync();
        }
    }

    private async Task<long> CountAsync(string tenant)
    {
        await using var command = database.DataSource.CreateCommand($"select count(*) from {PostgresVectorIndex.Table} where tenant = @tenant");
        command.Parameters.AddWithValue("tenant", tenant);
        return (long)(await command.ExecuteScalarAsync(Ct))!;
    }
}
