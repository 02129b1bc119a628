using System.Buffers.Text;
using System.Net.Http.Json;
using System.Text.Json;
using LeadGen.Infrastructure.Providers;
using Microsoft.Extensions.Options;

namespace LeadGen.Infrastructure.Enrichment.ZoomInfo;

/// <summary>
/// The JWT that ZoomInfo's POST /authenticate hands out, shared by every ZoomInfo call in the process through the
/// shared <see cref="AccessTokenCache"/>: ZoomInfo limits /authenticate to about one request a second, so the token is
/// reused until shortly before it expires (<see cref="ProviderOptions.TokenRefreshMarginSeconds"/>), concurrent callers
/// wait for one login, and a refused token is renewed once. It logs in over the "zoominfo" client of the provider
/// pipeline, the same one <see cref="ZoomInfoApi"/> calls through.
/// </summary>
public sealed class ZoomInfoTokenCache
{
    private readonly IHttpClientFactory clients;
    private readonly IOptionsMonitor<ProviderOptions> options;
    private readonly TimeProvider time;

    public ZoomInfoTokenCache(IHttpClientFactory clients, TimeProvider time, IOptionsMonitor<ProviderOptions> options)
    {
        ArgumentNullException.ThrowIfNull(clients);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(options);
        this.clients = clients;
        this.options = options;
        this.time = time;
        Tokens = new AccessTokenCache(AuthenticateAsync, time,
            () => TimeSpan.FromSeconds(options.Get(ZoomInfoApi.ProviderName).TokenRefreshMarginSeconds));
    }

    public AccessTokenCache Tokens { get; }

    private async Task<AccessToken> AuthenticateAsync(CancellationToken ct)
    {
        var settings = options.Get(ZoomInfoApi.ProviderName);
        using var request = new HttpRequestMessage(HttpMethod.Post, "authenticate")
        {
            Content = JsonContent.Create(new { username = settings.Username, password = settings.Password }),
        };
        var http = clients.CreateClient(ZoomInfoApi.ProviderName);
        using var response = await http.SendAsync(ZoomInfoApi.Profile, ZoomInfoApi.AuthenticateOperation, request, ct);
        if (!response.IsSuccessStatusCode)
            throw ProviderFailures.FromResponse(ZoomInfoApi.Profile, ZoomInfoApi.AuthenticateOperation, response, time);

        var answer = await response.ReadJsonAsync<ZoomInfoAuthentication>(ZoomInfoApi.Profile, ZoomInfoApi.AuthenticateOperation, ct);
        if (string.IsNullOrWhiteSpace(answer.Jwt)) throw ProviderFailures.Unreadable(ZoomInfoApi.Profile, ZoomInfoApi.AuthenticateOperation);
        var token = ZoomInfoToken.From(answer.Jwt, time.GetUtcNow());
        return new AccessToken(token.Jwt, token.ExpiresAt);
    }
}

/// <summary>A ZoomInfo access token. Deliberately not a record: its text must never show up in a ToString().</summary>
public sealed class ZoomInfoToken
{
    /// <summary>ZoomInfo documents tokens from username/password login as valid for 60 minutes.</summary>
    public static readonly TimeSpan DocumentedLifetime = TimeSpan.FromMinutes(60);

    private ZoomInfoToken(string jwt, DateTimeOffset expiresAt)
    {
        Jwt = jwt;
        ExpiresAt = expiresAt;
    }

    public string Jwt { get; }
    public DateTimeOffset ExpiresAt { get; }

    /// <summary>Reads the expiry from the JWT's own "exp" claim (its signature is ZoomInfo's business, not ours); when
    /// the token carries none, assumes the documented lifetime from <paramref name="issuedAt"/>.</summary>
    public static ZoomInfoToken From(string jwt, DateTimeOffset issuedAt)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(jwt);
        return new ZoomInfoToken(jwt, ExpiryClaim(jwt) ?? issuedAt + DocumentedLifetime);
    }

    public override string ToString() => $"ZoomInfo token expiring {ExpiresAt:O}";

    private static DateTimeOffset? ExpiryClaim(string jwt)
    {
        var parts = jwt.Split('.');
        if (parts.Length != 3) return null;
        try
        {
            using var payload = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1]));
            return payload.RootElement.ValueKind == JsonValueKind.Object
                && payload.RootElement.TryGetProperty("exp", out var exp)
                && exp.TryGetInt64(out var seconds)
                    ? DateTimeOffset.FromUnixTimeSeconds(seconds)
                    : null;
        }
        catch (Exception exception) when (exception is FormatException or JsonException or ArgumentOutOfRangeException)
        {
            return null;
        }
    }
}
