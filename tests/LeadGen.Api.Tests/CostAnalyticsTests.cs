using System.Net;
using System.Text.Json;

namespace LeadGen.Api.Tests;

/// <summary>Analysts' spend view: the cost ledger summed by provider, campaign, ICP and day over a period, agreeing with
/// the campaigns' own costs to the cent, with cache hits counted and what they saved.</summary>
public class CostAnalyticsTests(AppFixture app)
{
    [Fact]
    public async Task Spend_by_provider_campaign_icp_and_day_adds_up_to_the_campaigns_costs()
    {
        var prospector = app.Client(34);
        var analyst = app.Client(34, "analyst");
        var icp = await prospector.CreateIcp();
        var campaigns = new[] { await prospector.StartCampaign(icp, maxProspects: 30, minMatchScore: 0.5) };
        campaigns = [.. campaigns, await prospector.StartCampaign(await prospector.CreateIcp(FewLargeEmployers), maxProspects: 30, minMatchScore: 0.5)];
        decimal expected = 0;
        foreach (var c in campaigns)
        {
            (await prospector.WaitUntilSettled(c)).GetProperty("status").GetString().ShouldBe("completed");
            // A campaign's costs are projected asynchronously and may trail its completion.
            await app.Store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(60));
            expected += (await prospector.Get($"/api/v1/prospecting/campaigns/{c}/costs")).Json.GetProperty("total").GetDecimal();
        }
        expected.ShouldBeGreaterThan(0m);

        var byProvider = await Until(analyst, "groupBy=provider", json => json.GetProperty("total").GetDecimal() == expected);
        var groups = byProvider.GetProperty("groups").EnumerateArray().ToList();
        groups.Select(g => g.GetProperty("key").GetString()).ShouldContain("local/email-finder");
        groups.Sum(g => g.GetProperty("cost").GetDecimal()).ShouldBe(expected);
        // Colleagues: the second ICP's people work for a handful of employers, so within any one enrichment batch of
        // more people than that the same company is looked up again, answered from the cache, free, and counted as saved.
        var companies = groups.Single(g => g.GetProperty("key").GetString() == "local/company-lookup");
        companies.GetProperty("cachedCalls").GetInt64().ShouldBeGreaterThan(0);
        companies.GetProperty("saved").GetDecimal().ShouldBeInRange(0.01m, companies.GetProperty("cachedCalls").GetInt64() * 0.01m);
        byProvider.GetProperty("saved").GetDecimal().ShouldBeGreaterThan(0m);

        var byCampaign = (await analyst.Get("/api/v1/analytics/costs?groupBy=campaign")).ShouldHave(HttpStatusCode.OK).Json;
        byCampaign.GetProperty("groups").EnumerateArray().Select(g => Guid.Parse(g.GetProperty("key").GetString()!))
            .ShouldBe(campaigns, ignoreOrder: true);
        byCampaign.GetProperty("groups").EnumerateArray().ShouldAllBe(g => g.GetProperty("name").GetString() != null);
        var byIcp = (await analyst.Get("/api/v1/analytics/costs?groupBy=icp")).Json;
        byIcp.GetProperty("groups").GetArrayLength().ShouldBe(2);
        byIcp.GetProperty("total").GetDecimal().ShouldBe(expected);
        var byDay = (await analyst.Get("/api/v1/analytics/costs?groupBy=day")).Json.GetProperty("groups");
        byDay.EnumerateArray().Select(g => g.GetProperty("key").GetString()).ShouldContain(DateTimeOffset.UtcNow.ToString("yyyy-MM-dd"));

        var future = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddDays(1).ToString("O"));
        (await analyst.Get($"/api/v1/analytics/costs?from={future}&to={Uri.EscapeDataString(DateTimeOffset.UtcNow.ToString("O"))}"))
            .ShouldBeProblem(HttpStatusCode.BadRequest, "to");
        var later = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddDays(2).ToString("O"));
        (await analyst.Get($"/api/v1/analytics/costs?from={future}&to={later}")).Json.GetProperty("groups").GetArrayLength().ShouldBe(0);
        (await analyst.Get("/api/v1/analytics/costs?groupBy=weekday")).ShouldBeProblem(HttpStatusCode.BadRequest, "groupBy");
        (await app.Client(35, "analyst").Get("/api/v1/analytics/costs")).Json.GetProperty("groups").GetArrayLength().ShouldBe(0);
    }

    /// <summary>Software people at the sample platform's biggest software companies: a few employers, many people.</summary>
    private static readonly object FewLargeEmployers = new
    {
        name = "Software builders at large software companies",
        persona = "Developers and data engineers who build software products at large software companies.",
        criteria = new
        {
            titles = new[] { "Software Developer", "Software Engineer", "Data Engineer", "Web Developer", "Applications Developer" },
            industries = new[] { "Software Development" },
            companySizes = new[] { "10001+" },
        },
    };

    private static async Task<JsonElement> Until(ApiClient analyst, string query, Func<JsonElement, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var json = (await analyst.Get($"/api/v1/analytics/costs?{query}")).ShouldHave(HttpStatusCode.OK).Json;
            if (done(json)) return json;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"The ledger never added up: {json}");
            await Task.Delay(250, TestContext.Current.CancellationToken);
        }
    }
}
