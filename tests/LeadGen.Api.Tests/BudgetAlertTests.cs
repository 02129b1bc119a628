using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using WireMock.RequestBuilders;
using WireMock.Server;
using FakeResponse = WireMock.ResponseBuilders.Response;

namespace LeadGen.Api.Tests;

/// <summary>Budget alerts: each configured share of a campaign's budget, once reached, is recorded on the campaign and
/// posted to the tenant's webhook, signed; a receiver that fails gets the same alert again until it accepts it.</summary>
public class BudgetAlertTests
{
    private const string Secret = "whsec-test-0123456789";

    [Fact]
    public async Task Crossing_a_share_of_the_budget_is_recorded_and_delivered_signed_and_retried_until_accepted()
    {
        using var receiver = WireMockServer.Start();
        var attempts = 0;
        receiver.Given(Request.Create().WithPath("/hooks/budget").UsingPost()).RespondWith(FakeResponse.Create().WithCallback(_ =>
            // The receiver is down for the first two deliveries it sees.
            Interlocked.Increment(ref attempts) <= 2
                ? FakeAnswer.Json(503, """{"error":"unavailable"}""")
                : FakeAnswer.Json(200, "{}")));
        await using var host = await CustomHost.Start("alerts", new Dictionary<string, string>
        {
            ["Alerts:Webhook:Url"] = $"{receiver.Url}/hooks/budget",
            ["Alerts:Webhook:Secret"] = Secret,
            ["Alerts:BudgetShares:0"] = "0.25",
            ["Alerts:BudgetShares:1"] = "0.5",
            ["Alerts:BudgetShares:2"] = "1",
        });
        var api = host.Client(20);
        var icp = await api.CreateIcp(Scenarios.SoftwareAndDataIcp());
        const decimal budget = 0.40m;
        var campaign = (await api.Post("/api/v1/prospecting/campaigns",
                new { icpId = icp, platforms = new[] { "sample" }, maxProspects = 300, minMatchScore = 0.75, budget }))
            .ShouldHave(HttpStatusCode.Accepted).Json.GetProperty("id").GetGuid();
        (await api.WaitUntilSettled(campaign)).GetProperty("status").GetString().ShouldBe("budget-exhausted");

        var deadline = DateTime.UtcNow.AddSeconds(90);
        List<JsonElement> accepted;
        do
        {
            await Task.Delay(500, TestContext.Current.CancellationToken);
            accepted = receiver.LogEntries.Where(e => e.ResponseMessage?.StatusCode is 200)
                .Select(e => JsonDocument.Parse(e.RequestMessage!.Body!).RootElement.Clone()).ToList();
        } while (accepted.Select(a => a.GetProperty("share").GetDouble()).Distinct().Count() < 3 && DateTime.UtcNow < deadline);

        accepted.Select(a => a.GetProperty("share").GetDouble()).Distinct().Order().ShouldBe([0.25, 0.5, 1.0]);
        accepted.ShouldAllBe(a => a.GetProperty("campaignId").GetGuid() == campaign && a.GetProperty("budget").GetDecimal() == budget
                                  && a.GetProperty("tenant").GetString() == "tenant-20" && a.GetProperty("scope").GetString() == "campaign");
        accepted.ShouldAllBe(a => a.GetProperty("spent").GetDecimal() >= budget * (decimal)a.GetProperty("share").GetDouble());

        // Every delivery is signed over its timestamp and body; a retry carries the alert's id again.
        foreach (var entry in receiver.LogEntries)
        {
            var request = entry.RequestMessage!;
            var timestamp = request.Headers!["X-LeadGen-Timestamp"].Single();
            var expected = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes($"{timestamp}.{request.Body}")));
            request.Headers["X-LeadGen-Signature"].Single().ShouldBe($"sha256={expected}");
        }
        var failed = receiver.LogEntries.Where(e => e.ResponseMessage?.StatusCode is 503)
            .Select(e => e.RequestMessage!.Headers!["X-LeadGen-Delivery"].Single()).ToList();
        failed.Count.ShouldBe(2);
        var delivered = receiver.LogEntries.Where(e => e.ResponseMessage?.StatusCode is 200)
            .Select(e => e.RequestMessage!.Headers!["X-LeadGen-Delivery"].Single()).ToList();
        delivered.ShouldBeUnique();
        failed.ShouldAllBe(id => delivered.Contains(id));

        // And on the campaign's audit trail, once per share.
        var audit = await ComplianceTests.WaitForAudit(host.Client(20, "compliance"), campaign,
            a => ComplianceTests.Events(a).Count(e => e == "budget-alert") == 3);
        audit.GetProperty("events").EnumerateArray().Where(e => e.GetProperty("event").GetString() == "budget-alert")
            .Select(e => e.GetProperty("details").GetString()!).First().ShouldStartWith("25");
    }

    [Fact]
    public async Task A_tenants_monthly_budget_raises_each_share_once_however_often_it_is_checked()
    {
        using var receiver = WireMockServer.Start();
        receiver.Given(Request.Create().WithPath("/hooks/tenant").UsingPost()).RespondWith(FakeResponse.Create().WithStatusCode(200));
        var settings = new Dictionary<string, string>
        {
            ["Alerts:Webhook:Url"] = $"{receiver.Url}/hooks/tenant",
            ["Alerts:Webhook:Secret"] = Secret,
            ["Alerts:Tenants:tenant-21:MonthlyBudget"] = "0.30",
            ["Alerts:TenantCheckInterval"] = "00:00:00.500",
        };
        await using var host = await CustomHost.Start("tenantbudget", settings);
        var api = host.Client(21);
        // No campaign budget: only the tenant's month is watched.
        var campaign = await api.StartCampaign(await api.CreateIcp(Scenarios.SoftwareAndDataIcp()), maxProspects: 40, minMatchScore: 0.5);
        (await api.WaitUntilSettled(campaign)).GetProperty("status").GetString().ShouldBe("completed");

        var deadline = DateTime.UtcNow.AddSeconds(60);
        List<JsonElement> alerts;
        do
        {
            await Task.Delay(500, TestContext.Current.CancellationToken);
            alerts = receiver.LogEntries.Select(e => JsonDocument.Parse(e.RequestMessage!.Body!).RootElement.Clone()).ToList();
        } while (alerts.Count < 3 && DateTime.UtcNow < deadline);
        // A few more checks come and go: nothing is raised twice.
        await Task.Delay(3_000, TestContext.Current.CancellationToken);
        alerts = receiver.LogEntries.Select(e => JsonDocument.Parse(e.RequestMessage!.Body!).RootElement.Clone()).ToList();

        alerts.Select(a => a.GetProperty("share").GetDouble()).Order().ShouldBe([0.5, 0.8, 1.0]);
        alerts.ShouldAllBe(a => a.GetProperty("scope").GetString() == "tenant" && a.GetProperty("tenant").GetString() == "tenant-21"
                                && a.GetProperty("month").GetString() == DateTimeOffset.UtcNow.ToString("yyyy-MM")
                                && a.GetProperty("budget").GetDecimal() == 0.30m);
        alerts.ShouldAllBe(a => a.GetProperty("spent").GetDecimal() >= 0.30m * (decimal)a.GetProperty("share").GetDouble());
    }
}
