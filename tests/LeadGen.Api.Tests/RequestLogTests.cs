using System.Net;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Npgsql;

namespace LeadGen.Api.Tests;

/// <summary>Every state-changing request is on its tenant's request log with its actor, method, route pattern, ids and
/// status, never with its body or query string; compliance officers and admins read the log, nobody else.</summary>
public class RequestLogTests(AppFixture app)
{
    private const string Log = "/api/v1/compliance/requests";

    [Fact]
    public async Task Changes_are_logged_with_actor_route_ids_and_status_and_reads_are_not()
    {
        var actor = $"prospector-{Guid.NewGuid():N}";
        var prospector = Bearer(actor, "prospector");
        const string secretName = "Zanzibar quokka whisperers";
        const string secretQuery = "Xylophone-Marmalade";

        var icp = await prospector.CreateIcp(Scenarios.DataEngineerIcp(secretName));
        (await prospector.Get($"/api/v1/icps/{icp}")).ShouldHave(HttpStatusCode.OK);
        (await prospector.Put($"/api/v1/icps/{icp}?note={secretQuery}", Scenarios.DataEngineerIcp(secretName + " v2"))).ShouldHave(HttpStatusCode.OK);
        var started = (await prospector.Post("/api/v1/prospecting/campaigns",
            new { icpId = icp, platforms = new[] { "sample" }, maxProspects = 20, minMatchScore = 0.75, name = secretName }))
            .ShouldHave(HttpStatusCode.Accepted);
        var campaign = started.Json.GetProperty("id").GetGuid();
        (await prospector.Get("/api/v1/prospecting/campaigns")).ShouldHave(HttpStatusCode.OK);
        // A campaign that already completed answers 409 to a cancellation: the log records whichever it was.
        var cancelled = await prospector.Post($"/api/v1/prospecting/campaigns/{campaign}/cancel", new { reason = secretName });
        cancelled.Status.ShouldBeOneOf(HttpStatusCode.OK, HttpStatusCode.Conflict);

        var entries = await WaitForEntries(app.Client(27, "compliance"), actor, 4);
        entries.Count.ShouldBe(4);
        entries.ShouldAllBe(e => e.GetProperty("actor").GetString() == actor);
        entries.Select(e => e.GetProperty("method").GetString()).ShouldBe(["POST", "POST", "PUT", "POST"]);
        entries.Select(e => e.GetProperty("route").GetString()).ShouldBe([
            "/api/v1/prospecting/campaigns/{id}/cancel", "/api/v1/prospecting/campaigns", "/api/v1/icps/{id}", "/api/v1/icps"]);
        entries.Select(e => e.GetProperty("status").GetInt32()).ShouldBe([(int)cancelled.Status, 202, 200, 201]);
        entries[0].GetProperty("ids").GetProperty("id").GetGuid().ShouldBe(campaign);
        entries[2].GetProperty("ids").GetProperty("id").GetGuid().ShouldBe(icp);
        entries[1].GetProperty("ids").EnumerateObject().ShouldBeEmpty();
        entries.ShouldAllBe(e => e.GetProperty("traceId").GetString()!.Length > 0);
        var times = entries.Select(e => e.GetProperty("at").GetDateTimeOffset()).ToList();
        times.ShouldBe(times.OrderByDescending(t => t).ToList());

        // Admins read the log too; other roles do not, and another tenant's compliance officer sees none of it.
        (await app.Client(27, "admin").Get($"{Log}?actor={actor}")).ShouldHave(HttpStatusCode.OK).Json.GetProperty("items")
            .GetArrayLength().ShouldBe(4);
        (await app.Client(27).Get(Log)).ShouldBeProblem(HttpStatusCode.Forbidden);
        (await app.Client(27, "analyst").Get(Log)).ShouldBeProblem(HttpStatusCode.Forbidden);
        (await prospector.Get(Log)).ShouldBeProblem(HttpStatusCode.Forbidden);
        (await app.Client(26, "compliance").Get($"{Log}?actor={actor}")).ShouldHave(HttpStatusCode.OK).Json.GetProperty("items")
            .GetArrayLength().ShouldBe(0);
        (await app.Client(26, "compliance").Get($"{Log}?limit=200")).Body.ShouldNotContain(actor);

        // Neither the bodies nor the query strings reach the log, in the answer or in the database.
        var answer = (await app.Client(27, "compliance").Get($"{Log}?actor={actor}")).Body;
        var stored = await StoredEntries(actor);
        stored.Count.ShouldBe(4);
        foreach (var text in stored.Append(answer))
        {
            text.ShouldNotContain("Zanzibar", Case.Insensitive);
            text.ShouldNotContain(secretQuery, Case.Insensitive);
            text.ShouldNotContain("Data Engineer", Case.Insensitive);
        }
        stored.ShouldAllBe(row => row.Contains("tenant-27"));
    }

