using System.Net;
using WireMock.RequestBuilders;
using WireMock.Server;
using FakeResponse = WireMock.ResponseBuilders.Response;

namespace LeadGen.Api.Tests;

/// <summary>A host whose vector index is Pinecone, played by a local fake that is down: indexing messages exhaust their
/// retries and land in the dead letters, the campaign itself completes, and once Pinecone is back an admin replays
/// them and the vectors arrive.</summary>
public class DeadLetterTests
{
    [Fact]
    public async Task Messages_that_failed_for_good_are_listed_to_admins_and_replayed()
    {
        using var pinecone = WireMockServer.Start();
        pinecone.Given(Request.Create().WithPath("/vectors/upsert").UsingPost())
            .RespondWith(FakeResponse.Create().WithStatusCode(503).WithHeader("Content-Type", "application/json")
                .WithBody("""{"code":14,"message":"Service unavailable","details":[]}"""));
        await using var host = await CustomHost.Start("deadletters", new Dictionary<string, string>
        {
            ["VectorIndex:Provider"] = "pinecone", ["Providers:Pinecone:BaseUrl"] = pinecone.Url!, ["Providers:Pinecone:ApiKey"] = "pc-test-key",
            ["Providers:Pinecone:Retry:MaxRetries"] = "0", ["Providers:Pinecone:CircuitBreaker:MinimumThroughput"] = "1000",
        });
        var prospector = host.Client(3);
        var admin = host.Client(3, "admin");
        var otherAdmin = host.Client(4, "admin");

        var campaign = await prospector.StartCampaign(await prospector.CreateIcp(), maxProspects: 10);
        // An index outage degrades lookalikes only: the campaign completes.
        (await prospector.WaitUntilSettled(campaign)).GetProperty("status").GetString().ShouldBe("completed");

        (await prospector.Get("/api/v1/admin/dead-letters")).ShouldBeProblem(HttpStatusCode.Forbidden);
        var deadLetters = await WaitForDeadLetters(admin);
        deadLetters.ShouldAllBe(d => d.GetProperty("messageType").GetString()!.Contains("index_prospects", StringComparison.OrdinalIgnoreCase)
                                     || d.GetProperty("messageType").GetString()!.Contains("IndexProspects"));
        (await otherAdmin.Get("/api/v1/admin/dead-letters")).ShouldHave(HttpStatusCode.OK).Json.GetProperty("items").GetArrayLength().ShouldBe(0);
        var id = deadLetters[0].GetProperty("id").GetGuid();
        (await otherAdmin.Post("/api/v1/admin/dead-letters/replay", new { ids = new[] { id } })).ShouldBeProblem(HttpStatusCode.NotFound);

        pinecone.Reset();
        pinecone.Given(Request.Create().WithPath("/vectors/upsert").UsingPost())
            .RespondWith(FakeResponse.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody("""{"upsertedCount":10}"""));
        var replayed = (await admin.Post("/api/v1/admin/dead-letters/replay", new { })).ShouldHave(HttpStatusCode.OK).Json;
        replayed.GetProperty("replayed").GetInt32().ShouldBe(deadLetters.Count);

        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!pinecone.LogEntries.Any(e => e.ResponseMessage?.StatusCode is 200) && DateTime.UtcNow < deadline)
            await Task.Delay(250, TestContext.Current.CancellationToken);
        pinecone.LogEntries.ShouldContain(e => e.RequestMessage!.Path == "/vectors/upsert" && (int)e.ResponseMessage!.StatusCode! == 200);
        (await WaitUntil(admin, items => items.Count == 0)).ShouldBeEmpty();
    }

    private static Task<List<System.Text.Json.JsonElement>> WaitForDeadLetters(ApiClient admin) => WaitUntil(admin, items => items.Count > 0);

    private static async Task<List<System.Text.Json.JsonElement>> WaitUntil(ApiClient admin, Func<List<System.Text.Json.JsonElement>, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            var items = (await admin.Get("/api/v1/admin/dead-letters")).ShouldHave(HttpStatusCode.OK).Json.GetProperty("items")
                .EnumerateArray().Select(e => e.Clone()).ToList();
            if (done(items) || DateTime.UtcNow > deadline) return items;
            await Task.Delay(500, TestContext.Current.CancellationToken);
        }
    }
}
