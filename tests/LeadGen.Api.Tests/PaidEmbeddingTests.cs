using System.Net;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Alba;
using WireMock.RequestBuilders;
using WireMock.Server;
using Npgsql;
using FakeResponse = WireMock.ResponseBuilders.Response;

namespace LeadGen.Api.Tests;

/// <summary>A host that embeds with OpenAI, played by a local fake of POST /v1/embeddings that bills each text a few
/// tokens: campaigns' cost ledgers carry exactly the tokens the API reported, and texts embedded once are not paid
/// for again.</summary>
public class PaidEmbeddingTests
{
    private const int Dimensions = 16;
    private long _billedTokens;

    [Fact]
    public async Task Campaign_costs_equal_the_tokens_the_embedding_api_billed_and_repeats_cost_nothing()
    {
        using var openAi = FakeOpenAi(beforeProfiles: null);
        await using var host = await CustomHost.Start("openai", Settings(openAi));
        var api = host.Client(0);
        var icp = await api.CreateIcp();

        var first = await api.StartCampaign(icp, maxProspects: 40, minMatchScore: 0.0);
        (await api.WaitUntilSettled(first)).GetProperty("status").GetString().ShouldBe("completed");
        var billedAfterFirst = Interlocked.Read(ref _billedTokens);
        var icpTokens = TokensOfIcpAndReference(openAi);

        var line = await EmbeddingLine(api, host.Host, first);
        line.GetProperty("provider").GetString().ShouldBe("openai");
        // Everything the API billed was for the campaign's profiles, except the ICP's own vector and the occupation
        // titles a profile's title is measured against, embedded once per model like the ICP.
        line.GetProperty("billableUnits").GetInt64().ShouldBe(billedAfterFirst - icpTokens);
        line.GetProperty("cost").GetDecimal().ShouldBe((billedAfterFirst - icpTokens) * 0.02m / 1_000_000m);

        // The same people found again: their texts are embedded already, so nothing is sent and nothing is charged.
        var requestsBefore = openAi.LogEntries.Count();
        var second = await api.StartCampaign(icp, maxProspects: 40, minMatchScore: 0.0);
        (await api.WaitUntilSettled(second)).GetProperty("status").GetString().ShouldBe("completed");
        openAi.LogEntries.Count().ShouldBe(requestsBefore);
        await host.Host.Services.GetRequiredService<Marten.IDocumentStore>().WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(60));
        var costs = (await api.Get($"/api/v1/prospecting/campaigns/{second}/costs")).ShouldHave(HttpStatusCode.OK).Json;
        costs.GetProperty("byProvider").EnumerateArray().ShouldNotContain(l => l.GetProperty("provider").GetString() == "openai");
    }

    [Fact]
    public async Task Embeddings_paid_for_by_a_scoring_batch_whose_commit_failed_are_charged_by_its_retry()
    {
        var ct = TestContext.Current.CancellationToken;
        var profilesAsked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var rowsLocked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var openAi = FakeOpenAi(beforeProfiles: async () =>
        {
            profilesAsked.TrySetResult();
            await rowsLocked.Task;
        });
        await using var host = await CustomHost.Start("openai_failed_commit", Settings(openAi));
        var api = host.Client(0);
        var campaign = await api.StartCampaign(await api.CreateIcp(), maxProspects: 20, minMatchScore: 0.0);

        // The campaign's rows are locked while the embedding API is answering, so the scoring batch pays for its
        // embeddings and then waits to commit; its connection is then terminated, and the batch is retried.
        await profilesAsked.Task.WaitAsync(TimeSpan.FromSeconds(60), ct);
        await using var locker = new NpgsqlConnection(host.ConnectionString);
        await locker.OpenAsync(ct);
        await using var lockTransaction = await locker.BeginTransactionAsync(ct);
        await using (var lockRows = new NpgsqlCommand("""
                   with locked as (select id from leadgen.mt_doc_campaignprospect where data ->> 'campaignId' = @campaign for update)
                   select count(*) from locked
                   """, locker, lockTransaction))
        {
            lockRows.Parameters.AddWithValue("campaign", campaign.ToString());
            ((long)(await lockRows.ExecuteScalarAsync(ct))!).ShouldBe(20);
        }
        rowsLocked.TrySetResult();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        long terminated = 0;
        while (terminated == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100, ct);
            await using var terminate = new NpgsqlCommand("""
                select count(pg_terminate_backend(pid)) from pg_stat_activity
                where datname = current_database() and wait_event_type = 'Lock' and pid <> pg_backend_pid()
                """, locker, lockTransaction);
            terminated = (long)(await terminate.ExecuteScalarAsync(ct))!;
        }
        terminated.ShouldBeGreaterThan(0, "the scoring batch waited on the locked rows");
        await lockTransaction.RollbackAsync(ct);

        (await api.WaitUntilSettled(campaign)).GetProperty("status").GetString().ShouldBe("completed");
        var billed = Interlocked.Read(ref _billedTokens) - TokensOfIcpAndReference(openAi);
        (await EmbeddingLine(api, host.Host, campaign)).GetProperty("billableUnits").GetInt64()
            .ShouldBe(billed, "the tokens paid before the failed commit are on the ledger once, though the retry found the vectors cached");
    }

    /// <summary>A fake of OpenAI's POST /v1/embeddings that bills each text a few tokens; <paramref name="beforeProfiles"/>,
    /// when given, runs before it answers the first request that embeds a profile (one holding a text that is neither
    /// the ICP's nor an occupation title).</summary>
    private WireMockServer FakeOpenAi(Func<Task>? beforeProfiles)
    {
        var openAi = WireMockServer.Start();
        var occupationTitles = LeadGen.Application.Scoring.TitleTaxonomy.Default.Occupations
            .Select(o => LeadGen.Application.Scoring.IcpMatcher.TitleText(o.Title)).ToHashSet(StringComparer.Ordinal);
        var requests = 0;
        openAi.Given(Request.Create().WithPath("/v1/embeddings").UsingPost()).RespondWith(FakeResponse.Create().WithCallback(async request =>
        {
            var body = JsonNode.Parse(request.Body!)!;
            var inputs = body["input"]!.AsArray().Select(i => i!.GetValue<string>()).ToList();
            // The ICP's texts come first, alone in their request.
            if (Interlocked.Increment(ref requests) > 1 && beforeProfiles is not null && !inputs.All(occupationTitles.Contains))
                await beforeProfiles();
            var base64 = body["encoding_format"]?.GetValue<string>() == "base64";
            var tokens = inputs.Sum(t => t.Length / 4 + 1);
            Interlocked.Add(ref _billedTokens, tokens);
            var data = new JsonArray(inputs.Select((text, index) => (JsonNode)new JsonObject
            {
                ["object"] = "embedding", ["index"] = index,
                ["embedding"] = base64 ? Convert.ToBase64String(MemoryMarshal.AsBytes(VectorOf(text).AsSpan())) : new JsonArray(VectorOf(text).Select(v => (JsonNode)v).ToArray()),
            }).ToArray());
            var answer = new JsonObject
            {
                ["object"] = "list", ["data"] = data, ["model"] = "text-embedding-3-small",
                ["usage"] = new JsonObject { ["prompt_tokens"] = tokens, ["total_tokens"] = tokens },
            };
            return FakeAnswer.Json(200, answer.ToJsonString());
        }));
        return openAi;
    }

    private static Dictionary<string, string> Settings(WireMockServer openAi) => new()
    {
        ["Embeddings:Provider"] = "openai", ["Providers:OpenAI:ApiKey"] = "sk-test-campaign",
        ["Providers:OpenAI:BaseUrl"] = openAi.Url + "/v1", ["Providers:OpenAI:PricePerMillionTokens"] = "0.02",
    };

    /// <summary>The tokens of the requests that embedded the ICP (its persona and candidate titles: the first request,
    /// before any profile) or the taxonomy's occupation titles (OccupationReference), and nothing else.</summary>
    private static long TokensOfIcpAndReference(WireMockServer openAi)
    {
        static string[] Inputs(WireMock.Logging.ILogEntry e) =>
            JsonNode.Parse(e.RequestMessage!.Body!)!["input"]!.AsArray().Select(i => i!.GetValue<string>()).ToArray();
        var requests = openAi.LogEntries.OrderBy(e => e.RequestMessage!.DateTime).Select(Inputs).ToList();
        var known = requests[0].Concat(LeadGen.Application.Scoring.TitleTaxonomy.Default.Occupations
            .Select(o => LeadGen.Application.Scoring.IcpMatcher.TitleText(o.Title))).ToHashSet(StringComparer.Ordinal);
        var notProfiles = requests.Where(inputs => inputs.All(known.Contains)).ToList();
        notProfiles.Count.ShouldBeGreaterThan(1, "the ICP and the occupation titles are embedded");
        return notProfiles.Sum(inputs => (long)inputs.Sum(t => t.Length / 4 + 1));
    }

    private static async Task<JsonElement> EmbeddingLine(ApiClient api, IAlbaHost host, Guid campaign)
    {
        await host.Services.GetRequiredService<Marten.IDocumentStore>().WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(60));
        var costs = (await api.Get($"/api/v1/prospecting/campaigns/{campaign}/costs")).ShouldHave(HttpStatusCode.OK).Json;
        return costs.GetProperty("byProvider").EnumerateArray().Single(l => l.GetProperty("operation").GetString() == "embed").Clone();
    }

    /// <summary>A unit vector that is a function of the text, so equal texts embed equally.</summary>
    private static float[] VectorOf(string text)
    {
        var random = new Random(text.GetHashCode(StringComparison.Ordinal));
        var v = Enumerable.Range(0, Dimensions).Select(_ => (float)random.NextDouble() - 0.5f).ToArray();
        var norm = MathF.Sqrt(v.Sum(x => x * x));
        return v.Select(x => x / norm).ToArray();
    }
}
