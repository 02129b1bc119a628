using System.Text.Json;
using LeadGen.Application.Pipeline;
using LeadGen.Application.Ports;
using LeadGen.Infrastructure.Providers;

namespace LeadGen.Infrastructure.Platforms.LinkedIn;

/// <summary>
/// What a LinkedIn answer that is not a success means for discovery.
/// <list type="bullet">
/// <item>Throttled, down or slow: a <see cref="ProviderFailure"/> (rate-limited or transient), so Wolverine reschedules
/// or retries the discovery message.</item>
/// <item>Refused for good (403: the authorizing member has no lead-sync role on the ad account; 401 after a fresh token;
/// 400/404: an account or form LinkedIn does not know): a <see cref="PlatformUnavailableException"/>. Retrying would
/// only be refused again, so LinkedIn's share of the campaign fails and the other platforms go on.</item>
/// </list>
/// Messages carry the operation, the status and LinkedIn's error code (<c>INVALID_ACCESS_TOKEN</c>, <c>invalid_grant</c>):
/// never the request, the body's message or a token.
/// </summary>
internal static class LinkedInFailures
{
    public static async Task<Exception> FromResponseAsync(HttpResponseMessage response, string operation, TimeProvider time,
        string? whatToDo, CancellationToken ct)
    {
        var failure = ProviderFailures.FromResponse(LinkedInApi.Profile, operation, response, time);
        var code = await ErrorCodeAsync(response, ct);
        var reason = code is null ? failure.Reason : $"{failure.Reason}, LinkedIn code {code}";
        if (failure.Kind == ProviderFailureKind.Permanent)
        {
            return new PlatformUnavailableException(
                $"{LinkedInApi.ProviderName}: {reason}{(whatToDo is null ? "" : $"; {whatToDo}")}");
        }

        return new ProviderFailure(failure.Provider, failure.Kind, reason, failure.RetryAfter);
    }

    /// <summary>The machine-readable code of an error body: the API's <c>code</c> (with its <c>serviceErrorCode</c>) or
    /// the OAuth endpoint's <c>error</c>. Only an identifier-like value is kept, so nothing the body quotes gets out.</summary>
    private static async Task<string?> ErrorCodeAsync(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(ct);
            using var body = await JsonDocument.ParseAsync(stream, cancellationToken: ct);
            var root = body.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return null;

            var code = Identifier(root, "code") ?? Identifier(root, "error");
            if (code is null) return null;
            return root.TryGetProperty("serviceErrorCode", out var service) && service.TryGetInt32(out var number)
                ? $"{code} ({number})"
                : code;
        }
        catch (JsonException)
        {
            return null; // an HTML page from a proxy, say: the status says enough
        }
    }

    private static string? Identifier(JsonElement root, string property) =>
        root.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
        && value.GetString() is { Length: > 0 and <= 64 } text && text.All(c => char.IsAsciiLetterOrDigit(c) || c == '_')
            ? text
            : null;
}
