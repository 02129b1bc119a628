using System.Net;

namespace LeadGen.Infrastructure.Providers;

/// <summary>
/// The access token a provider's auth endpoint hands out, shared by every call to that provider in the process. It is
/// reused until shortly before it expires (the margin, normally <see cref="ProviderOptions.TokenRefreshMarginSeconds"/>),
/// so no request carries a token that dies in flight; concurrent callers wait for one renewal rather than each starting
/// their own (auth endpoints are rate limited, and some providers revoke the previous token on every renewal).
/// </summary>
/// <remarks>How a token is obtained (a login, an OAuth refresh) is the adapter's business, handed in as
/// <c>obtain</c>. What a refused token means is decided here once (<see cref="SendAsync"/>): renewed once, then the
/// provider's second refusal is the adapter's answer to interpret.</remarks>
public sealed class AccessTokenCache
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly Func<CancellationToken, Task<AccessToken>> obtain;
    private readonly TimeProvider time;
    private readonly Func<TimeSpan> margin;
    private AccessToken? current;

    /// <param name="obtain">Gets a new token from the provider. Only ever runs one at a time.</param>
    /// <param name="time">The clock expiries are compared with.</param>
    /// <param name="margin">How long before its expiry a token is renewed; read at every use, so configuration
    /// reloads apply.</param>
    /// <param name="initial">A token known from elsewhere (configuration), used while it is fresh.</param>
    public AccessTokenCache(Func<CancellationToken, Task<AccessToken>> obtain, TimeProvider time, Func<TimeSpan> margin,
        AccessToken? initial = null)
    {
        ArgumentNullException.ThrowIfNull(obtain);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(margin);
        this.obtain = obtain;
        this.time = time;
        this.margin = margin;
        current = initial;
    }

    /// <summary>The cached token, or a new one when there is none or it is about to expire.</summary>
    public async Task<AccessToken> GetAsync(CancellationToken ct)
    {
        if (Volatile.Read(ref current) is { } cached && IsFresh(cached)) return cached;

        await gate.WaitAsync(ct);
        try
        {
            // Another caller may have renewed it while this one waited for the gate.
            if (current is { } renewedMeanwhile && IsFresh(renewedMeanwhile)) return renewedMeanwhile;
            var renewed = await obtain(ct);
            Volatile.Write(ref current, renewed);
            return renewed;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>A new token after the provider refused <paramref name="rejected"/> (revoked, or the clocks disagree on
    /// its expiry), unless another call already replaced it while this one waited.</summary>
    public async Task<AccessToken> RenewAsync(AccessToken rejected, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(rejected);
        await gate.WaitAsync(ct);
        try
        {
            if (current is { } replaced && !ReferenceEquals(replaced, rejected) && IsFresh(replaced)) return replaced;
            var renewed = await obtain(ct);
            Volatile.Write(ref current, renewed);
            return renewed;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Sends a request built by <paramref name="send"/> with the current token. A 401 (the token was revoked, or
    /// the clocks disagree on its expiry) renews the token and sends once more; the second answer, 401 or not, is the
    /// caller's.</summary>
    public async Task<HttpResponseMessage> SendAsync(Func<AccessToken, CancellationToken, Task<HttpResponseMessage>> send, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(send);
        var token = await GetAsync(ct);
        var response = await send(token, ct);
        if (response.StatusCode != HttpStatusCode.Unauthorized) return response;

        response.Dispose();
        return await send(await RenewAsync(token, ct), ct);
    }

    private bool IsFresh(AccessToken token) => time.GetUtcNow() < token.ExpiresAt - margin();
}

/// <summary>A bearer token and when it expires. Deliberately not a record: its text must never show up in a
/// ToString(), a log line or an exception message.</summary>
public sealed class AccessToken
{
    public AccessToken(string value, DateTimeOffset expiresAt)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        Value = value;
        ExpiresAt = expiresAt;
    }

    public string Value { get; }

    public DateTimeOffset ExpiresAt { get; }

    public override string ToString() => $"access token expiring {ExpiresAt:O}";
}
