using System.Diagnostics;
using System.Text;
using System.Text.Json;
using LeadGen.Application.Ports;
using WireMock.RequestBuilders;

namespace LeadGen.Providers.Tests.VectorIndex;

/// <summary>Pinecone's REST data plane as documented (API 2025-10): upsert/query/delete bodies, fetch ids in the query
/// string, gRPC-status error bodies <c>{"code":…,"message":…,"details":[]}</c>, 429 with Retry-After when throttled.</summary>
public sealed class PineconeVectorIndexTests : IDisposable
{
    private const string Upsert = "/vectors/upsert";
    private const string Query = "/query";
    private const string Fetch = "/vectors/fetch";
    private const string Delete = "/vectors/delete";
    private const string Model = "minilm-l6-v2";

    private const string Upserted = """{"upsertedCount":1}""";
    private const string InvalidKey = """{"code":16,"message":"Invalid API Key","details":[]}""";
    private const string NamespaceNotFound = """{"code":5,"message":"Namespace not found","details":[]}""";

    private readonly PineconeFake fake = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => fake.Dispose();

    private void Answers(string path, int status, string body) =>
        fake.Server.Given(Request.Create().WithPath(path)).RespondWith(ProviderFake.Json(status, body));

    private static IndexedVector Vector(int i, int dimensions = 4, Dictionary<string, string>? labels = null)
    {
        var values = Enumerable.Range(0, dimensions).Select(d => (float)Math.Sin(i + d + 1)).ToArray();
        return new IndexedVector($"p-{i:D5}", Model, values, labels ?? new Dictionary<string, string> { ["campaign"] = "c1" });
    }

    [Fact]
    public async Task Upsert_sends_the_key_the_api_version_and_the_tenant_as_namespace_with_the_model_in_metadata()
    {
        Answers(Upsert, 200, Upserted);
        var vector = new IndexedVector("p-1", Model, [0.5f, -0.25f, 1f], new Dictionary<string, string> { ["campaign"] = "c1", ["kind"] = "prospect" });

        await fake.Index.UpsertAsync("acme", [vector], Ct);

        var request = fake.Received(Upsert).ShouldHaveSingleItem();
        request.Method.ShouldBe("POST");
        request.Headers!["Api-Key"].ShouldBe([PineconeFake.Key]);
        request.Headers["X-Pinecone-Api-Version"].ShouldBe(["2025-10"]);
        request.Headers["Content-Type"].Single().ShouldStartWith("application/json");
        var body = PineconeFake.BodyOf(request);
        body.GetProperty("namespace").GetString().ShouldBe("acme");
        var sent = body.GetProperty("vectors").EnumerateArray().ShouldHaveSingleItem();
        sent.GetProperty("id").GetString().ShouldBe("p-1");
        sent.GetProperty("values").EnumerateArray().Select(v => v.GetSingle()).ShouldBe([0.5f, -0.25f, 1f]);
        sent.GetProperty("metadata").Deserialize<Dictionary<string, string>>().ShouldBe(
            new Dictionary<string, string> { ["campaign"] = "c1", ["kind"] = "prospect", ["model"] = Model }, ignoreOrder: true);
    }

    [Fact]
    public async Task A_configured_api_version_is_sent_instead_of_the_default()
    {
        using var pinned = new PineconeFake(new Dictionary<string, string?> { ["ApiVersion"] = "2026-04" });
        pinned.Server.Given(Request.Create().WithPath(Delete)).RespondWith(ProviderFake.Json(200, "{}"));

        await pinned.Index.DeleteAsync("acme", ["p-1"], Ct);

        pinned.Received(Delete).ShouldHaveSingleItem().Headers!["X-Pinecone-Api-Version"].ShouldBe(["2026-04"]);
    }

    [Fact]
    public async Task Upserting_2500_vectors_takes_three_requests_of_at_most_1000_vectors()
    {
        Answers(Upsert, 200, Upserted);
        var vectors = Enumerable.Range(0, 2_500).Select(i => Vector(i)).ToList();

        await fake.Index.UpsertAsync("acme", vectors, Ct);

        var requests = fake.Received(Upsert);
        requests.Select(r => VectorsIn(r).Count).ShouldBe([1_000, 1_000, 500]);
        requests.ShouldAllBe(r => Encoding.UTF8.GetByteCount(r.Body!) <= 2_000_000);
        requests.SelectMany(VectorsIn).ShouldBe(vectors.Select(v => v.Id)); // each once, in order
    }