    [Fact]
    public async Task Rejected_requests_are_logged_with_their_status()
    {
        var actor = $"prospector-{Guid.NewGuid():N}";
        var prospector = Bearer(actor, "prospector");
        (await prospector.Post("/api/v1/icps", new { name = "", persona = "" })).ShouldBeProblem(HttpStatusCode.BadRequest, "name");
        var unknown = Guid.NewGuid();
        (await prospector.Put($"/api/v1/icps/{unknown}", Scenarios.DataEngineerIcp())).ShouldBeProblem(HttpStatusCode.NotFound);
        (await prospector.Post("/api/v1/icps", "{ not json")).ShouldBeProblem(HttpStatusCode.BadRequest);

        var entries = await WaitForEntries(app.Client(27, "compliance"), actor, 3);
        entries.Select(e => (e.GetProperty("method").GetString(), e.GetProperty("route").GetString(), e.GetProperty("status").GetInt32()))
            .ShouldBe([("POST", "/api/v1/icps", 400), ("PUT", "/api/v1/icps/{id}", 404), ("POST", "/api/v1/icps", 400)]);
        entries[1].GetProperty("ids").GetProperty("id").GetGuid().ShouldBe(unknown);
    }

    [Fact]
    public async Task The_log_pages_newest_first_and_filters_by_time()
    {
        var actor = $"prospector-{Guid.NewGuid():N}";
        var prospector = Bearer(actor, "prospector");
        for (var i = 0; i < 5; i++) (await prospector.Post("/api/v1/icps", new { name = "" })).ShouldHave(HttpStatusCode.BadRequest);
        var compliance = app.Client(27, "compliance");
        var all = await WaitForEntries(compliance, actor, 5);

        var paged = new List<JsonElement>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = (await compliance.Get($"{Log}?actor={actor}&limit=2" + (cursor is null ? "" : $"&after={Uri.EscapeDataString(cursor)}")))
                .ShouldHave(HttpStatusCode.OK).Json;
            paged.AddRange(page.GetProperty("items").EnumerateArray().Select(e => e.Clone()));
            cursor = page.GetProperty("nextCursor").GetString();
            pages++;
        } while (cursor is not null);
        pages.ShouldBe(3);
        paged.Select(e => e.GetProperty("id").GetGuid()).ShouldBe(all.Select(e => e.GetProperty("id").GetGuid()));

        var newest = all[0].GetProperty("at").GetDateTimeOffset();
        var oldest = all[^1].GetProperty("at").GetDateTimeOffset();
        var before = (await compliance.Get($"{Log}?actor={actor}&to={Uri.EscapeDataString(newest.ToString("O"))}")).Json.GetProperty("items");
        before.GetArrayLength().ShouldBe(4);
        var window = (await compliance.Get($"{Log}?actor={actor}&from={Uri.EscapeDataString(oldest.ToString("O"))}" +
                                           $"&to={Uri.EscapeDataString(oldest.AddTicks(10).ToString("O"))}")).Json.GetProperty("items");
        window.EnumerateArray().Single().GetProperty("id").GetGuid().ShouldBe(all[^1].GetProperty("id").GetGuid());
        // The same instants written with another offset are the same instants.
        var minus5 = TimeSpan.FromHours(-5);
        var windowInBogota = (await compliance.Get($"{Log}?actor={actor}&from={Uri.EscapeDataString(oldest.ToOffset(minus5).ToString("O"))}" +
                                                   $"&to={Uri.EscapeDataString(oldest.AddTicks(10).ToOffset(minus5).ToString("O"))}")).ShouldHave(HttpStatusCode.OK)
            .Json.GetProperty("items");
        windowInBogota.EnumerateArray().Single().GetProperty("id").GetGuid().ShouldBe(all[^1].GetProperty("id").GetGuid());

        (await compliance.Get($"{Log}?limit=0")).ShouldBeProblem(HttpStatusCode.BadRequest, "limit");
        (await compliance.Get($"{Log}?after=not-a-cursor")).ShouldBeProblem(HttpStatusCode.BadRequest, "after");
        (await compliance.Get($"{Log}?from=2030-01-02T00:00:00Z&to=2030-01-01T00:00:00Z")).ShouldBeProblem(HttpStatusCode.BadRequest, "to");
    }

    /// <summary>Entries are written just after the response, so a client may ask a moment before they are there.</summary>
    public static async Task<List<JsonElement>> WaitForEntries(ApiClient reader, string actor, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            var items = (await reader.Get($"{Log}?actor={Uri.EscapeDataString(actor)}&limit=200")).ShouldHave(HttpStatusCode.OK).Json
                .GetProperty("items").EnumerateArray().Select(e => e.Clone()).ToList();
            if (items.Count >= count || DateTime.UtcNow > deadline) return items;
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }

    private async Task<List<string>> StoredEntries(string actor)
    {
        await using var db = new NpgsqlConnection(app.ConnectionString);
        await db.OpenAsync(TestContext.Current.CancellationToken);
        await using var read = new NpgsqlCommand("select e::text from leadgen.mt_doc_requestauditentry e where e.data->>'actor' = @actor", db);
        read.Parameters.AddWithValue("actor", actor);
        var rows = new List<string>();
        await using var reader = await read.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        while (await reader.ReadAsync(TestContext.Current.CancellationToken)) rows.Add(reader.GetString(0));
        return rows;
    }

    private ApiClient Bearer(string subject, string role)
    {
        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = AppFixture.JwtIssuer,
            Audience = AppFixture.JwtAudience,
            Subject = new ClaimsIdentity([new Claim("sub", subject), new Claim("tenant", AppFixture.TenantName(27)), new Claim("role", role)]),
            Expires = DateTime.UtcNow.AddMinutes(10),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(AppFixture.JwtSigningKey)),
                SecurityAlgorithms.HmacSha256),
        });
        var http = app.Host.Server.CreateClient();
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return new ApiClient(http, null);
    }
}
