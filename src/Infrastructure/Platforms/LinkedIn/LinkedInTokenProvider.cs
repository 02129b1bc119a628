using LeadGen.Infrastructure.Providers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LeadGen.Infrastructure.Platforms.LinkedIn;

/// <summary>
/// LinkedIn access tokens from the refresh token of a member's 3-legged OAuth 2.0 authorization: POST
/// https://www.linkedin.com/oauth/v2/accessToken with grant_type=refresh_token, refresh_token, client_id and
/// client_secret (form-encoded) answers <c>{access_token, expires_in, refresh_token, refresh_token_expires_in}</c>.
/// <para>LinkedIn's programmatic refresh tokens (Marketing Developer Platform partners) live a year from the
/// authorization, whatever is refreshed in between; access tokens live 60 days. One token serves the whole process
/// (<see cref="AccessTokenCache"/>): it is renewed <see cref="ProviderOptions.TokenRefreshMarginSeconds"/> before it
/// expires, one renewal at a time. A configured <see cref="ProviderOptions.AccessToken"/> saves the first refresh after
/// a restart.</para>
/// <para>A refusal from the token endpoint (400 invalid_grant: the refresh token expired or was revoked; 401
/// invalid_client: wrong client credentials) cannot be fixed by retrying: only a member re-authorizing the app can, so it
/// is a <see cref="LeadGen.Application.Pipeline.PlatformUnavailableException"/> that says so.</para>
/// The request goes through LinkedIn's resilient HTTP pipeline (retries, breaker, limiter), whose clients log nothing;
/// tokens appear in no log line and no exception message.
/// </summary>
public sealed class LinkedInTokenProvider
{
    public const string RefreshOperation = "refresh-token";
    public static readonly Uri DefaultTokenUrl = new("https://www.linkedin.com/oauth/v2/accessToken");

    private const string WhatToDo =
        "a LinkedIn member must authorize the app again and Providers:LinkedIn:RefreshToken (with ClientId/ClientSecret) be updated";

    private readonly IHttpClientFactory clients;
    private readonly IOptionsMonitor<ProviderOptions> options;
    private readonly TimeProvider time;
    private readonly ILogger<LinkedInTokenProvider> logger;
    private readonly AccessTokenCache cache;

    /// <summary>The refresh token in use: the configured one until LinkedIn hands out another. Only read and written
    /// by the cache's one-at-a-time renewal.</summary>
    private string? refreshToken;

    public LinkedInTokenProvider(IHttpClientFactory clients, IOptionsMonitor<ProviderOptions> options, TimeProvider time,
        ILogger<LinkedInTokenProvider> logger)
    {
        ArgumentNullException.ThrowIfNull(clients);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        this.clients = clients;
        this.options = options;
        this.time = time;
        this.logger = logger;
        var settings = Settings;
        refreshToken = settings.RefreshToken;
        cache = new AccessTokenCache(RefreshAsync, time, () => TimeSpan.FromSeconds(Settings.TokenRefreshMarginSeconds),
            Configured(settings));
    }

    private ProviderOptions Settings => options.Get(LinkedInApi.ProviderName);

    /// <summary>Sends a request with a token fresh enough; after a 401, once more with a renewed one
    /// (<see cref="AccessTokenCache.SendAsync"/>).</summary>
    public Task<HttpResponseMessage> SendAsync(Func<AccessToken, CancellationToken, Task<HttpResponseMessage>> send, CancellationToken ct) =>
        cache.SendAsync(send, ct);

    /// <summary>The configured access token; without a configured expiry it is used until LinkedIn refuses it (the 401
    /// path refreshes then).</summary>
    private static AccessToken? Configured(ProviderOptions settings) => string.IsNullOrWhiteSpace(settings.AccessToken)
        ? null
        : new AccessToken(settings.AccessToken.Trim(), settings.AccessTokenExpiresAt ?? DateTimeOffset.MaxValue);

    private async Task<AccessToken> RefreshAsync(CancellationToken ct)
    {
        var settings = Settings;
        var tokenUrl = string.IsNullOrWhiteSpace(settings.TokenUrl) ? DefaultTokenUrl : new Uri(settings.TokenUrl.Trim(), UriKind.Absolute);
        using var request = new HttpRequestMessage(HttpMethod.Post, tokenUrl)
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "refresh_token",
                ["refresh_token"] = refreshToken ?? "",
                ["client_id"] = settings.ClientId ?? "",
                ["client_secret"] = settings.ClientSecret ?? "",
            }),
        };

        // The named client LinkedIn's typed client is registered under: same pipeline, absolute URL to the OAuth host.
        var http = clients.CreateClient(LinkedInApi.ProviderName);
        using var response = await http.SendAsync(LinkedInApi.Profile, RefreshOperation, request, ct);
        if (!response.IsSuccessStatusCode)
        {
            throw await LinkedInFailures.FromResponseAsync(response, RefreshOperation, time, WhatToDo, ct);
        }

        var answer = await response.ReadJsonAsync<LinkedInTokenAnswer>(LinkedInApi.Profile, RefreshOperation, ct);
        if (string.IsNullOrWhiteSpace(answer.AccessToken) || answer.ExpiresIn is not > 0)
        {
            throw ProviderFailures.Unreadable(LinkedInApi.Profile, RefreshOperation);
        }

        if (!string.IsNullOrWhiteSpace(answer.RefreshToken)) refreshToken = answer.RefreshToken;
        var token = new AccessToken(answer.AccessToken, time.GetUtcNow().AddSeconds(answer.ExpiresIn.Value));
        logger.LogInformation("LinkedIn access token refreshed; it expires at {ExpiresAt:O}", token.ExpiresAt);
        return token;
    }
}