    [Fact]
    public async Task Upserts_bigger_than_2_MB_are_split_by_size_below_1000_vectors()
    {
        Answers(Upsert, 200, Upserted);
        // 1,536 dimensions (~17 KB of JSON each) and 4 KB of labels: 200 vectors are ~4.3 MB.
        var labels = new Dictionary<string, string> { ["note"] = new('x', 4_000) };
        var vectors = Enumerable.Range(0, 200).Select(i => Vector(i, 1_536, labels)).ToList();

        await fake.Index.UpsertAsync("acme", vectors, Ct);

        var requests = fake.Received(Upsert);
        requests.Count.ShouldBe(3);
        requests.ShouldAllBe(r => Encoding.UTF8.GetByteCount(r.Body!) <= 2_000_000);
        // Split by size, not by count: each request is filled close to the limit.
        requests.SkipLast(1).ShouldAllBe(r => Encoding.UTF8.GetByteCount(r.Body!) > 1_900_000);
        requests.SelectMany(VectorsIn).ShouldBe(vectors.Select(v => v.Id));
    }

    [Fact]
    public async Task Query_filters_on_the_model_and_every_label_and_maps_matches_best_first()
    {
        Answers(Query, 200, """
            {"results":[],"matches":[
              {"id":"p-7","score":0.93,"values":[],"metadata":{"model":"minilm-l6-v2","campaign":"c1","kind":"prospect"}},
              {"id":"p-2","score":0.71,"values":[],"metadata":{"model":"minilm-l6-v2","campaign":"c1","kind":"prospect","rank":3}}],
             "namespace":"acme","usage":{"readUnits":6}}
            """);

        var matches = await fake.Index.QueryAsync("acme", Model, [0.1f, 0.2f, 0.3f], 2,
            new Dictionary<string, string> { ["campaign"] = "c1", ["kind"] = "prospect" }, Ct);

        matches.Select(m => m.Id).ShouldBe(["p-7", "p-2"]);
        matches[0].Similarity.ShouldBe(0.93, 1e-6);
        matches[1].Similarity.ShouldBe(0.71, 1e-6);
        matches[0].Metadata.ShouldBe(new Dictionary<string, string> { ["campaign"] = "c1", ["kind"] = "prospect" }, ignoreOrder: true);
        matches[1].Metadata["rank"].ShouldBe("3"); // a label another client wrote as a number comes back as its JSON text

        var body = PineconeFake.BodyOf(fake.Received(Query).ShouldHaveSingleItem());
        body.GetProperty("namespace").GetString().ShouldBe("acme");
        body.GetProperty("topK").GetInt32().ShouldBe(2);
        body.GetProperty("includeMetadata").GetBoolean().ShouldBeTrue();
        body.GetProperty("includeValues").GetBoolean().ShouldBeFalse();
        body.GetProperty("vector").EnumerateArray().Select(v => v.GetSingle()).ShouldBe([0.1f, 0.2f, 0.3f]);
        body.GetProperty("filter").GetRawText().ShouldBe("""{"model":{"$eq":"minilm-l6-v2"},"campaign":{"$eq":"c1"},"kind":{"$eq":"prospect"}}""");
    }

    [Fact]
    public async Task A_query_without_a_filter_still_filters_on_the_model()
    {
        Answers(Query, 200, """{"matches":[],"namespace":"acme"}""");

        var matches = await fake.Index.QueryAsync("acme", Model, [1f, 0f], 5, null, Ct);

        matches.ShouldBeEmpty();
        PineconeFake.BodyOf(fake.Received(Query).Single()).GetProperty("filter").GetRawText()
            .ShouldBe("""{"model":{"$eq":"minilm-l6-v2"}}""");
    }

    [Fact]
    public async Task A_tenant_without_a_namespace_yet_has_nothing_to_query_fetch_or_delete()
    {
        Answers(Query, 404, NamespaceNotFound);
        Answers(Fetch, 404, NamespaceNotFound);
        Answers(Delete, 404, NamespaceNotFound);

        (await fake.Index.QueryAsync("new-tenant", Model, [1f, 0f], 5, null, Ct)).ShouldBeEmpty();
        (await fake.Index.FetchAsync("new-tenant", ["p-1"], Ct)).ShouldBeEmpty();
        await fake.Index.DeleteAsync("new-tenant", ["p-1"], Ct);
    }

