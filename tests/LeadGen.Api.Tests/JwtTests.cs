using System.Net;
using System.Security.Claims;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace LeadGen.Api.Tests;

/// <summary>JWT bearer tokens from the organisation's identity provider work like API keys: the tenant and roles come
/// from the token's claims; a token that is expired, for another audience or signed with another key is a 401.</summary>
public class JwtTests(AppFixture app)
{
    [Fact]
    public async Task A_valid_token_acts_for_its_tenant_with_its_roles()
    {
        var prospector = Bearer(Token("tenant-23", "prospector"));
        var created = (await prospector.Post("/api/v1/icps", Scenarios.DataEngineerIcp("From a token"))).ShouldHave(HttpStatusCode.Created).Json;
        var id = created.GetProperty("id").GetGuid();
        // The token's tenant is the API key's tenant-23: the same data.
        (await app.Client(23).Get($"/api/v1/icps/{id}")).ShouldHave(HttpStatusCode.OK);
        (await app.Client(22).Get($"/api/v1/icps/{id}")).ShouldBeProblem(HttpStatusCode.NotFound);

        var analyst = Bearer(Token("tenant-23", "analyst"));
        (await analyst.Get($"/api/v1/icps/{id}")).ShouldHave(HttpStatusCode.OK);
        (await analyst.Post("/api/v1/icps", Scenarios.DataEngineerIcp())).ShouldBeProblem(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Expired_foreign_or_forged_tokens_are_refused()
    {
        (await Bearer(Token("tenant-23", "prospector", expires: DateTime.UtcNow.AddMinutes(-5))).Get("/api/v1/icps"))
            .ShouldBeProblem(HttpStatusCode.Unauthorized);
        (await Bearer(Token("tenant-23", "prospector", audience: "another-api")).Get("/api/v1/icps")).ShouldBeProblem(HttpStatusCode.Unauthorized);
        (await Bearer(Token("tenant-23", "prospector", key: "another-signing-key-of-at-least-32-bytes")).Get("/api/v1/icps"))
            .ShouldBeProblem(HttpStatusCode.Unauthorized);
        (await Bearer("not.a.token").Get("/api/v1/icps")).ShouldBeProblem(HttpStatusCode.Unauthorized);
    }

    private ApiClient Bearer(string token)
    {
        var http = app.Host.Server.CreateClient();
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return new ApiClient(http, null);
    }

    private static string Token(string tenant, string role, DateTime? expires = null, string audience = AppFixture.JwtAudience,
        string key = AppFixture.JwtSigningKey) =>
        new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = AppFixture.JwtIssuer,
            Audience = audience,
            Subject = new ClaimsIdentity([new Claim("sub", "jwt-user"), new Claim("tenant", tenant), new Claim("role", role)]),
            NotBefore = (expires ?? DateTime.UtcNow.AddMinutes(10)).AddMinutes(-20),
            Expires = expires ?? DateTime.UtcNow.AddMinutes(10),
            IssuedAt = (expires ?? DateTime.UtcNow.AddMinutes(10)).AddMinutes(-20),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key)), SecurityAlgorithms.HmacSha256),
        });
}
