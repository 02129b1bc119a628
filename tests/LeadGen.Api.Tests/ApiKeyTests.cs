using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Npgsql;

namespace LeadGen.Api.Tests;

/// <summary>Admins issue API keys for their tenant through the API: the key is shown once, stored as its hash only,
/// works with its roles in its tenant alone, and stops working on the request after it is revoked.</summary>
public class ApiKeyTests(AppFixture app)
{
    private const string Keys = "/api/v1/admin/api-keys";

    [Fact]
    public async Task An_issued_key_acts_with_its_roles_in_its_tenant_only()
    {
        var mine = await app.Client(26).CreateIcp(Scenarios.DataEngineerIcp("Tenant 26 ICP for keys"));
        var theirs = await app.Client(27).CreateIcp(Scenarios.DataEngineerIcp("Tenant 27 ICP for keys"));
        var name = Unique("analyst key");
        var issued = (await app.Client(26, "admin").Post(Keys, new { name, roles = new[] { "analyst" } })).ShouldHave(HttpStatusCode.Created).Json;

        var key = issued.GetProperty("key").GetString()!;
        key.ShouldStartWith("lg_");
        Convert.FromBase64String(ToBase64(key["lg_".Length..])).Length.ShouldBe(32);
        issued.GetProperty("name").GetString().ShouldBe(name);
        issued.GetProperty("roles").EnumerateArray().Select(r => r.GetString()).ShouldBe(["analyst"]);
        issued.GetProperty("createdBy").GetString().ShouldNotBeNullOrEmpty();
        issued.GetProperty("createdAt").GetDateTimeOffset().ShouldBeGreaterThan(DateTimeOffset.UtcNow.AddMinutes(-5));

        var analyst = WithKey(key);
        var list = (await analyst.Get("/api/v1/icps?limit=200")).ShouldHave(HttpStatusCode.OK).Json.GetProperty("items").EnumerateArray()
            .Select(i => i.GetProperty("id").GetGuid()).ToList();
        list.ShouldContain(mine);
        list.ShouldNotContain(theirs);
        (await analyst.Get($"/api/v1/icps/{mine}")).ShouldHave(HttpStatusCode.OK);
        (await analyst.Get($"/api/v1/icps/{theirs}")).ShouldBeProblem(HttpStatusCode.NotFound);
        (await analyst.Post("/api/v1/icps", Scenarios.DataEngineerIcp())).ShouldBeProblem(HttpStatusCode.Forbidden);
        (await analyst.Get(Keys)).ShouldBeProblem(HttpStatusCode.Forbidden);

        // A key looking like an issued one but never issued is refused like any unknown key.
        (await WithKey("lg_" + new string('A', 43)).Get("/api/v1/icps")).ShouldBeProblem(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task The_list_shows_the_tenants_keys_but_never_a_key_or_its_hash()
    {
        var admin = app.Client(26, "admin");
        var (id, key) = await Issue(admin, Unique("listed key"), "prospector", "analyst");

        var body = (await admin.Get(Keys)).ShouldHave(HttpStatusCode.OK).Body;
        body.ShouldNotContain(key);
        body.ShouldNotContain(Hash(key), Case.Insensitive);
        var listed = JsonDocument.Parse(body).RootElement.GetProperty("items").EnumerateArray().Single(k => k.GetProperty("id").GetGuid() == id);
        listed.GetProperty("roles").EnumerateArray().Select(r => r.GetString()).ShouldBe(["prospector", "analyst"]);
        key.ShouldStartWith(listed.GetProperty("prefix").GetString()!);
        listed.GetProperty("prefix").GetString()!.Length.ShouldBeLessThan(12);
        listed.GetProperty("revokedAt").ValueKind.ShouldBe(JsonValueKind.Null);
        listed.TryGetProperty("key", out _).ShouldBeFalse();
        listed.TryGetProperty("keyHash", out _).ShouldBeFalse();

        (await app.Client(27, "admin").Get(Keys)).ShouldHave(HttpStatusCode.OK).Json.GetProperty("items").EnumerateArray()
            .ShouldNotContain(k => k.GetProperty("id").GetGuid() == id);
    }

    [Fact]
    public async Task A_revoked_key_is_refused_from_the_next_request_on()
    {
        var admin = app.Client(26, "admin");
        var (id, key) = await Issue(admin, Unique("revoked key"), "prospector");
        var prospector = WithKey(key);
        await prospector.CreateIcp();

        (await admin.Send(HttpMethod.Delete, $"{Keys}/{id}")).ShouldHave(HttpStatusCode.NoContent);
        (await prospector.Get("/api/v1/icps")).ShouldBeProblem(HttpStatusCode.Unauthorized);
        (await prospector.Post("/api/v1/icps", Scenarios.DataEngineerIcp())).ShouldBeProblem(HttpStatusCode.Unauthorized);

        // Revoking again changes nothing and says so the same way.
        (await admin.Send(HttpMethod.Delete, $"{Keys}/{id}")).ShouldHave(HttpStatusCode.NoContent);
        var listed = (await admin.Get(Keys)).Json.GetProperty("items").EnumerateArray().Single(k => k.GetProperty("id").GetGuid() == id);
        listed.GetProperty("revokedAt").GetDateTimeOffset().ShouldBeGreaterThan(listed.GetProperty("createdAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task Only_admins_issue_list_and_revoke_keys()
    {
        var (id, key) = await Issue(app.Client(26, "admin"), Unique("kept key"), "analyst");
        foreach (var role in new[] { "prospector", "analyst", "compliance" })
        {
            var caller = app.Client(26, role);
            (await caller.Post(Keys, new { name = Unique("not allowed"), roles = new[] { "admin" } })).ShouldBeProblem(HttpStatusCode.Forbidden);
            (await caller.Get(Keys)).ShouldBeProblem(HttpStatusCode.Forbidden);
            (await caller.Send(HttpMethod.Delete, $"{Keys}/{id}")).ShouldBeProblem(HttpStatusCode.Forbidden);
        }
        (await WithKey(key).Get("/api/v1/icps")).ShouldHave(HttpStatusCode.OK);
        (await new ApiClient(app.Host.Server.CreateClient(), null).Get(Keys)).ShouldBeProblem(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Another_tenants_key_and_an_unknown_one_are_not_found()
    {
        var (id, key) = await Issue(app.Client(26, "admin"), Unique("foreign key"), "analyst");
        var stranger = app.Client(27, "admin");
        (await stranger.Send(HttpMethod.Delete, $"{Keys}/{id}")).ShouldBeProblem(HttpStatusCode.NotFound);
        (await stranger.Send(HttpMethod.Delete, $"{Keys}/{Guid.NewGuid()}")).ShouldBeProblem(HttpStatusCode.NotFound);
        (await WithKey(key).Get("/api/v1/icps")).ShouldHave(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Invalid_requests_are_400_with_the_fields_at_fault()
    {
        var admin = app.Client(26, "admin");
        (await admin.Post(Keys, new { name = "", roles = new[] { "analyst" } })).ShouldBeProblem(HttpStatusCode.BadRequest, "name");
        (await admin.Post(Keys, new { name = new string('k', 101), roles = new[] { "analyst" } })).ShouldBeProblem(HttpStatusCode.BadRequest, "name");
        (await admin.Post(Keys, new { name = "no roles", roles = Array.Empty<string>() })).ShouldBeProblem(HttpStatusCode.BadRequest, "roles");
        (await admin.Post(Keys, new { name = "missing roles" })).ShouldBeProblem(HttpStatusCode.BadRequest, "roles");
        (await admin.Post(Keys, new { name = "bad role", roles = new[] { "analyst", "root" } }))
            .ShouldBeProblem(HttpStatusCode.BadRequest, "roles[1]");
        (await admin.Post(Keys, new { roles = "analyst" })).ShouldBeProblem(HttpStatusCode.BadRequest, "roles");
        (await admin.Post(Keys, new { name = new string('k', 100), roles = new[] { "admin" } })).ShouldHave(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Only_the_hash_of_a_key_is_stored()
    {
        var (id, key) = await Issue(app.Client(26, "admin"), Unique("stored key"), "analyst");

        await using var db = new NpgsqlConnection(app.ConnectionString);
        await db.OpenAsync(TestContext.Current.CancellationToken);
        await using var read = new NpgsqlCommand("select k::text from leadgen.mt_doc_issuedapikey k where k.id = @id", db);
        read.Parameters.AddWithValue("id", id);
        var row = (string?)await read.ExecuteScalarAsync(TestContext.Current.CancellationToken);

        row.ShouldNotBeNull();
        row.ShouldContain(Hash(key));
        row.ShouldContain("tenant-26");
        row.ShouldNotContain(key);
        row.ShouldNotContain(key["lg_".Length..]);
    }

    [Fact]
    public async Task Requests_made_with_an_issued_key_are_logged_under_its_name()
    {
        var name = Unique("logged key");
        var (_, key) = await Issue(app.Client(26, "admin"), name, "prospector");
        var icp = await WithKey(key).CreateIcp();
        (await WithKey(key).Put($"/api/v1/icps/{icp}", Scenarios.DataEngineerIcp("Renamed by key"))).ShouldHave(HttpStatusCode.OK);

        var entries = await RequestLogTests.WaitForEntries(app.Client(26, "compliance"), $"api-key:{name}", 2);
        entries.Select(e => e.GetProperty("route").GetString()).ShouldBe(["/api/v1/icps/{id}", "/api/v1/icps"]);
        entries[0].GetProperty("ids").GetProperty("id").GetGuid().ShouldBe(icp);
    }

    private ApiClient WithKey(string key) => new(app.Host.Server.CreateClient(), key);

    private static async Task<(Guid Id, string Key)> Issue(ApiClient admin, string name, params string[] roles)
    {
        var issued = (await admin.Post(Keys, new { name, roles })).ShouldHave(HttpStatusCode.Created).Json;
        return (issued.GetProperty("id").GetGuid(), issued.GetProperty("key").GetString()!);
    }

    private static string Unique(string name) => $"{name} {Guid.NewGuid():N}"[..(name.Length + 9)];

    private static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    private static string ToBase64(string base64Url)
    {
        var s = base64Url.Replace('-', '+').Replace('_', '/');
        return s.PadRight(s.Length + (4 - s.Length % 4) % 4, '=');
    }
}
