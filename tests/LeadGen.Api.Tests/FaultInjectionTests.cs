using System.Collections.Concurrent;
using LeadGen.Domain.Prospects;
using Marten;
using WireMock.RequestBuilders;
using WireMock.Server;
using FakeResponse = WireMock.ResponseBuilders.Response;

namespace LeadGen.Api.Tests;

/// <summary>A 1,000-prospect campaign whose email provider (a Hunter fake) answers 30 % of all calls with a 500, a 429
/// with Retry-After, or nothing in time: every prospect still ends enriched or failed with a reason, exactly once; the
/// ledger holds exactly what the fake billed; and the fake never sees more than the configured limit in any second.</summary>
public class FaultInjectionTests
{
    private const int Limit = 60;
    private const decimal FinderPrice = 0.01m;
    private const decimal VerifierPrice = 0.005m;

    private readonly Random faults = new(2026);
    private readonly ConcurrentQueue<(DateTime At, string Operation, bool Billed)> answers = new();

    [Fact]
    public async Task Faults_on_30_percent_of_calls_lose_nothing_duplicate_nothing_and_bill_exactly()
    {
        using var hunter = WireMockServer.Start();
        hunter.Given(Request.Create().WithPath("/v2/email-finder").UsingGet()).RespondWith(FakeResponse.Create().WithCallback(async request =>
            await Answer("email-finder", () =>
            {
                var first = request.Query!.TryGetValue("first_name", out var f) ? f.ToString() : "someone";
                var last = request.Query!.TryGetValue("last_name", out var l) ? l.ToString() : "else";
                var domain = request.Query!.TryGetValue("domain", out var d) ? d.ToString() : "example.com";
                var email = $"{first}.{last}@{domain}".ToLowerInvariant().Replace(' ', '-');
                return $$$"""{"data":{"first_name":"x","last_name":"y","email":"{{{email}}}","score":90,"domain":"{{{domain}}}"},"meta":{}}""";
            })));
        hunter.Given(Request.Create().WithPath("/v2/email-verifier").UsingGet()).RespondWith(FakeResponse.Create().WithCallback(async _ =>
            await Answer("email-verifier", () => """{"data":{"status":"valid","result":"deliverable","score":95,"email":"x@example.com"},"meta":{}}""")));

        await using var host = await CustomHost.Start("faults", new Dictionary<string, string>
        {
            ["Providers:Hunter:ApiKey"] = "fault-test-key",
            ["Providers:Hunter:BaseUrl"] = hunter.Url!,
            ["Providers:Hunter:PricePerCall"] = $"{FinderPrice}",
            ["Providers:Hunter:OperationPrices:email-verifier"] = $"{VerifierPrice}",
            ["Providers:Hunter:RateLimit:PermitsPerSecond"] = $"{Limit}",
            // Generous per-attempt time: under a loaded CI machine a prompt answer must never be abandoned (the fake would
            // count it billed, the client would not have it); only the injected timeouts exceed it.
            ["Providers:Hunter:TimeoutSeconds"] = "8",
            ["Providers:Hunter:TotalTimeoutSeconds"] = "40",
            ["Providers:Hunter:Retry:BaseDelaySeconds"] = "0.2",
            ["Providers:Hunter:CircuitBreaker:MinimumThroughput"] = "100000",
            ["Enrichment:Email:0"] = "hunter",
        });
        var api = host.Client(0);
        var campaign = await api.StartCampaign(await api.CreateIcp(Scenarios.SoftwareAndDataIcp()), maxProspects: 1000, minMatchScore: 0.0);

        (await api.WaitUntilSettled(campaign, timeoutSeconds: 600)).GetProperty("status").GetString().ShouldBe("completed");

        await using var session = host.Host.Services.GetRequiredService<IDocumentStore>().QuerySession(AppFixture.TenantName(0));
        var events = (await session.Events.QueryAllRawEvents().ToListAsync(TestContext.Current.CancellationToken))
            .Where(e => e.Data is IProspectCampaignEvent p && p.CampaignId == campaign).ToList();
        var discovered = events.Where(e => e.Data is ProspectDiscovered).Select(e => e.StreamId).ToList();
        discovered.Count.ShouldBe(1000);

        // Every prospect ends enriched or failed (with a reason), exactly once.
        var outcomes = events.Where(e => e.Data is ProspectEnriched or ProspectEnrichmentFailed).GroupBy(e => e.StreamId).ToList();
        outcomes.Count.ShouldBe(1000);
        outcomes.ShouldAllBe(g => g.Count() == 1);
        events.Select(e => e.Data).OfType<ProspectEnrichmentFailed>().ShouldAllBe(f => !string.IsNullOrWhiteSpace(f.Reason));

        // The ledger is what the provider billed: each answered, billable call once, none that failed or timed out.
        var charges = events.Select(e => e.Data).OfType<ProviderCallCharged>().Where(c => c.Provider == "hunter").ToList();
        var billedByFake = answers.Where(a => a.Billed).ToList();
        charges.Count(c => c.Billable && c.Operation == "email-finder").ShouldBe(billedByFake.Count(a => a.Operation == "email-finder"));
        charges.Count(c => c.Billable && c.Operation == "email-verifier").ShouldBe(billedByFake.Count(a => a.Operation == "email-verifier"));
        charges.Sum(c => c.Cost).ShouldBe(billedByFake.Sum(a => a.Operation == "email-finder" ? FinderPrice : VerifierPrice));

        // Faults really were injected, and the provider never saw more than its limit in any one second.
        answers.Count(a => !a.Billed).ShouldBeGreaterThan(answers.Count / 5);
        BusiestSecond(hunter).ShouldBeLessThanOrEqualTo(Limit);
    }

    /// <summary>30 % of calls fail: 14 % a 500, 13 % a 429 asking to come back in a second, 3 % an answer too late to be
    /// waited for (a 500 after the client's 8 s timeout, so nothing late is ever billed).</summary>
    private async Task<WireMock.ResponseMessage> Answer(string operation, Func<string> success)
    {
        double roll;
        lock (faults) roll = faults.NextDouble();
        if (roll < 0.14) return Unbilled(operation, FakeAnswer.Json(500, """{"errors":[{"id":"server_error","code":500,"details":"Oops"}]}"""));
        if (roll < 0.27)
            return Unbilled(operation, FakeAnswer.Json(429, """{"errors":[{"id":"too_many_requests","code":429,"details":"Slow down"}]}""", retryAfter: "1"));
        if (roll < 0.30)
        {
            await Task.Delay(9_000);
            return Unbilled(operation, FakeAnswer.Json(500, """{"errors":[{"id":"timeout","code":500,"details":"Too slow"}]}"""));
        }

        answers.Enqueue((DateTime.UtcNow, operation, true));
        return FakeAnswer.Json(200, success());
    }

    private WireMock.ResponseMessage Unbilled(string operation, WireMock.ResponseMessage message)
    {
        answers.Enqueue((DateTime.UtcNow, operation, false));
        return message;
    }

    private static int BusiestSecond(WireMockServer server)
    {
        var times = server.LogEntries.Select(e => e.RequestMessage!.DateTime).Order().ToArray();
        var busiest = 0;
        for (int i = 0, j = 0; i < times.Length; i++)
        {
            while (times[i] - times[j] >= TimeSpan.FromSeconds(1)) j++;
            busiest = Math.Max(busiest, i - j + 1);
        }

        return busiest;
    }
}
