using System.Text;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;

namespace LeadGen.Api.Auth;

/// <summary>
/// Callers authenticate with an API key (<c>X-Api-Key</c>) or a JWT bearer token from the organisation's identity
/// provider (<c>Auth:Jwt:Issuer</c>, <c>:Audience</c>, <c>:SigningKey</c>, HMAC-SHA256). A token names the tenant in its
/// <c>tenant</c> claim, the actor in <c>sub</c> (or <c>name</c>) and the roles in <c>role</c>. Which scheme applies is
/// decided per request by the header it carries; JWT is off until a signing key is configured.
/// </summary>
public static class JwtAuthentication
{
    public const string SchemeName = "api-key-or-jwt";

    public static AuthenticationBuilder AddLeadGenAuthentication(this IServiceCollection services, IConfiguration configuration)
    {
        var jwt = configuration.GetSection("Auth:Jwt");
        var signingKey = jwt["SigningKey"];
        var builder = services.AddAuthentication(SchemeName)
            .AddPolicyScheme(SchemeName, "API key or JWT bearer", options => options.ForwardDefaultSelector = context =>
                signingKey is not null && context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? JwtBearerDefaults.AuthenticationScheme
                    : ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        if (string.IsNullOrEmpty(signingKey)) return builder;
        if (Encoding.UTF8.GetByteCount(signingKey) < 32)
            throw new InvalidOperationException("Auth:Jwt:SigningKey must be at least 32 bytes (HMAC-SHA256).");

        return builder.AddJwtBearer(options =>
        {
            // Claims keep the names the token gives them ("role", "tenant", "sub"), not WS-Federation URIs.
            options.MapInboundClaims = false;
            options.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = jwt["Issuer"] ?? throw new InvalidOperationException("Auth:Jwt:Issuer is required with a signing key."),
                ValidAudience = jwt["Audience"] ?? throw new InvalidOperationException("Auth:Jwt:Audience is required with a signing key."),
                IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(signingKey)),
                ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                NameClaimType = "sub",
                RoleClaimType = "role",
                ClockSkew = TimeSpan.FromSeconds(30),
            };
            options.Events = new JwtBearerEvents
            {
                // Every request acts within one tenant's data: a token that names none is not a credential for this API.
                OnTokenValidated = context =>
                {
                    if (string.IsNullOrWhiteSpace(context.Principal?.FindFirst(LeadGenClaims.Tenant)?.Value))
                        context.Fail("The token names no tenant.");
                    return Task.CompletedTask;
                },
                // The same problem details as a missing API key, and nothing about why the token was refused.
                OnChallenge = async context =>
                {
                    context.HandleResponse();
                    await Problems.Write(context.HttpContext, StatusCodes.Status401Unauthorized, "Authentication required",
                        "Send a valid API key in the X-Api-Key header or a valid bearer token.");
                },
                OnForbidden = context => Problems.Write(context.HttpContext, StatusCodes.Status403Forbidden, "Forbidden",
                    "Your role does not allow this request."),
            };
        });
    }
}
