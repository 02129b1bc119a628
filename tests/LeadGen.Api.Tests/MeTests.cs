using System.Net;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace LeadGen.Api.Tests;

/// <summary>GET /api/v1/me tells a caller who they are and what their roles let them do, by the same rules the API
/// enforces: any role may ask, a caller without a credential gets a 401 problem, and asking leaves nothing on the
/// request log (the dashboard signs in with it instead of trying requests that would be refused).</summary>
public class MeTests(AppFixture app)
{
    private const string Me = "/api/v1/me";
    private const int Tenant = 23;

    [Theory]
    [InlineData("prospector", true, false)]
    [InlineData("analyst", false, false)]
    [InlineData("compliance", false, true)]
    [InlineData("admin", true, true)]
    public async Task Each_role_learns_what_it_may_do_and_the_API_agrees(string role, bool canChange, bool canUseCompliance)
    {
        var caller = app.Client(Tenant, role);
        var me = (await caller.Get(Me)).ShouldHave(HttpStatusCode.OK).Json;

        me.GetProperty("tenant").GetString().ShouldBe(AppFixture.TenantName(Tenant));
        me.GetProperty("actor").GetString()!.ShouldStartWith("api-key:");
        me.GetProperty("actor").GetString()!.ShouldNotContain(AppFixture.KeyOf(Tenant, role));
        me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()).ShouldBe([role]);
        me.GetProperty("canChange").GetBoolean().ShouldBe(canChange);
        me.GetProperty("canUseCompliance").GetBoolean().ShouldBe(canUseCompliance);

        // What the API does with the same credential: an empty ICP is invalid (400) for whoever may change, else 403.
        (await caller.Post("/api/v1/icps", new { })).ShouldBeProblem(canChange ? HttpStatusCode.BadRequest : HttpStatusCode.Forbidden);
        (await caller.Get("/api/v1/compliance/processing-records")).Status
            .ShouldBe(canUseCompliance ? HttpStatusCode.OK : HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_JWT_caller_is_its_subject_with_every_role_of_the_token()
    {
        var subject = $"me-{Guid.NewGuid():N}";
        var me = (await Bearer(Token(subject, AppFixture.TenantName(Tenant), "analyst", "compliance")).Get(Me)).ShouldHave(HttpStatusCode.OK).Json;

        me.GetProperty("actor").GetString().ShouldBe(subject);
        me.GetProperty("tenant").GetString().ShouldBe(AppFixture.TenantName(Tenant));
        me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()).ShouldBe(["analyst", "compliance"], ignoreOrder: true);
        me.GetProperty("canChange").GetBoolean().ShouldBeFalse();
        me.GetProperty("canUseCompliance").GetBoolean().ShouldBeTrue();

        var prospector = (await Bearer(Token(subject, AppFixture.TenantName(Tenant), "prospector")).Get(Me)).ShouldHave(HttpStatusCode.OK).Json;
        prospector.GetProperty("canChange").GetBoolean().ShouldBeTrue();
        prospector.GetProperty("canUseCompliance").GetBoolean().ShouldBeFalse();
    }

    [Fact]
    public async Task Without_a_valid_credential_it_is_a_401_problem()
    {
        (await new ApiClient(app.Host.Server.CreateClient(), null).Get(Me)).ShouldBeProblem(HttpStatusCode.Unauthorized);
        (await new ApiClient(app.Host.Server.CreateClient(), $"test-key-{Tenant}-intruder").Get(Me)).ShouldBeProblem(HttpStatusCode.Unauthorized);
        (await Bearer("not.a.token").Get(Me)).ShouldBeProblem(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_token_without_a_known_role_or_without_a_tenant_is_refused()
    {
        (await Bearer(Token("me-no-role", AppFixture.TenantName(Tenant), "intern")).Get(Me)).ShouldBeProblem(HttpStatusCode.Forbidden);
        (await Bearer(Token("me-no-tenant", null, "analyst")).Get(Me)).ShouldBeProblem(HttpStatusCode.Unauthorized);
        // Not only here: a token naming no tenant used to pass authentication and fail with a 500 on any data endpoint.
        (await Bearer(Token("me-no-tenant", null, "analyst")).Get("/api/v1/icps")).ShouldBeProblem(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Asking_is_not_on_the_request_log()
    {
        var subject = $"me-{Guid.NewGuid():N}";
        var caller = Bearer(Token(subject, AppFixture.TenantName(Tenant), "prospector"));
        for (var i = 0; i < 3; i++) (await caller.Get(Me)).ShouldHave(HttpStatusCode.OK);
        // A change after them, which is logged: once its entry is there, any entry for the earlier requests would be too.
        (await caller.Post("/api/v1/icps", new { })).ShouldBeProblem(HttpStatusCode.BadRequest);

        var entries = await RequestLogTests.WaitForEntries(app.Client(Tenant, "compliance"), subject, 1);
        entries.Select(e => (e.GetProperty("method").GetString(), e.GetProperty("route").GetString())).ShouldBe([("POST", "/api/v1/icps")]);
        await Task.Delay(500, TestContext.Current.CancellationToken);
        (await app.Client(Tenant, "compliance").Get($"/api/v1/compliance/requests?actor={subject}")).ShouldHave(HttpStatusCode.OK).Json
            .GetProperty("items").GetArrayLength().ShouldBe(1);
        (await app.Client(Tenant, "admin").Get("/api/v1/compliance/requests?limit=200")).ShouldHave(HttpStatusCode.OK).Json
            .GetProperty("items").EnumerateArray().ShouldNotContain(e => e.GetProperty("route").GetString() == Me);
    }

    [Fact]
    public async Task It_is_in_the_OpenAPI_document_with_its_answer_typed()
    {
        var http = app.Host.Server.CreateClient();
        var document = JsonDocument.Parse(await http.GetStringAsync("/openapi/v1.json", TestContext.Current.CancellationToken)).RootElement;
        var get = document.GetProperty("paths").GetProperty(Me).GetProperty("get");
        get.GetProperty("operationId").GetString().ShouldBe("GetMe");
        var schema = get.GetProperty("responses").GetProperty("200").GetProperty("content").GetProperty("application/json").GetProperty("schema");
        var name = schema.GetProperty("$ref").GetString()!.Split('/')[^1];
        var properties = document.GetProperty("components").GetProperty("schemas").GetProperty(name).GetProperty("properties");
        properties.EnumerateObject().Select(p => p.Name).ShouldBe(["actor", "tenant", "roles", "canChange", "canUseCompliance"], ignoreOrder: true);
    }

    private ApiClient Bearer(string token)
    {
        var http = app.Host.Server.CreateClient();
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return new ApiClient(http, null);
    }

    private static string Token(string subject, string? tenant, params string[] roles)
    {
        var claims = new List<Claim> { new("sub", subject) };
        if (tenant is not null) claims.Add(new Claim("tenant", tenant));
        claims.AddRange(roles.Select(r => new Claim("role", r)));
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = AppFixture.JwtIssuer,
            Audience = AppFixture.JwtAudience,
            Subject = new ClaimsIdentity(claims),
            Expires = DateTime.UtcNow.AddMinutes(10),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(AppFixture.JwtSigningKey)),
                SecurityAlgorithms.HmacSha256),
        });
    }
}
