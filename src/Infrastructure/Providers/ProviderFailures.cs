using LeadGen.Application.Ports;
using Polly.CircuitBreaker;
using Polly.RateLimiting;
using Polly.Timeout;

namespace LeadGen.Infrastructure.Providers;

/// <summary>
/// Turns what is left after the resilience pipeline gave up — a final error response, a timeout, an open circuit, a
/// refused permit — into a <see cref="ProviderFailure"/> of the kind the pipeline's error policies act on.
/// Reasons name only the provider, the operation and the status: never the request URL (its query holds people's
/// names and domains, and for some providers the API key) and never the response body (it echoes the query).
/// </summary>
public static class ProviderFailures
{
    public static ProviderFailure FromResponse(ProviderProfile profile, string operation, HttpResponseMessage response, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(response);
        var code = (int)response.StatusCode;
        var retryAfter = RetryAfter(response, time);

        if (profile.IsThrottle(response.StatusCode))
        {
            return new ProviderFailure(profile.Name, ProviderFailureKind.RateLimited,
                $"{operation} was throttled ({code})", retryAfter);
        }

        return code switch
        {
            401 or 403 => new ProviderFailure(profile.Name, ProviderFailureKind.Permanent,
                $"{operation} refused our credentials ({code})"),
            408 or >= 500 => new ProviderFailure(profile.Name, ProviderFailureKind.Transient,
                $"{operation} failed at the provider ({code})", retryAfter),
            >= 400 => new ProviderFailure(profile.Name, ProviderFailureKind.Permanent,
                $"{operation} rejected the request ({code})"),
            _ => new ProviderFailure(profile.Name, ProviderFailureKind.Transient,
                $"{operation} gave an answer it does not document ({code})"),
        };
    }

    /// <summary>The failure for an exception that escaped the pipeline, or null when it is not a provider failure
    /// (the caller's own cancellation, a bug) and should propagate as it is.</summary>
    public static ProviderFailure? FromException(ProviderProfile profile, string operation, Exception exception, CancellationToken callerToken)
    {
        ArgumentNullException.ThrowIfNull(profile);
        return exception switch
        {
            TimeoutRejectedException => new ProviderFailure(profile.Name, ProviderFailureKind.Transient,
                $"{operation} timed out", inner: exception),
            BrokenCircuitException broken => new ProviderFailure(profile.Name, ProviderFailureKind.Transient,
                $"{operation} not attempted: circuit open after repeated failures", broken.RetryAfter, exception),
            RateLimiterRejectedException refused => new ProviderFailure(profile.Name, ProviderFailureKind.RateLimited,
                $"{operation} not attempted: local rate limit queue is full", refused.RetryAfter, exception),
            HttpRequestException => new ProviderFailure(profile.Name, ProviderFailureKind.Transient,
                $"{operation} could not reach the provider", inner: exception),
            // HttpClient's own timeout surfaces as a cancellation the caller did not ask for.
            OperationCanceledException when !callerToken.IsCancellationRequested => new ProviderFailure(profile.Name,
                ProviderFailureKind.Transient, $"{operation} timed out", inner: exception),
            _ => null,
        };
    }

    /// <summary>An answer we could not read. The parser's message is left out: it can quote the body.</summary>
    public static ProviderFailure Unreadable(ProviderProfile profile, string operation) =>
        new(profile.Name, ProviderFailureKind.Transient, $"{operation} gave an unreadable answer");

    /// <summary>The provider's Retry-After as a wait from now (it may be given as seconds or as a date).</summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage response, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta) return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        if (header?.Date is { } date)
        {
            var wait = date - time.GetUtcNow();
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }

        return null;
    }
}
