using System.Net.Http.Json;
using System.Text.Json;
using System.Threading.RateLimiting;
using LeadGen.Application.Ports;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace LeadGen.Infrastructure.Providers;

/// <summary>
/// The one way LeadGen talks HTTP to a paid provider: a typed <see cref="HttpClient"/> per provider whose handler
/// pipeline is, from the outside in,
/// <list type="number">
/// <item>a total timeout over all attempts and waits,</item>
/// <item>retries with exponential backoff and jitter that wait out Retry-After on 429/503 (and the provider's own
/// throttle statuses) unless it is longer than <see cref="ProviderRetryOptions.MaxRetryAfterSeconds"/>,</item>
/// <item>a circuit breaker that stops calling a provider that keeps failing,</item>
/// <item>the provider's rate limiter, inside the retries so every attempt spends a permit,</item>
/// <item>a per-attempt timeout, inside the limiter so waiting for a permit does not eat the attempt's time.</item>
/// </list>
/// Adapters send through <see cref="SendAsync"/> and read through <see cref="ReadJsonAsync{T}"/>, which turn whatever the
/// pipeline finally gave up on into a <see cref="ProviderFailure"/>.
/// </summary>
public static class ProviderHttp
{
    /// <summary>Registers <typeparamref name="TClient"/> as the typed client of the provider named by
    /// <paramref name="profile"/>, configured from <c>Providers:&lt;Name&gt;</c>.</summary>
    public static IHttpClientBuilder AddProviderHttpClient<TClient>(this IServiceCollection services, IConfiguration configuration,
        ProviderProfile profile, Uri defaultBaseUrl)
        where TClient : class
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(defaultBaseUrl);
        var name = profile.Name;

        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<ProviderOptions>(name).Bind(configuration.GetSection($"Providers:{name}"));

        // The pipeline asks for "the RateLimiter keyed by this provider's name": the one shared by every node through
        // PostgreSQL when SharedRateLimits is registered (the default), else one for this process alone.
        services.TryAddKeyedSingleton<RateLimiter>(name, (sp, _) =>
        {
            var options = sp.GetRequiredService<IOptionsMonitor<ProviderOptions>>().Get(name);
            return sp.GetService<SharedRateLimits>()?.For(name, options) ?? ProviderRateLimiter.Create(options.RateLimit);
        });

        var builder = services
            .AddHttpClient<TClient>(name, (sp, client) =>
            {
                var options = sp.GetRequiredService<IOptionsMonitor<ProviderOptions>>().Get(name);
                client.BaseAddress = BaseAddress(options.BaseUrl, defaultBaseUrl);
                // The pipeline's total timeout governs; HttpClient's own 100 s default would only cut across it.
                client.Timeout = Timeout.InfiniteTimeSpan;
            })
            // Adapters end up held by singletons (the enrichment waterfall), so their HttpClient lives for the process:
            // connections are recycled instead of handlers, which keeps DNS changes visible.
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            // IHttpClientFactory's default loggers write every request URI at Information level and the headers at
            // Trace. Provider URIs carry people's names and company domains in the query (and, for APIs that take the key
            // as a parameter, the key); headers carry keys and tokens. .NET redacts query strings and header values
            // there by default, but one process-wide switch (System.Net.Http.DisableUriRedaction), flipped to debug
            // something else, would undo that. So these clients log nothing; failures are reported through
            // ProviderFailure, which names only the operation and the status.
            .RemoveAllLoggers();

