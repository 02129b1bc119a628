using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using LeadGen.Application.Ports;
using LeadGen.Infrastructure.Providers;

namespace LeadGen.Infrastructure.Platforms.Facebook;

/// <summary>
/// Graph's error codes on top of <see cref="ProviderFailures.FromResponse"/>: Graph answers most errors with HTTP 400
/// (some with 403 or 500), so the status alone would call a throttle or an expired token "rejected the request" and a
/// temporary outage permanent. The code in the body decides (developers.facebook.com, "Handling Errors",
/// "Rate Limiting"):
/// <list type="bullet">
/// <item>4, 17, 32, 613, 341 and the Business Use Case codes 80000–80014 (80005: lead retrieval): throttled. Rate-limited
/// with Retry-After, or <see cref="DefaultThrottleWait"/> without one: Meta's windows are an hour long, so waiting in
/// process would only spend more of the budget; the pipeline reschedules the message instead.</item>
/// <item>190 and 102: the access token expired or was revoked. Permanent: only a new token helps.</item>
/// <item>1 and 2: a temporary problem on Meta's side. Transient.</item>
/// <item>anything else keeps the status's meaning.</item>
/// </list>
/// Reasons carry the code, subcode and fbtrace_id, never Graph's message: it can quote the request, and for a malformed
/// token, the token.
/// </summary>
public static class FacebookGraphFailures
{
    /// <summary>How long a throttled call waits when Graph gave no Retry-After.</summary>
    public static readonly TimeSpan DefaultThrottleWait = TimeSpan.FromMinutes(1);

    public static async Task<ProviderFailure> FromResponseAsync(ProviderProfile profile, string operation, HttpResponseMessage response,
        TimeProvider time, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(response);
        var byStatus = ProviderFailures.FromResponse(profile, operation, response, time);
        if (await ReadErrorAsync(response, ct) is not { Code: { } code } error) return byStatus;

        var graph = $"Graph error {code}{(error.Subcode is { } sub ? $"/{sub}" : "")}"
                    + (IsTraceId(error.TraceId) ? $", fbtrace_id {error.TraceId}" : "");
        return code switch
        {
            4 or 17 or 32 or 341 or 613 or (>= 80000 and <= 80014) => new ProviderFailure(profile.Name, ProviderFailureKind.RateLimited,
                $"{operation} was throttled ({graph})", ProviderFailures.RetryAfter(response, time) ?? DefaultThrottleWait),
            190 or 102 => new ProviderFailure(profile.Name, ProviderFailureKind.Permanent,
                $"{operation} refused the access token ({graph}); renew Providers:Facebook:AccessToken"),
            1 or 2 => new ProviderFailure(profile.Name, ProviderFailureKind.Transient,
                $"{operation} failed at the provider ({graph})", ProviderFailures.RetryAfter(response, time)),
            _ => new ProviderFailure(profile.Name, byStatus.Kind, $"{byStatus.Reason}, {graph}", byStatus.RetryAfter),
        };
    }

    /// <summary>The error object of the body, or null when the body is not Graph's error JSON (a proxy's HTML page).</summary>
    private static async Task<GraphError?> ReadErrorAsync(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            var answer = await response.Content.ReadFromJsonAsync<GraphErrorAnswer>(ProviderJson.Options, ct);
            return answer?.Error;
        }
        catch (Exception e) when (e is JsonException or NotSupportedException)
        {
            return null;
        }
    }

    /// <summary>fbtrace_id is an opaque support id; anything not shaped like one stays out of the reason.</summary>
    private static bool IsTraceId(string? value) =>
        value is { Length: > 0 and <= 64 } && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-');

    private sealed record GraphErrorAnswer(GraphError? Error);

    private sealed record GraphError(
        int? Code,
        [property: JsonPropertyName("error_subcode")] int? Subcode,
        [property: JsonPropertyName("fbtrace_id")] string? TraceId);
}
