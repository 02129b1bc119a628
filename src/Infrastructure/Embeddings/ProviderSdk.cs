using System.ClientModel;
using System.ClientModel.Primitives;
using System.Net;
using System.Text.Json;
using LeadGen.Application.Ports;
using LeadGen.Infrastructure.Providers;

namespace LeadGen.Infrastructure.Embeddings;

/// <summary>
/// How an official SDK built on System.ClientModel (OpenAI, Azure.AI.OpenAI) talks through LeadGen's provider pipeline
/// (<see cref="ProviderHttp"/>) instead of its own: the SDK sends over the provider's typed <see cref="HttpClient"/>, so
/// retries honouring Retry-After, the circuit breaker, the timeouts and the rate limiter are the pipeline's, and the
/// SDK's own layers that would duplicate them are switched off.
/// </summary>
public static class ProviderSdk
{
    /// <summary>The SDK's timeout must never cut a call the pipeline is still retrying: it only backs the pipeline's
    /// total timeout up.</summary>
    private static readonly TimeSpan NetworkTimeoutMargin = TimeSpan.FromSeconds(5);

    public static T SendThrough<T>(this T options, HttpClient http, ProviderOptions settings)
        where T : ClientPipelineOptions
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(settings);
        options.Transport = new HttpClientPipelineTransport(http);
        // One retry layer: the SDK's default (three retries of its own) would multiply the pipeline's attempts.
        options.RetryPolicy = new ClientRetryPolicy(maxRetries: 0);
        options.NetworkTimeout = TimeSpan.FromSeconds(settings.TotalTimeoutSeconds) + NetworkTimeoutMargin;
        // Like the typed clients' loggers (removed in ProviderHttp): requests carry the key and people's profiles.
        options.ClientLoggingOptions = new ClientLoggingOptions { EnableLogging = false, EnableMessageLogging = false };
        return options;
    }

    /// <summary>The <see cref="ProviderFailure"/> for what an SDK call threw, or null when it is not a provider failure
    /// (the caller's own cancellation, a bug) and should propagate as it is. The SDK's exception is not kept as the
    /// inner exception: its message quotes the provider's error body.</summary>
    public static ProviderFailure? ToFailure(ProviderProfile profile, string operation, Exception exception, CancellationToken callerToken,
        TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception switch
        {
            ClientResultException { Status: > 0 } answered => FromAnswer(profile, operation, answered, time),
            // No answer at all: the transport wraps what HttpClient (or the pipeline) threw.
            ClientResultException { InnerException: { } cause } => ProviderFailures.FromException(profile, operation, cause, callerToken),
            JsonException or FormatException => ProviderFailures.Unreadable(profile, operation),
            _ => ProviderFailures.FromException(profile, operation, exception, callerToken),
        };
    }

    /// <summary>The final answer the pipeline gave up on, mapped by the same rules as every other provider's: the SDK has
    /// read it already, so its status and Retry-After are handed to <see cref="ProviderFailures.FromResponse"/> in the
    /// shape it reads.</summary>
    private static ProviderFailure FromAnswer(ProviderProfile profile, string operation, ClientResultException answered, TimeProvider time)
    {
        using var response = new HttpResponseMessage((HttpStatusCode)answered.Status);
        if (answered.GetRawResponse()?.Headers.TryGetValue("Retry-After", out var retryAfter) == true)
        {
            response.Headers.TryAddWithoutValidation("Retry-After", retryAfter);
        }

        return ProviderFailures.FromResponse(profile, operation, response, time);
    }
}