        builder.AddResilienceHandler("provider", (pipeline, context) =>
        {
            var options = context.ServiceProvider.GetRequiredService<IOptionsMonitor<ProviderOptions>>().Get(name);
            var limiter = context.ServiceProvider.GetRequiredKeyedService<RateLimiter>(name);
            var time = context.ServiceProvider.GetRequiredService<TimeProvider>();
            ConfigurePipeline(pipeline, profile, options, limiter, time);
        });
        return builder;
    }

    /// <summary>Sends one request through the provider's pipeline. An exception the pipeline gave up on becomes a
    /// <see cref="ProviderFailure"/>; the caller's own cancellation propagates unchanged.</summary>
    public static async Task<HttpResponseMessage> SendAsync(this HttpClient http, ProviderProfile profile, string operation,
        HttpRequestMessage request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(request);
        try
        {
            return await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct);
        }
        catch (Exception exception)
        {
            var failure = ProviderFailures.FromException(profile, operation, exception, ct);
            if (failure is null) throw;
            throw failure;
        }
    }

    /// <summary>Reads a JSON answer; an unreadable or empty one is a transient failure (a provider mid-deploy).</summary>
    public static async Task<T> ReadJsonAsync<T>(this HttpResponseMessage response, ProviderProfile profile, string operation,
        CancellationToken ct)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(response);
        try
        {
            return await response.Content.ReadFromJsonAsync<T>(ProviderJson.Options, ct)
                ?? throw ProviderFailures.Unreadable(profile, operation);
        }
        catch (JsonException)
        {
            throw ProviderFailures.Unreadable(profile, operation);
        }
        catch (NotSupportedException)
        {
            // The content type was not JSON (an HTML error page from a proxy, say).
            throw ProviderFailures.Unreadable(profile, operation);
        }
    }

    private static void ConfigurePipeline(ResiliencePipelineBuilder<HttpResponseMessage> pipeline, ProviderProfile profile,
        ProviderOptions options, RateLimiter limiter, TimeProvider time)
    {
        var retry = options.Retry;
        var breaker = options.CircuitBreaker;
        var longestRetryAfter = TimeSpan.FromSeconds(retry.MaxRetryAfterSeconds);

        pipeline.AddTimeout(TimeSpan.FromSeconds(options.TotalTimeoutSeconds));
        if (retry.MaxRetries > 0)
        {
            pipeline.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = retry.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromSeconds(retry.BaseDelaySeconds),
                MaxDelay = TimeSpan.FromSeconds(retry.MaxDelaySeconds),
                ShouldRetryAfterHeader = true,
                ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, profile, longestRetryAfter, time)),
            });
        }

        pipeline
            .AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
            {
                FailureRatio = breaker.FailureRatio,
                MinimumThroughput = breaker.MinimumThroughput,
                SamplingDuration = TimeSpan.FromSeconds(breaker.SamplingDurationSeconds),
                BreakDuration = TimeSpan.FromSeconds(breaker.BreakDurationSeconds),
                // Being told to slow down is not an outage: throttling answers do not count towards opening the circuit.
                ShouldHandle = args => ValueTask.FromResult(
                    HttpClientResiliencePredicates.IsTransient(args.Outcome) && !IsThrottle(args.Outcome, profile)),
            })
            .AddRateLimiter(limiter)
            .AddTimeout(TimeSpan.FromSeconds(options.TimeoutSeconds));
    }

    private static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, ProviderProfile profile, TimeSpan longestRetryAfter,
        TimeProvider time)
    {
        if (outcome.Result is { } response && ProviderFailures.RetryAfter(response, time) > longestRetryAfter)
        {
            // Longer than a worker should be parked: give up now and let the pipeline reschedule the message.
            return false;
        }

        return HttpClientResiliencePredicates.IsTransient(outcome) || IsThrottle(outcome, profile);
    }

    private static bool IsThrottle(Outcome<HttpResponseMessage> outcome, ProviderProfile profile) =>
        outcome.Result is { } response && profile.IsThrottle(response.StatusCode);

    private static Uri BaseAddress(string? configured, Uri fallback)
    {
        var text = string.IsNullOrWhiteSpace(configured) ? fallback.ToString() : configured.Trim();
        // Adapters use relative paths; without a trailing slash the base's last segment would be dropped.
        return new Uri(text.EndsWith('/') ? text : text + "/", UriKind.Absolute);
    }
}

/// <summary>How provider answers are read: property names as the provider spells them (the DTOs say so), numbers that
/// some providers quote as strings accepted.</summary>
internal static class ProviderJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowReadingFromString,
    };
}
