namespace LeadGen.Infrastructure.Providers;

/// <summary>
/// One third-party provider's settings, bound from <c>Providers:&lt;Name&gt;</c> (named options, the name being the provider's
/// lowercase name, e.g. "hunter"). Credentials live here and nowhere else; nothing in this class is ever logged.
/// Durations are in seconds (fractions allowed) so tests can shrink them without a TimeSpan format.
/// </summary>
public sealed class ProviderOptions
{
    /// <summary>Root of the provider's API; the adapter's documented default when empty.</summary>
    public string? BaseUrl { get; set; }

    public string? ApiKey { get; set; }

    /// <summary>For providers that exchange a login for a token (ZoomInfo's POST /authenticate).</summary>
    public string? Username { get; set; }

    public string? Password { get; set; }

    /// <summary>What one billable call costs us, in the ledger's currency.</summary>
    public decimal PricePerCall { get; set; }

    /// <summary>Per-operation prices for providers that bill operations differently (Hunter: a search credit for the
    /// finder, a verification credit for the verifier). Operations not listed cost <see cref="PricePerCall"/>.</summary>
    public Dictionary<string, decimal> OperationPrices { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public ProviderRateLimitOptions RateLimit { get; set; } = new();

    /// <summary>Longest one HTTP attempt may take.</summary>
    public double TimeoutSeconds { get; set; } = 10;

    /// <summary>Longest a call may take across all its attempts and waits; beyond it the call fails as transient.</summary>
    public double TotalTimeoutSeconds { get; set; } = 30;

    public ProviderRetryOptions Retry { get; set; } = new();

    public ProviderCircuitBreakerOptions CircuitBreaker { get; set; } = new();

    /// <summary>How long a provider's "still working on it" answer (HTTP 202) is waited for.</summary>
    public ProviderPendingOptions Pending { get; set; } = new();

    /// <summary>A token obtained by logging in is renewed this long before it expires, so no request carries a token
    /// that dies in flight.</summary>
    public double TokenRefreshMarginSeconds { get; set; } = 300;

    /// <summary>Embedding providers: the model asked for (OpenAI) or the model an Azure deployment serves. With
    /// <see cref="Dimensions"/> it names the vectors LeadGen stores, so vectors of different models are never compared.</summary>
    public string? Model { get; set; }

    /// <summary>Azure OpenAI: the deployment that serves the model.</summary>
    public string? Deployment { get; set; }

    /// <summary>Azure OpenAI: the resource's endpoint (https://&lt;resource&gt;.openai.azure.com/); <see cref="BaseUrl"/> is
    /// accepted too.</summary>
    public string? Endpoint { get; set; }

    /// <summary>Azure OpenAI: the REST API version (api-version).</summary>
    public string? ApiVersion { get; set; }

    /// <summary>Embedding providers: the vector length asked for (text-embedding-3 models can shorten their vectors);
    /// the model's own length when empty.</summary>
    public int? Dimensions { get; set; }

    /// <summary>Embedding providers: what a million input tokens cost; the provider's list price when empty.</summary>
    public decimal? PricePerMillionTokens { get; set; }

    /// <summary>OAuth 2.0 (LinkedIn): the application's client id, sent to the token endpoint only.</summary>
    public string? ClientId { get; set; }

    /// <summary>OAuth 2.0 (LinkedIn): the application's client secret, sent to the token endpoint only.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>OAuth 2.0 (LinkedIn): the refresh token from the member's 3-legged authorization, exchanged for access
    /// tokens as they near expiry.</summary>
    public string? RefreshToken { get; set; }

    /// <summary>An OAuth 2.0 access token. LinkedIn starts with it, so a restart need not refresh, until
    /// <see cref="AccessTokenExpiresAt"/> (less <see cref="TokenRefreshMarginSeconds"/>), or until refused when no expiry
    /// is given; then it refreshes with <see cref="RefreshToken"/>.</summary>
    public string? AccessToken { get; set; }

    public DateTimeOffset? AccessTokenExpiresAt { get; set; }

    /// <summary>OAuth 2.0 (LinkedIn): the token endpoint; the provider's documented one when empty.</summary>
    public string? TokenUrl { get; set; }

    /// <summary>LinkedIn Lead Sync: the ad accounts whose lead form responses discovery reads, as URNs
    /// (urn:li:sponsoredAccount:123) or bare ids.</summary>
    public List<string> SponsoredAccounts { get; set; } = [];

    /// <summary>Facebook Lead Ads: the lead form ids whose leads discovery reads, in this order. Facebook takes its
    /// long-lived Page access token from <see cref="AccessToken"/> (sent as a Bearer header, never in a URL).</summary>
    public List<string> Forms { get; set; } = [];

    public decimal PriceOf(string operation) =>
        OperationPrices.TryGetValue(operation, out var price) ? price : PricePerCall;
}

public sealed class ProviderRateLimitOptions
{
    /// <summary>The provider's documented per-second limit for one account (Hunter: 15/s for the finder, 10/s for the
    /// verifier; ZoomInfo: 25/s by default). No one-second window ever carries more requests than this.</summary>
    public int PermitsPerSecond { get; set; } = 10;

    /// <summary>How many calls may wait for a permit before new ones are refused as rate-limited.</summary>
    public int QueueLimit { get; set; } = 1_000;
}

public sealed class ProviderRetryOptions
{
    public int MaxRetries { get; set; } = 3;

    /// <summary>First backoff delay; later ones grow exponentially, with jitter.</summary>
    public double BaseDelaySeconds { get; set; } = 1;

    public double MaxDelaySeconds { get; set; } = 20;

    /// <summary>A Retry-After longer than this is not waited out in-process: the call fails as rate-limited and the
    /// pipeline reschedules it, so a worker is not parked for minutes.</summary>
    public double MaxRetryAfterSeconds { get; set; } = 30;
}

public sealed class ProviderCircuitBreakerOptions
{
    public double FailureRatio { get; set; } = 0.5;
    public int MinimumThroughput { get; set; } = 10;
    public double SamplingDurationSeconds { get; set; } = 30;
    public double BreakDurationSeconds { get; set; } = 15;
}

public sealed class ProviderPendingOptions
{
    /// <summary>How many times a 202 ("still processing") answer is asked again before giving up.</summary>
    public int Rechecks { get; set; } = 3;

    public double DelaySeconds { get; set; } = 2;
}
