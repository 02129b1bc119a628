using System.Net;
using System.Text.Json;

namespace LeadGen.Api.Tests;

/// <summary>What most tests need first: an ICP, a campaign, and a way to wait for the pipeline.</summary>
public static class Scenarios
{
    public static ApiClient Client(this AppFixture app, int tenant, string role = "prospector") =>
        new(app.Host.Server.CreateClient(), AppFixture.KeyOf(tenant, role));

    public static object DataEngineerIcp(string name = "Data engineers") => new
    {
        name,
        persona = "Engineers who build and run data pipelines and warehouses in the cloud with Python, SQL and Spark.",
        criteria = new
        {
            titles = new[] { "Data Engineer", "Data Architect", "Big Data Engineer", "Data Warehouse Architect" },
            skills = new[] { "Apache Spark", "Python", "Apache Hadoop" },
        },
    };

    /// <summary>An ICP broad enough for the sample platform to offer well over a thousand people.</summary>
    public static object SoftwareAndDataIcp() => new
    {
        name = "Software and data builders",
        persona = "Developers and data engineers who build software products and data platforms with Python, Java and SQL.",
        criteria = new
        {
            titles = new[] { "Software Developer", "Software Engineer", "Data Engineer", "Data Scientist", "Web Developer",
                "Database Administrator", "Programmer Analyst", "Applications Developer" },
            skills = new[] { "Python", "Structured query language SQL", "Oracle Java" },
        },
    };

    public static async Task<Guid> CreateIcp(this ApiClient api, object? icp = null)
    {
        var created = (await api.Post("/api/v1/icps", icp ?? DataEngineerIcp())).ShouldHave(HttpStatusCode.Created);
        return created.Json.GetProperty("id").GetGuid();
    }

    public static async Task<Guid> StartCampaign(this ApiClient api, Guid icpId, int maxProspects = 60, double minMatchScore = 0.75)
    {
        var started = (await api.Post("/api/v1/prospecting/campaigns",
            new { icpId, platforms = new[] { "sample" }, maxProspects, minMatchScore })).ShouldHave(HttpStatusCode.Accepted);
        return started.Json.GetProperty("id").GetGuid();
    }

    /// <summary>Polls the campaign as a client would until it leaves "running".</summary>
    public static async Task<JsonElement> WaitUntilSettled(this ApiClient api, Guid campaignId, int timeoutSeconds = 180)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (true)
        {
            var campaign = (await api.Get($"/api/v1/prospecting/campaigns/{campaignId}")).ShouldHave(HttpStatusCode.OK).Json;
            if (campaign.GetProperty("status").GetString() != "running") return campaign;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Campaign still running after {timeoutSeconds} s: {campaign}");
            await Task.Delay(200, TestContext.Current.CancellationToken);
        }
    }

    public static async Task<List<JsonElement>> AllProspects(this ApiClient api, Guid campaignId, string query = "", int limit = 100)
    {
        var items = new List<JsonElement>();
        string? cursor = null;
        do
        {
            var url = $"/api/v1/prospecting/campaigns/{campaignId}/prospects?limit={limit}{query}" +
                      (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}");
            var page = (await api.Get(url)).ShouldHave(HttpStatusCode.OK).Json;
            items.AddRange(page.GetProperty("items").EnumerateArray().Select(e => e.Clone()));
            cursor = page.GetProperty("nextCursor").GetString();
        } while (cursor is not null);
        return items;
    }
}
