using System.Net;
using System.Text.Json;

namespace LeadGen.Api.Tests;

/// <summary>Analysts' return view: per campaign, ICP and platform, what was found, qualified and converted, what it cost
/// and what the leads are worth, agreeing with the campaigns' own counts and costs.</summary>
[Collection(Tenant37.Collection)]
public class RoiTests(AppFixture app)
{
    [Fact]
    public async Task Roi_by_campaign_icp_and_platform_agrees_with_the_campaigns_counts_and_costs()
    {
        var prospector = app.Client(Tenant37.Number);
        var analyst = app.Client(Tenant37.Number, "analyst");
        // Only this test's campaigns: the other class on tenant 37 starts its own, before or after (never during) this one,
        // sometimes less than a second before, so no slack before now (the host's clock is this machine's).
        var since = Uri.EscapeDataString(DateTimeOffset.UtcNow.ToString("O"));
        // ICPs no other test of the tenant uses: a person enriched before is not paid for again, so a campaign over the
        // same people as an earlier one would cost nothing.
        var icps = new[] { await prospector.CreateIcp(WebDevelopers), await prospector.CreateIcp(MarketingManagers) };
        var campaigns = new List<Guid>();
        foreach (var icp in icps) campaigns.Add(await prospector.StartCampaign(icp, maxProspects: 30, minMatchScore: 0.5));
        foreach (var c in campaigns)
            (await prospector.WaitUntilSettled(c)).GetProperty("status").GetString().ShouldBe("completed");

        // A person qualified by other campaigns of the tenant too would be converted in the one that scored them best:
        // one qualified only by these campaigns is converted in one of them.
        var qualified = new List<Guid>();
        foreach (var c in campaigns)
            qualified.AddRange((await prospector.AllProspects(c, "&stage=qualified")).Select(p => p.GetProperty("id").GetGuid()));
        Guid? ours = null;
        foreach (var id in qualified.Distinct())
        {
            var standings = (await prospector.Get($"/api/v1/prospecting/prospects/{id}")).Json.GetProperty("campaigns").EnumerateArray();
            if (standings.Where(s => s.GetProperty("stage").GetString() == "qualified")
                .All(s => campaigns.Contains(s.GetProperty("campaignId").GetGuid())))
            {
                ours = id;
                break;
            }
        }
        ours.ShouldNotBeNull("no prospect qualified by these campaigns alone");
        var conversion = (await prospector.Post($"/api/v1/prospecting/prospects/{ours}/convert")).ShouldHave(HttpStatusCode.Created).Json;
        campaigns.ShouldContain(conversion.GetProperty("campaignId").GetGuid());

        var byCampaign = await Eventually(async () =>
        {
            var roi = (await analyst.Get($"/api/v1/analytics/roi?groupBy=campaign&from={since}&valuePerLead=100"))
                .ShouldHave(HttpStatusCode.OK).Json;
            var groups = roi.GetProperty("groups").EnumerateArray().ToDictionary(g => Guid.Parse(g.GetProperty("key").GetString()!));
            groups.Keys.ShouldBe(campaigns, ignoreOrder: true);
            var converted = 0L;
            foreach (var c in campaigns)
            {
                var campaign = (await prospector.Get($"/api/v1/prospecting/campaigns/{c}")).Json;
                var costs = (await prospector.Get($"/api/v1/prospecting/campaigns/{c}/costs")).Json.GetProperty("total").GetDecimal();
                var g = groups[c];
                foreach (var count in new[] { "discovered", "scored", "qualified", "converted" })
                    g.GetProperty(count).GetInt64().ShouldBe(campaign.GetProperty(count).GetInt64(), $"{count} of {c}");
                g.GetProperty("cost").GetDecimal().ShouldBe(costs, $"cost of {c}");
                g.GetProperty("timeToFirstQualifiedLeadSeconds").ValueKind.ShouldNotBe(JsonValueKind.Null, $"first qualified of {c}");
                converted += g.GetProperty("converted").GetInt64();
            }
            converted.ShouldBe(1);
            return roi;
        });

        byCampaign.GetProperty("valuePerLead").GetDecimal().ShouldBe(100m);
        foreach (var g in byCampaign.GetProperty("groups").EnumerateArray())
        {
            long discovered = g.GetProperty("discovered").GetInt64(), qualifiedCount = g.GetProperty("qualified").GetInt64(),
                converted = g.GetProperty("converted").GetInt64();
            var cost = g.GetProperty("cost").GetDecimal();
            g.GetProperty("name").GetString().ShouldNotBeNullOrEmpty();
            g.GetProperty("campaigns").GetInt32().ShouldBe(1);
            g.GetProperty("value").GetDecimal().ShouldBe(converted * 100m);
            g.GetProperty("roi").GetDecimal().ShouldBe(converted * 100m - cost);
            if (cost > 0) g.GetProperty("roiRatio").GetDecimal().ShouldBe(Math.Round((converted * 100m - cost) / cost, 4));
            else g.GetProperty("roiRatio").ValueKind.ShouldBe(JsonValueKind.Null);
            g.GetProperty("costPerProspect").GetDecimal().ShouldBe(Math.Round(cost / discovered, 4));
            g.GetProperty("qualificationRate").GetDouble().ShouldBe(Math.Round((double)qualifiedCount / discovered, 4));
            if (converted == 0)
            {
                g.GetProperty("costPerConvertedLead").ValueKind.ShouldBe(JsonValueKind.Null);
            }
            else
            {
                g.GetProperty("costPerConvertedLead").GetDecimal().ShouldBe(Math.Round(cost / converted, 4));
                g.GetProperty("conversionRate").GetDouble().ShouldBe(Math.Round((double)converted / qualifiedCount, 4));
            }
            var histogram = g.GetProperty("scoreHistogram").EnumerateArray().Select(b => b.GetInt64()).ToList();
            histogram.Count.ShouldBe(10);
            histogram.Sum().ShouldBe(g.GetProperty("scored").GetInt64());
            g.GetProperty("timeToFirstQualifiedLeadSeconds").GetDouble().ShouldBeGreaterThan(0);
        }
        var total = byCampaign.GetProperty("total");
        total.GetProperty("cost").GetDecimal().ShouldBeGreaterThan(0m);
        total.GetProperty("converted").GetInt64().ShouldBe(1);
        total.GetProperty("cost").GetDecimal().ShouldBe(byCampaign.GetProperty("groups").EnumerateArray().Sum(g => g.GetProperty("cost").GetDecimal()));

        var byIcp = (await analyst.Get($"/api/v1/analytics/roi?groupBy=icp&from={since}")).ShouldHave(HttpStatusCode.OK).Json;
        byIcp.GetProperty("valuePerLead").GetDecimal().ShouldBe(50m); // the configured default
        var icpGroups = byIcp.GetProperty("groups").EnumerateArray().ToList();
        icpGroups.Select(g => Guid.Parse(g.GetProperty("key").GetString()!)).ShouldBe(icps, ignoreOrder: true);
        icpGroups.ShouldAllBe(g => g.GetProperty("campaigns").GetInt32() == 1 && g.GetProperty("name").GetString() != null);
        icpGroups.Sum(g => g.GetProperty("discovered").GetInt64()).ShouldBe(total.GetProperty("discovered").GetInt64());

        var byPlatform = (await analyst.Get($"/api/v1/analytics/roi?groupBy=platform&from={since}")).ShouldHave(HttpStatusCode.OK).Json;
        var sample = byPlatform.GetProperty("groups").EnumerateArray().Single(g => g.GetProperty("key").GetString() == "sample");
        sample.GetProperty("campaigns").GetInt32().ShouldBe(2);
        foreach (var count in new[] { "discovered", "qualified", "converted" })
            sample.GetProperty(count).GetInt64().ShouldBe(total.GetProperty(count).GetInt64());
        sample.GetProperty("cost").GetDecimal().ShouldBe(total.GetProperty("cost").GetDecimal());
        sample.GetProperty("value").GetDecimal().ShouldBe(50m);

        var future = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddDays(1).ToString("O"));
        (await analyst.Get($"/api/v1/analytics/roi?from={future}")).Json.GetProperty("groups").GetArrayLength().ShouldBe(0);
        (await analyst.Get($"/api/v1/analytics/roi?from={future}&to={since}")).ShouldBeProblem(HttpStatusCode.BadRequest, "to");
        (await analyst.Get("/api/v1/analytics/roi?groupBy=bogus")).ShouldBeProblem(HttpStatusCode.BadRequest, "groupBy");
        (await analyst.Get("/api/v1/analytics/roi?valuePerLead=-1")).ShouldBeProblem(HttpStatusCode.BadRequest, "valuePerLead");
        (await app.Client(35, "analyst").Get("/api/v1/analytics/roi")).ShouldHave(HttpStatusCode.OK)
            .Json.GetProperty("groups").GetArrayLength().ShouldBe(0);
    }

    private static readonly object WebDevelopers = new
    {
        name = "Web developers",
        persona = "Developers who build and run websites and web applications with JavaScript, HTML, CSS and PHP.",
        criteria = new
        {
            titles = new[] { "Web Developer", "Front End Developer", "Web Architect", "JavaScript Developer" },
            skills = new[] { "JavaScript", "Cascading style sheets CSS", "Hypertext markup language HTML" },
        },
    };

    private static readonly object MarketingManagers = new
    {
        name = "Marketing managers",
        persona = "Managers who plan marketing, brands and demand generation, and lead marketing teams.",
        criteria = new
        {
            titles = new[] { "Marketing Manager", "Marketing Director", "Brand Manager", "Digital Marketing Manager" },
            skills = new[] { "Salesforce software", "Google Analytics", "Microsoft Excel" },
        },
    };

    /// <summary>The view, the campaigns' counts and their cost ledgers are projected asynchronously: retries the checks
    /// until they hold, and fails with the last difference.</summary>
    private static async Task<T> Eventually<T>(Func<Task<T>> check, int timeoutSeconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (true)
        {
            try
            {
                return await check();
            }
            catch (ShouldAssertException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(250, TestContext.Current.CancellationToken);
            }
        }
    }
}

/// <summary>Tenant 37 is the ROI and CSV tests': they run one class after the other so that neither sees the other's
/// campaigns in the middle of its checks.</summary>
public static class Tenant37
{
    public const string Collection = "tenant 37";
    public const int Number = 37;
    public static string Name => AppFixture.TenantName(Number);
}
