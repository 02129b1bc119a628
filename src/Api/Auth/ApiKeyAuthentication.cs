using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
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

/// <summary>Authenticates the X-Api-Key header against the configured keys; the key decides the tenant and roles.</summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptionsMonitor<AuthOptions> auth) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string Header = "X-Api-Key";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(Header, out var presented) || string.IsNullOrEmpty(presented))
            return Task.FromResult(AuthenticateResult.NoResult());

        var key = auth.CurrentValue.ApiKeys.FirstOrDefault(k => SameKey(k.Key, presented.ToString()));
        if (key is null || string.IsNullOrWhiteSpace(key.Tenant))
            return Task.FromResult(AuthenticateResult.Fail("Unknown API key."));

        var claims = new List<Claim>
        {
            new(ClaimTypes.Name, key.Name ?? $"api-key:{Fingerprint(key.Key)}"),
            new(LeadGenClaims.Tenant, key.Tenant),
        };
        claims.AddRange(key.Roles.Select(r => new Claim(ClaimTypes.Role, r)));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName)));
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