    [Fact]
    public async Task A_404_that_is_not_Pinecones_not_found_is_a_permanent_failure()
    {
        // A wrong BaseUrl (a proxy or another service answering): not to be mistaken for an empty namespace.
        fake.Server.Given(Request.Create().WithPath(Query)).RespondWith(WireMock.ResponseBuilders.Response.Create()
            .WithStatusCode(404).WithHeader("Content-Type", "text/html").WithBody("<html>Not Found</html>"));

        var failure = await Should.ThrowAsync<ProviderFailure>(() => fake.Index.QueryAsync("acme", Model, [1f, 0f], 5, null, Ct));

        failure.Kind.ShouldBe(ProviderFailureKind.Permanent);
    }

    [Fact]
    public async Task Fetch_asks_100_ids_at_a_time_and_returns_the_found_vectors_in_the_order_asked()
    {
        // The fake answers every batch with the same three vectors, one from each batch: each batch keeps its own.
        Answers(Fetch, 200, """
            {"vectors":{
              "p-00249":{"id":"p-00249","values":[0.0,1.0],"metadata":{"model":"minilm-l6-v2","campaign":"c9"}},
              "p-00000":{"id":"p-00000","values":[1.0,0.0],"metadata":{"model":"minilm-l6-v2","campaign":"c1"}},
              "p-00120":{"id":"p-00120","values":[0.6,0.8],"metadata":{"model":"other-model"}}},
             "namespace":"acme","usage":{"readUnits":1}}
            """);
        var ids = Enumerable.Range(0, 250).Select(i => $"p-{i:D5}").ToList();

        var found = await fake.Index.FetchAsync("acme", ids, Ct);

        found.Select(v => v.Id).ShouldBe(["p-00000", "p-00120", "p-00249"]);
        found[0].ShouldSatisfyAllConditions(
            v => v.Model.ShouldBe(Model),
            v => v.Values.ShouldBe([1f, 0f]),
            v => v.Metadata.ShouldBe(new Dictionary<string, string> { ["campaign"] = "c1" }));
        found[1].Model.ShouldBe("other-model");
        found[1].Metadata.ShouldBeEmpty();

        var requests = fake.Received(Fetch);
        requests.Select(r => r.Query!["ids"].Count).ShouldBe([100, 100, 50]);
        requests.SelectMany(r => r.Query!["ids"]).ShouldBe(ids);
        requests.ShouldAllBe(r => r.Method == "GET" && r.Query!["namespace"].Single() == "acme");
        requests.ShouldAllBe(r => r.Headers!["Api-Key"].Single() == PineconeFake.Key);
    }

    [Fact]
    public async Task Delete_sends_at_most_1000_ids_a_request_in_the_tenants_namespace()
    {
        Answers(Delete, 200, "{}");
        var ids = Enumerable.Range(0, 2_500).Select(i => $"p-{i:D5}").ToList();

        await fake.Index.DeleteAsync("acme", ids, Ct);

        var requests = fake.Received(Delete);
        requests.Select(r => PineconeFake.BodyOf(r).GetProperty("ids").GetArrayLength()).ShouldBe([1_000, 1_000, 500]);
        requests.SelectMany(r => PineconeFake.BodyOf(r).GetProperty("ids").EnumerateArray().Select(id => id.GetString())).ShouldBe(ids);
        requests.ShouldAllBe(r => PineconeFake.BodyOf(r).GetProperty("namespace").GetString() == "acme");
    }

    [Fact]
    public async Task A_rejected_key_is_a_permanent_failure_without_retries_and_without_the_key()
    {
        Answers(Upsert, 401, InvalidKey);

        var failure = await Should.ThrowAsync<ProviderFailure>(() => fake.Index.UpsertAsync("acme", [Vector(1)], Ct));

        failure.Kind.ShouldBe(ProviderFailureKind.Permanent);
        failure.Provider.ShouldBe("pinecone");
        failure.Reason.ShouldContain("Pinecone code 16");
        failure.Message.ShouldNotContain(PineconeFake.Key);
        failure.ToString().ShouldNotContain(PineconeFake.Key);
        fake.Received(Upsert).Count.ShouldBe(1);
    }

