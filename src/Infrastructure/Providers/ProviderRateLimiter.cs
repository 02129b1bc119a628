using System.Threading.RateLimiting;

namespace LeadGen.Infrastructure.Providers;

/// <summary>
/// The in-process limiter that keeps one node under a provider's per-second limit.
/// <para>
/// Why a sliding window rather than a token bucket: providers count requests per second of wall time, and a token
/// bucket that holds N tokens and refills N per second lets 2N through across one refill (N spent just before it, N
/// just after); even a one-token bucket lets N+1 through, the stored token plus N refills. A sliding window bounds
/// every window, not the average.
/// </para>
/// <para>
/// How it holds: a permit spent during one segment comes back when that segment leaves the window, at least
/// (segments − 1) segment lengths later. The window is stretched so that this is one second plus a margin for timer
/// and network jitter; so each permit is spent at most once in any one-second window as the provider measures it, and
/// no such window carries more than PermitsPerSecond requests. The price is throughput: about 90% of the limit when
/// saturated.
/// </para>
/// This limiter counts one node only; it is used when <c>RateLimiting:Shared</c> is false. By default every node shares
/// <see cref="SharedRateLimiter"/> instead.
/// </summary>
public static class ProviderRateLimiter
{
    private const int Segments = 20;
    private static readonly TimeSpan ReuseAfter = TimeSpan.FromMilliseconds(1_050);

    public static RateLimiter Create(ProviderRateLimitOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.PermitsPerSecond, 1, nameof(options.PermitsPerSecond));
        ArgumentOutOfRangeException.ThrowIfNegative(options.QueueLimit, nameof(options.QueueLimit));

        var segment = ReuseAfter / (Segments - 1);
        return new SlidingWindowRateLimiter(new SlidingWindowRateLimiterOptions
        {
            PermitLimit = options.PermitsPerSecond,
            Window = segment * Segments,
            SegmentsPerWindow = Segments,
            QueueLimit = options.QueueLimit,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        });
    }
}
