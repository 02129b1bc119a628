using System.Buffers.Text;
using System.Text.Json;
using LeadGen.Infrastructure.Providers;
using Microsoft.Extensions.Options;

namespace LeadGen.Infrastructure.Enrichment.ZoomInfo;

/// <summary>
/// The JWT that ZoomInfo's POST /authenticate hands out, shared by every ZoomInfo call in the process. ZoomInfo limits
/// /authenticate to about one request a second, so the token is reused until shortly before it expires
/// (<see cref="ProviderOptions.TokenRefreshMarginSeconds"/>), and concurrent callers wait for one login rather than
/// each starting their own.
/// </summary>
public sealed class ZoomInfoTokenCache
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly TimeProvider time;
    private readonly IOptionsMonitor<ProviderOptions> options;
    private ZoomInfoToken? current;

    public ZoomInfoTokenCache(TimeProvider time, IOptionsMonitor<ProviderOptions> options)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(options);
        this.time = time;
        this.options = options;
    }

    /// <summary>The cached token, or a new one from <paramref name="authenticate"/> when there is none or it is about
    /// to expire.</summary>
    public async Task<ZoomInfoToken> GetAsync(Func<CancellationToken, Task<ZoomInfoToken>> authenticate, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(authenticate);
        if (current is { } cached && IsFresh(cached)) return cached;

        await gate.WaitAsync(ct);
        try
        {
            if (current is { } renewedMeanwhile && IsFresh(renewedMeanwhile)) return renewedMeanwhile;
            current = await authenticate(ct);
            return current;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>A new token after ZoomInfo refused <paramref name="rejected"/>, unless another call already replaced
    /// it while this one waited.</summary>
    public async Task<ZoomInfoToken> RenewAsync(ZoomInfoToken rejected, Func<CancellationToken, Task<ZoomInfoToken>> authenticate,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(authenticate);
        await gate.WaitAsync(ct);
        try
        {
            if (current is { } replaced && !ReferenceEquals(replaced, rejected) && IsFresh(replaced)) return replaced;
            current = await authenticate(ct);
            return current;
        }
        finally
        {
            gate.Release();
        }
    }

    private bool IsFresh(ZoomInfoToken token)
    {
        var margin = TimeSpan.FromSeconds(options.Get(ZoomInfoApi.ProviderName).TokenRefreshMarginSeconds);
        return time.GetUtcNow() < token.ExpiresAt - margin;
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
