using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using LeadGen.Application.Ports;
using LeadGen.Domain.Icps;
using LeadGen.Domain.Prospects;
using LeadGen.Infrastructure.SamplePlatform;
using Npgsql;

namespace LeadGen.Api.Tests;

/// <summary>The host is a real child process, killed hard (SIGKILL) twice in the middle of a campaign and started again.
/// The campaign must complete with exactly the prospects an uninterrupted run finds: none lost, none twice, none paid for
/// twice.</summary>
public class DurabilityTests
{
    private const string Tenant = "durable";
    private const string Key = "durability-test-key";
    private const int MaxProspects = 600;

    [Fact]
    public async Task A_campaign_survives_its_host_being_killed_twice_and_completes_exactly_once()
    {
        var ct = TestContext.Current.CancellationToken;
        var (connectionString, database) = await TestDatabase.Create("durability");
        try
        {
            var port = FreePort();
            var api = new ApiClient(new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") }, Key);

            var host = await StartHost(connectionString, port);
            var criteria = new { titles = new[] { "Data Engineer", "Data Architect", "Big Data Engineer" }, skills = new[] { "Apache Spark", "Python" } };
            const string persona = "Engineers who build data pipelines and warehouses.";
            var icpId = await api.CreateIcp(new { name = "Durable", persona, criteria });
            var campaignId = await api.StartCampaign(icpId, maxProspects: MaxProspects, minMatchScore: 0.75);

            foreach (var killAt in new[] { 150, 400 })
            {
                await WaitFor(api, campaignId, c => c.GetProperty("discovered").GetInt32() >= killAt
                                                   || c.GetProperty("status").GetString() != "running", ct);
                host.Kill(entireProcessTree: true);
                await host.WaitForExitAsync(ct);
                host = await StartHost(connectionString, port);
            }

            var final = await api.WaitUntilSettled(campaignId, timeoutSeconds: 300);
            host.Kill(entireProcessTree: true);
            final.GetProperty("status").GetString().ShouldBe("completed");

            var expected = await ExpectedProspects(new IcpCriteria(criteria.titles, [], [], [], [], criteria.skills), persona);
            await using var db = new NpgsqlConnection(connectionString);
            await db.OpenAsync(ct);

            var discovered = await StreamsWith(db, "prospect_discovered", campaignId);
            discovered.Count.ShouldBe(MaxProspects, "one discovery per prospect");
            discovered.ToHashSet().SetEquals(expected).ShouldBeTrue("exactly the prospects an uninterrupted run finds");

            var scored = await StreamsWith(db, "prospect_scored", campaignId);
            scored.Count.ShouldBe(MaxProspects);
            scored.Distinct().Count().ShouldBe(MaxProspects, "no prospect scored twice");

            var enriched = await StreamsWith(db, "prospect_enriched", campaignId);
            enriched.Distinct().Count().ShouldBe(enriched.Count, "no prospect enriched twice");
            var charges = await StreamsWith(db, "provider_call_charged", campaignId);
            charges.Count.ShouldBe(2 * enriched.Count, "one company and one email call per enriched prospect, never repeated");

            final.GetProperty("discovered").GetInt32().ShouldBe(MaxProspects);
            final.GetProperty("scored").GetInt32().ShouldBe(MaxProspects);
            final.GetProperty("enriched").GetInt32().ShouldBe(enriched.Count);
        }
        finally
        {
            await TestDatabase.Drop(database);
        }
    }

    private static async Task<List<Guid>> StreamsWith(NpgsqlConnection db, string eventType, Guid campaignId)
    {
        await using var query = new NpgsqlCommand(
            "select stream_id from leadgen.mt_events where type = @type and data ->> 'campaignId' = @campaign", db);
        query.Parameters.AddWithValue("type", eventType);
        query.Parameters.AddWithValue("campaign", campaignId.ToString());
        var ids = new List<Guid>();
        await using var reader = await query.ExecuteReaderAsync();
        while (await reader.ReadAsync()) ids.Add(reader.GetGuid(0));
        return ids;
    }

    /// <summary>What the platform gives an uninterrupted run: the first MaxProspects people of the same query.</summary>
    private static async Task<HashSet<Guid>> ExpectedProspects(IcpCriteria criteria, string persona)
    {
        IProspectingPlatform platform = new SamplePlatform(new SamplePopulation());
        var ids = new List<Guid>();
        string? cursor = null;
        do
        {
            var page = await platform.SearchAsync(new PlatformQuery(criteria, persona), cursor, 100, CancellationToken.None);
            ids.AddRange(page.Profiles.Select(p => ProspectIdentity.For(Tenant, "sample", p.ExternalId)));
            cursor = page.NextCursor;
        } while (cursor is not null && ids.Count < MaxProspects);
        return ids.Distinct().Take(MaxProspects).ToHashSet();
    }

    private static async Task WaitFor(ApiClient api, Guid campaignId, Func<System.Text.Json.JsonElement, bool> condition, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (DateTime.UtcNow < deadline)
        {
            var campaign = await api.Get($"/api/v1/prospecting/campaigns/{campaignId}");
            if (campaign.Status == HttpStatusCode.OK && condition(campaign.Json)) return;
            await Task.Delay(50, ct);
        }
        throw new TimeoutException("The campaign did not get there in time.");
    }

    private static async Task<Process> StartHost(string connectionString, int port)
    {
        var dll = Path.Combine(RepositoryRoot(), "src", "Api", "bin", BuildConfiguration(), "net10.0", "LeadGen.Api.dll");
        File.Exists(dll).ShouldBeTrue($"the API must be built first: {dll}");
        var start = new ProcessStartInfo("dotnet", [dll])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        start.Environment["ConnectionStrings__Postgres"] = connectionString;
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Auth__ApiKeys__0__Key"] = Key;
        start.Environment["Auth__ApiKeys__0__Tenant"] = Tenant;
        start.Environment["Auth__ApiKeys__0__Roles__0"] = "prospector";
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited) throw new InvalidOperationException($"The host exited with {process.ExitCode} while starting.");
            try
            {
                if ((await http.GetAsync("/health/ready")).IsSuccessStatusCode) return process;
            }
            catch (HttpRequestException) { }
            await Task.Delay(200);
        }
        process.Kill(entireProcessTree: true);
        throw new TimeoutException("The host did not become ready.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string BuildConfiguration() =>
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "LeadGen.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("LeadGen.sln not found above the test binaries.");
    }
}
