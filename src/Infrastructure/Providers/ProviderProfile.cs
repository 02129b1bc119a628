using System.Net;

namespace LeadGen.Infrastructure.Providers;

/// <summary>What the shared HTTP plumbing needs to know about one provider beyond HTTP's conventions. The same profile
/// is handed to the client registration (which statuses the resilience pipeline waits out) and to the failure mapping
/// (which statuses mean "slow down"), so the two can never disagree.</summary>
public sealed record ProviderProfile(string Name)
{
    /// <summary>Statuses besides 429 by which the provider says "too fast": Hunter documents 403 for its per-second
    /// limit (and keeps 429 for a spent monthly quota).</summary>
    public IReadOnlySet<HttpStatusCode> ThrottleStatuses { get; init; } = new HashSet<HttpStatusCode>();

    public bool IsThrottle(HttpStatusCode status) =>
        status == HttpStatusCode.TooManyRequests || ThrottleStatuses.Contains(status);
}
