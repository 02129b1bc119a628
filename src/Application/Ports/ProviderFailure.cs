namespace LeadGen.Application.Ports;

public enum ProviderFailureKind
{
    /// <summary>The provider is down, slow or erroring (5xx, timeout, open circuit): worth trying again later.</summary>
    Transient,

    /// <summary>The provider throttled us (429) beyond what the resilience pipeline waited out: try after RetryAfter.</summary>
    RateLimited,

    /// <summary>The provider refused the request for good (401, 403, a validation error): retrying changes nothing.</summary>
    Permanent,
}

/// <summary>A provider call that failed after the adapter's own retries. The pipeline decides by the kind: retry later,
/// reschedule, or mark the prospect failed with the reason. The message never carries personal data.</summary>
public sealed class ProviderFailure(string provider, ProviderFailureKind kind, string reason, TimeSpan? retryAfter = null, Exception? inner = null)
    : Exception($"{provider}: {reason}", inner)
{
    public string Provider { get; } = provider;
    public ProviderFailureKind Kind { get; } = kind;
    public string Reason { get; } = reason;
    public TimeSpan? RetryAfter { get; } = retryAfter;

    /// <summary>When to try again: the provider's Retry-After within sane bounds, else a second.</summary>
    public TimeSpan TryAgainAfter => TimeSpan.FromSeconds(Math.Clamp((RetryAfter ?? TimeSpan.FromSeconds(1)).TotalSeconds, 0.2, 300));
}