    [Fact]
    public async Task Waits_out_Retry_After_on_429_then_succeeds()
    {
        fake.Server.Given(Request.Create().WithPath(Query)).InScenario("throttled").WillSetStateTo("calm")
            .RespondWith(ProviderFake.Json(429, """{"code":8,"message":"Request failed. You've reached the max query requests per second.","details":[]}""")
                .WithHeader("Retry-After", "1"));
        fake.Server.Given(Request.Create().WithPath(Query)).InScenario("throttled").WhenStateIs("calm")
            .RespondWith(ProviderFake.Json(200, """{"matches":[{"id":"p-1","score":0.5,"metadata":{"model":"minilm-l6-v2"}}]}"""));

        var matches = await fake.Index.QueryAsync("acme", Model, [1f, 0f], 1, null, Ct);

        matches.ShouldHaveSingleItem().Id.ShouldBe("p-1");
        var attempts = fake.Received(Query);
        attempts.Count.ShouldBe(2);
        (attempts[1].DateTime - attempts[0].DateTime).ShouldBeGreaterThan(TimeSpan.FromMilliseconds(900));
    }

    [Fact]
    public async Task A_server_error_is_retried()
    {
        fake.Server.Given(Request.Create().WithPath(Upsert)).InScenario("flaky").WillSetStateTo("up")
            .RespondWith(ProviderFake.Json(500, """{"code":13,"message":"Internal error","details":[]}"""));
        fake.Server.Given(Request.Create().WithPath(Upsert)).InScenario("flaky").WhenStateIs("up")
            .RespondWith(ProviderFake.Json(200, Upserted));

        await fake.Index.UpsertAsync("acme", [Vector(1)], Ct);

        var attempts = fake.Received(Upsert);
        attempts.Count.ShouldBe(2);
        attempts[1].Body.ShouldBe(attempts[0].Body); // the same body sent again
    }

    [Fact]
    public async Task A_provider_slower_than_the_timeout_is_a_transient_failure()
    {
        using var impatient = new PineconeFake(new Dictionary<string, string?> { ["TimeoutSeconds"] = "0.2", ["TotalTimeoutSeconds"] = "1" });
        impatient.Server.Given(Request.Create().WithPath(Query))
            .RespondWith(ProviderFake.Json(200, """{"matches":[]}""").WithDelay(TimeSpan.FromSeconds(3)));
        var clock = Stopwatch.StartNew();

        var failure = await Should.ThrowAsync<ProviderFailure>(() => impatient.Index.QueryAsync("acme", Model, [1f, 0f], 1, null, Ct));

        failure.Kind.ShouldBe(ProviderFailureKind.Transient);
        failure.Reason.ShouldContain("timed out");
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(2.5));
    }

    [Fact]
    public async Task Nothing_logged_carries_the_key()
    {
        Answers(Upsert, 200, Upserted);
        Answers(Query, 401, InvalidKey);

        await fake.Index.UpsertAsync("acme", [Vector(1)], Ct);
        await Should.ThrowAsync<ProviderFailure>(() => fake.Index.QueryAsync("acme", Model, [1f, 0f], 1, null, Ct));

        fake.Logs.Lines.ShouldNotContain(line => line.StartsWith("System.Net.Http.HttpClient.pinecone", StringComparison.Ordinal));
        fake.Logs.Lines.ShouldAllBe(line => !line.Contains(PineconeFake.Key, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Calls_the_index_would_refuse_are_refused_before_anything_is_sent()
    {
        await Should.ThrowAsync<ArgumentException>(() => fake.Index.UpsertAsync("acme",
            [new IndexedVector("p-1", Model, [0f, 0f], new Dictionary<string, string>())], Ct));
        await Should.ThrowAsync<ArgumentException>(() => fake.Index.UpsertAsync("acme",
            [new IndexedVector("p-1", Model, [1f, 0f], new Dictionary<string, string> { ["model"] = "mine" })], Ct));
        await Should.ThrowAsync<ArgumentException>(() => fake.Index.QueryAsync("acme", Model, [1f, float.NaN], 1, null, Ct));
        await Should.ThrowAsync<ArgumentException>(() => fake.Index.QueryAsync("", Model, [1f, 0f], 1, null, Ct));

        fake.Server.LogEntries.ShouldBeEmpty();
    }

    private static List<string> VectorsIn(WireMock.IRequestMessage request) =>
        PineconeFake.BodyOf(request).GetProperty("vectors").EnumerateArray().Select(v => v.GetProperty("id").GetString()!).ToList();
}
