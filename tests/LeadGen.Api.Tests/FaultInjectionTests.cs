using System.Collections.Concurrent;
using LeadGen.Domain.Prospects;
using Marten;
using WireMock.RequestBuilders;
using WireMock.Server;
using FakeResponse = WireMock.ResponseBuilders.Response;

namespace LeadGen.Api.Tests;

/// <summary>Campaigns whose email provider (a Hunter fake) misbehaves. 1,000 prospects with 30 % of all calls answered
/// by a 500, a 429 with Retry-After, or nothing in time: every prospect still ends enriched or failed with a reason,
/// exactly once; the ledger holds exactly what the fake billed; and the fake never sees more than the configured limit in
/// any second. And a provider too slow for a batch to finish within a handler's time.</summary>
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

        var events = await RunCampaign(hunter, "faults", prospects: 1000, timeoutSeconds: 600, new Dictionary<string, string>
        {
            ["Providers:Hunter:RateLimit:PermitsPerSecond"] = $"{Limit}",
            ["Providers:Hunter:TotalTimeoutSeconds"] = "40",
            ["Providers:Hunter:Retry:BaseDelaySeconds"] = "0.2",
            ["Providers:Hunter:CircuitBreaker:MinimumThroughput"] = "100000",
            // The limit holds only while a request spends less than the margin between its grant and its arrival (ADR 11).
            // The fake shares the host's process and a loaded 2-core CI machine, where that exceeded the default 0.5 s
            // (61 in one second, CI of 3d06948); 1 s, as in SharedRateLimiterTests.
            ["RateLimiting:MarginSeconds"] = "1",
        });
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

    /// <summary>A Hunter that takes 1.3 s for every answer: one enrichment batch's 25 prospects need ~65 s of calls, more
    /// than a handler may run (60 s). The batch hands its rest on in time, so every prospect is still enriched exactly
    /// once and the ledger holds exactly what the fake billed (before, the batch timed out, rolled back what it had
    /// bought, and never finished).</summary>
    [Fact]
    public async Task A_batch_slower_than_a_handler_may_run_loses_no_paid_answer()
    {
        using var hunter = WireMockServer.Start();
        hunter.Given(Request.Create().WithPath("/v2/email-finder").UsingGet()).RespondWith(FakeResponse.Create().WithCallback(async request =>
        {
            var first = request.Query!.TryGetValue("first_name", out var f) ? f.ToString() : "someone";
            var domain = request.Query!.TryGetValue("domain", out var d) ? d.ToString() : "example.com";
            var email = $"{first}@{domain}".ToLowerInvariant().Replace(' ', '-');
            return await Slowly("email-finder",
                $$$"""{"data":{"first_name":"x","last_name":"y","email":"{{{email}}}","score":90,"domain":"{{{domain}}}"},"meta":{}}""");
        }));
        hunter.Given(Request.Create().WithPath("/v2/email-verifier").UsingGet()).RespondWith(FakeResponse.Create().WithCallback(async _ =>
            await Slowly("email-verifier", """{"data":{"status":"valid","result":"deliverable","score":95,"email":"x@example.com"},"meta":{}}""")));

        var events = await RunCampaign(hunter, "slow", prospects: 25, timeoutSeconds: 300, []);

        var enriched = events.Where(e => e.Data is ProspectEnriched).Select(e => e.StreamId).ToList();
        enriched.Count.ShouldBe(25, "every prospect enriched");
        enriched.Distinct().Count().ShouldBe(25, "none twice");
        var charges = events.Select(e => e.Data).OfType<ProviderCallCharged>().Where(c => c.Provider == "hunter" && c.Billable).ToList();
        charges.Count(c => c.Operation == "email-finder").ShouldBe(answers.Count(a => a.Operation == "email-finder"), "each finder call billed once");
        charges.Count(c => c.Operation == "email-verifier").ShouldBe(answers.Count(a => a.Operation == "email-verifier"), "each verifier call billed once");
        answers.Count(a => a.Operation == "email-finder").ShouldBe(25, "no answer bought twice");
    }

    /// <summary>A campaign of <paramref name="prospects"/> whose email waterfall is the Hunter fake, run until it
    /// completes: the events of its prospects.</summary>
    private static async Task<List<JasperFx.Events.IEvent>> RunCampaign(WireMockServer hunter, string name, int prospects, int timeoutSeconds,
        Dictionary<string, string> settings)
    {
        settings["Providers:Hunter:ApiKey"] = $"{name}-test-key";
        settings["Providers:Hunter:BaseUrl"] = hunter.Url!;
        settings["Providers:Hunter:PricePerCall"] = $"{FinderPrice}";
        settings["Providers:Hunter:OperationPrices:email-verifier"] = $"{VerifierPrice}";
        // Generous per-attempt time: under a loaded CI machine a prompt answer must never be abandoned (the fake would
        // count it billed, the client would not have it); only the injected timeouts exceed it.
        settings["Providers:Hunter:TimeoutSeconds"] = "8";
        settings["Enrichment:Email:0"] = "hunter";
        await using var host = await CustomHost.Start(name, settings);
        var api = host.Client(0);
        var campaign = await api.StartCampaign(await api.CreateIcp(Scenarios.SoftwareAndDataIcp()), maxProspects: prospects, minMatchScore: 0.0);

        (await api.WaitUntilSettled(campaign, timeoutSeconds)).GetProperty("status").GetString().ShouldBe("completed");

        await using var session = host.Host.Services.GetRequiredService<IDocumentStore>().QuerySession(AppFixture.TenantName(0));
        return (await session.Events.QueryAllRawEvents().ToListAsync(TestContext.Current.CancellationToken))
            .Where(e => e.Data is IProspectCampaignEvent p && p.CampaignId == campaign).ToList();
    }

    private async Task<WireMock.ResponseMessage> Slowly(string operation, string body)
    {
        await Task.Delay(1_300);
        answers.Enqueue((DateTime.UtcNow, operation, true));
        return FakeAnswer.Json(200, body);
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
