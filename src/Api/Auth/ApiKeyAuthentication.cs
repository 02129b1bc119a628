using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using LeadGen.Application.Features.Admin;
using Marten;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace LeadGen.Api.Auth;

/// <summary>An API key from configuration (Auth:ApiKeys:N:Key, :Tenant, :Roles:M, optional :Name).</summary>
public sealed class ConfiguredApiKey
{
    public string Key { get; set; } = "";
    public string Tenant { get; set; } = "";
    public string? Name { get; set; }
    public List<string> Roles { get; set; } = [];
}

public sealed class AuthOptions
{
    public List<ConfiguredApiKey> ApiKeys { get; set; } = [];
}

public static class LeadGenClaims
{
    public const string Tenant = "tenant";
}

/// <summary>
/// Authenticates the X-Api-Key header against the configured keys, then against the keys admins issued (looked up by
/// hash across tenants); the key decides the tenant and roles. Issued keys are read from the database on every request
/// and never cached, so a revocation refuses the very next request.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptionsMonitor<AuthOptions> auth,
    IDocumentStore store) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string Header = "X-Api-Key";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(Header, out var header) || string.IsNullOrEmpty(header))
            return AuthenticateResult.NoResult();
        var presented = header.ToString();

        var key = auth.CurrentValue.ApiKeys.FirstOrDefault(k => SameKey(k.Key, presented));
        if (key is not null && !string.IsNullOrWhiteSpace(key.Tenant))
            return Success(key.Name ?? $"api-key:{Fingerprint(key.Key)}", key.Tenant, key.Roles);

        if (ApiKeySecret.LooksIssued(presented) && await FindIssued(presented) is { TenantId: { Length: > 0 } tenant } issued)
            return Success($"api-key:{issued.Name}", tenant, issued.Roles);
        return AuthenticateResult.Fail("Unknown API key.");
    }

    // A lookup by the hash of a 256-bit random secret reveals nothing through its timing, unlike comparing keys.
    private async Task<IssuedApiKey?> FindIssued(string presented)
    {
        var hash = ApiKeySecret.Hash(presented);
        await using var session = store.QuerySession();
        return await session.Query<IssuedApiKey>()
            .Where(x => x.AnyTenant() && x.KeyHash == hash && x.RevokedAt == null)
            .FirstOrDefaultAsync(Context.RequestAborted);
    }

    private AuthenticateResult Success(string actor, string tenant, IEnumerable<string> roles)
    {
        var claims = new List<Claim> { new(ClaimTypes.Name, actor), new(LeadGenClaims.Tenant, tenant) };
        claims.AddRange(roles.Select(r => new Claim(ClaimTypes.Role, r)));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        Problems.Write(Context, StatusCodes.Status401Unauthorized, "Authentication required",
            $"Send a valid API key in the {Header} header.");

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Problems.Write(Context, StatusCodes.Status403Forbidden, "Forbidden", "Your role does not allow this request.");

    // Comparing hashes in fixed time tells an attacker nothing about how much of a guessed key was right.
    private static bool SameKey(string configured, string presented) =>
        configured.Length > 0 && CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(configured)), SHA256.HashData(Encoding.UTF8.GetBytes(presented)));

    private static string Fingerprint(string key) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..8].ToLowerInvariant();
}
