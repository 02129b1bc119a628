using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using LeadGen.Application.Ports;
using LeadGen.Domain.Icps;
using LeadGen.Domain.Prospects;
using LeadGen.Infrastructure.SamplePlatform;
using Npgsql;

namespace LeadGen.Api.Tests;

/// <summary>The host is a real child process, killed hard (SIGKILL) three times at random points of a 10,000-prospect
/// campaign and started again each time. The campaign must complete with exactly the prospects an uninterrupted run
/// finds: none lost, none twice, none paid for twice. And two hosts on one database, each given a campaign, share the
/// work without doing any of it twice.</summary>
[Collection(WholeProcesses.Name)]
public class DurabilityTests
{
    internal const string Tenant = HostProcess.Tenant;
    private const string Key = HostProcess.Key;

    /// <summary>Wide enough for the sample platform to have well over 10,000 people to give.</summary>
    private static readonly string[] BroadTitles =
    [
        "Engineer", "Developer", "Manager", "Director", "Analyst", "Architect", "Consultant", "Scientist", "Designer",
        "Specialist", "Administrator", "Officer", "Lead", "Head", "President", "Accountant", "Representative", "Coordinator",
    ];

    private const string Persona = "Professionals who build, run or buy software, data and cloud products.";

    [Fact]
    public async Task A_10000_prospect_campaign_survives_three_kills_at_random_points_and_completes_exactly_once()
    {
        const int maxProspects = 10_000;
        var ct = TestContext.Current.CancellationToken;
        var (connectionString, database) = await TestDatabase.Create("durability");
        var seed = Environment.TickCount;
        var random = new Random(seed);
        // Kill points as shares of the campaign's progress (discovered + scored + enriched over 3 × maxProspects): one
        // early, one in the middle, one late, each somewhere random within its third.
        var killAt = Enumerable.Range(0, 3).Select(i => (i + 0.15 + 0.7 * random.NextDouble()) / 3.0).ToArray();
        TestContext.Current.TestOutputHelper?.WriteLine($"seed {seed}: kills at progress {string.Join(", ", killAt.Select(k => k.ToString("P0")))}");
        try
        {
            var port = HostProcess.FreePort();
            var api = new ApiClient(new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") }, Key);
            var host = await HostProcess.Start(connectionString, port);
            var icpId = await api.CreateIcp(new { name = "Durable", persona = Persona, criteria = new { titles = BroadTitles } });
            var campaignId = await api.StartCampaign(icpId, maxProspects: maxProspects, minMatchScore: 0.75);

            foreach (var share in killAt)
            {
                await WaitFor(api, campaignId, c => Progress(c, maxProspects) >= share || c.GetProperty("status").GetString() != "running", ct);
                host.Kill(entireProcessTree: true);
                await host.WaitForExitAsync(ct);
                host = await HostProcess.Start(connectionString, port);
            }

            var final = await api.WaitUntilSettled(campaignId, timeoutSeconds: 1_200);
            host.Kill(entireProcessTree: true);
            final.GetProperty("status").GetString().ShouldBe("completed");
            var expected = await ExpectedProspects(new IcpCriteria(BroadTitles, [], [], [], [], []), Persona, maxProspects);
            await ShouldHaveProcessedExactlyOnce(connectionString, campaignId, expected, final, ct);
        }
        finally
        {
            await TestDatabase.Drop(database);
        }
    }

    [Fact]
    public async Task Two_hosts_on_one_database_run_two_campaigns_and_do_nothing_twice()
    {
        const int maxProspects = 600;
        var ct = TestContext.Current.CancellationToken;
        var (connectionString, database) = await TestDatabase.Create("twohosts");
        var hosts = new List<Process>();
        try
        {
            var ports = new[] { HostProcess.FreePort(), HostProcess.FreePort() };
            foreach (var port in ports) hosts.Add(await HostProcess.Start(connectionString, port));
            var apis = ports.Select(p => new ApiClient(new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{p}") }, Key)).ToArray();
            var data = new { titles = new[] { "Data Engineer", "Data Architect", "Big Data Engineer", "Data Scientist", "Software Engineer" } };
            var sales = new { titles = new[] { "Account Executive", "Sales Manager", "Sales Director", "Business Development Manager", "Account Manager" } };
            var first = await apis[0].StartCampaign(await apis[0].CreateIcp(new { name = "Data", persona = Persona, criteria = data }), maxProspects, 0.75);
            var second = await apis[1].StartCampaign(await apis[1].CreateIcp(new { name = "Sales", persona = "Sellers of B2B software.", criteria = sales }),
                maxProspects, 0.75);

            foreach (var (campaign, api, criteria, persona) in new[]
                     {
                         (first, apis[1], new IcpCriteria(data.titles, [], [], [], [], []), Persona),
                         (second, apis[0], new IcpCriteria(sales.titles, [], [], [], [], []), "Sellers of B2B software."),
                     })
            {
                // Each host reads the other's campaign: one database, one truth.
                var final = await api.WaitUntilSettled(campaign, timeoutSeconds: 900);
                final.GetProperty("status").GetString().ShouldBe("completed");
                var expected = await ExpectedProspects(criteria, persona, maxProspects);
                await ShouldHaveProcessedExactlyOnce(connectionString, campaign, expected, final, ct);
            }
        }
        finally
        {
            foreach (var host in hosts) host.Kill(entireProcessTree: true);
            await TestDatabase.Drop(database);
        }
    }

    [Fact]
    public async Task A_host_killed_while_enrichment_waits_on_a_remote_provider_pays_for_no_answer_twice()
    {
        var ct = TestContext.Current.CancellationToken;
        var (connectionString, database) = await TestDatabase.Create("crashedpurchase");
        // Six people's emails are found and verified (billed), then the seventh's answer is held: the batch has bought six
        // answers it has not committed when the host is killed.
        using var hunter = new GatedHunter(answersBeforeHolding: 6);
        var settings = hunter.Settings.ToDictionary(s => s.Key.Replace(":", "__"), s => s.Value);
        Process? host = null;
        try
        {
            var port = HostProcess.FreePort();
            var api = new ApiClient(new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") }, Key);
            host = await HostProcess.Start(connectionString, port, settings);
            var campaign = await api.StartCampaign(await api.CreateIcp(Scenarios.SoftwareAndDataIcp()), maxProspects: 20, minMatchScore: 0.0);
            await hunter.Holding.WaitAsync(TimeSpan.FromSeconds(120), ct);
            host.Kill(entireProcessTree: true);
            await host.WaitForExitAsync(ct);
            hunter.FinderAnswers.Count.ShouldBe(6);

            host = await HostProcess.Start(connectionString, port, settings);
            var final = await api.WaitUntilSettled(campaign, timeoutSeconds: 300);
            final.GetProperty("status").GetString().ShouldBe("completed");
            final.GetProperty("enriched").GetInt32().ShouldBe(20);

            hunter.FinderAnswers.Count.ShouldBe(20, "every person's email was asked for");
            hunter.FinderAnswers.Where(a => a.Value > 1).ShouldBeEmpty("no answer bought before the kill is bought again after it");
            await using var db = new NpgsqlConnection(connectionString);
            await db.OpenAsync(ct);
            (await BillableCharges(db, campaign, "email-finder", ct)).ShouldBe(hunter.FinderAnswers.Values.Sum(), "each billed search is on the ledger once");
            (await BillableCharges(db, campaign, "email-verifier", ct)).ShouldBe(hunter.VerifierAnswers, "each billed verification is on the ledger once");
            await using var left = new NpgsqlCommand("select count(*) from leadgen.mt_doc_unledgeredpurchase", db);
            ((long)(await left.ExecuteScalarAsync(ct))!).ShouldBe(0, "every purchase is settled on the ledger");
        }
        finally
        {
            host?.Kill(entireProcessTree: true);
            await TestDatabase.Drop(database);
        }
    }

    private static async Task<int> BillableCharges(NpgsqlConnection db, Guid campaignId, string operation, CancellationToken ct)
    {
        await using var query = new NpgsqlCommand("""
            select count(*) from leadgen.mt_events
            where type = 'provider_call_charged' and data ->> 'campaignId' = @campaign and data ->> 'provider' = 'hunter'
              and data ->> 'operation' = @operation and (data ->> 'billable')::boolean
            """, db);
        query.Parameters.AddWithValue("campaign", campaignId.ToString());
        query.Parameters.AddWithValue("operation", operation);
        return (int)(long)(await query.ExecuteScalarAsync(ct))!;
    }

    private static double Progress(System.Text.Json.JsonElement campaign, int maxProspects) =>
        (campaign.GetProperty("discovered").GetInt32() + campaign.GetProperty("scored").GetInt32() + campaign.GetProperty("enriched").GetInt32())
        / (3.0 * maxProspects);

    /// <summary>Exactly the expected people, each discovered, scored and enriched once, each provider call charged once,
    /// and the projected status agreeing with the events.</summary>
    internal static async Task ShouldHaveProcessedExactlyOnce(string connectionString, Guid campaignId, HashSet<Guid> expected,
        System.Text.Json.JsonElement final, CancellationToken ct)
    {
        await using var db = new NpgsqlConnection(connectionString);
        await db.OpenAsync(ct);

        var discovered = await StreamsWith(db, "prospect_discovered", campaignId);
        discovered.Count.ShouldBe(expected.Count, "one discovery per prospect");
        discovered.ToHashSet().SetEquals(expected).ShouldBeTrue("exactly the prospects an uninterrupted run finds");

        var scored = await StreamsWith(db, "prospect_scored", campaignId);
        scored.Count.ShouldBe(expected.Count);
        scored.Distinct().Count().ShouldBe(expected.Count, "no prospect scored twice");

        var enriched = await StreamsWith(db, "prospect_enriched", campaignId);
        enriched.Distinct().Count().ShouldBe(enriched.Count, "no prospect enriched twice");
        var charges = await StreamsWith(db, "provider_call_charged", campaignId);
        charges.Count.ShouldBe(2 * enriched.Count, "one company and one email call per enriched prospect, never repeated");
        (await CompaniesBoughtMoreThanOnce(db, ct)).ShouldBeEmpty("each company is bought once for the tenant, whichever batch or host wanted it");

        final.GetProperty("discovered").GetInt32().ShouldBe(expected.Count);
        final.GetProperty("scored").GetInt32().ShouldBe(expected.Count);
        final.GetProperty("enriched").GetInt32().ShouldBe(enriched.Count);
    }

    private static async Task<List<string>> CompaniesBoughtMoreThanOnce(NpgsqlConnection db, CancellationToken ct)
    {
        await using var query = new NpgsqlCommand("""
            with discovered as (
                select distinct on (stream_id) stream_id, coalesce(data -> 'profile' ->> 'companyDomain', data -> 'profile' ->> 'company') as company
                from leadgen.mt_events where type = 'prospect_discovered')
            select d.company || ' × ' || count(*)
            from leadgen.mt_events e join discovered d on d.stream_id = e.stream_id
            where e.type = 'provider_call_charged' and e.data ->> 'operation' = 'company-lookup' and (e.data ->> 'billable')::boolean
            group by d.company having count(*) > 1
            """, db);
        var companies = new List<string>();
        await using var reader = await query.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) companies.Add(reader.GetString(0));
        return companies;
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

    /// <summary>What the platform gives an uninterrupted run: the first maxProspects people of the same query.</summary>
    internal static async Task<HashSet<Guid>> ExpectedProspects(IcpCriteria criteria, string persona, int maxProspects)
    {
        IProspectingPlatform platform = new SamplePlatform(new SamplePopulation());
        var ids = new List<Guid>();
        string? cursor = null;
        do
        {
            var page = await platform.SearchAsync(new PlatformQuery(criteria, persona), cursor, 100, CancellationToken.None);
            ids.AddRange(page.Profiles.Select(p => ProspectIdentity.For(Tenant, "sample", p.ExternalId)));
            cursor = page.NextCursor;
        } while (cursor is not null && ids.Count < maxProspects);
        return ids.Distinct().Take(maxProspects).ToHashSet();
    }

    internal static async Task WaitFor(ApiClient api, Guid campaignId, Func<System.Text.Json.JsonElement, bool> condition, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow.AddMinutes(15);
        while (DateTime.UtcNow < deadline)
        {
            var campaign = await api.Get($"/api/v1/prospecting/campaigns/{campaignId}");
            if (campaign.Status == HttpStatusCode.OK && condition(campaign.Json)) return;
            await Task.Delay(50, ct);
        }
        throw new TimeoutException("The campaign did not get there in time.");
    }
}
