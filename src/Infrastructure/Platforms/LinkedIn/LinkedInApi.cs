using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using LeadGen.Infrastructure.Providers;
using Microsoft.Extensions.Options;

namespace LeadGen.Infrastructure.Platforms.LinkedIn;

/// <summary>
/// LinkedIn's Lead Sync API (Marketing API, versioned <c>/rest</c> endpoints, Rest.li 2.0 protocol), read-only:
/// <list type="bullet">
/// <item><c>GET /rest/leadFormResponses?q=owner&amp;owner=(sponsoredAccount:urn%3Ali%3AsponsoredAccount%3A…)&amp;leadType=(leadType:SPONSORED)&amp;start=&amp;count=</c>:
/// an ad account's leads, the people who submitted its lead gen forms;</item>
/// <item><c>GET /rest/leadForms/{id}</c>: a form, whose questions say what each answer is and whose legal info holds
/// the consent checkboxes' texts.</item>
/// </list>
/// Every request carries the member's OAuth token as a Bearer, <c>LinkedIn-Version: YYYYMM</c> and
/// <c>X-Restli-Protocol-Version: 2.0.0</c>. A 401 means the token was revoked or has expired early: it is renewed once
/// and the request repeated; a second 401 is a refusal (see <see cref="LinkedInFailures"/>).
/// <para>Lead Sync calls are not billed; LinkedIn limits them per day (application and member), resetting at midnight
/// UTC, and answers 429 beyond.</para>
/// </summary>
public sealed class LinkedInApi
{
    public const string ProviderName = "linkedin";
    public const string LeadResponsesOperation = "lead-form-responses";
    public const string LeadFormOperation = "lead-form";

    /// <summary>The Marketing API version asked for (<c>Providers:LinkedIn:ApiVersion</c>). LinkedIn supports a version
    /// for at least a year after its release.</summary>
    public const string DefaultApiVersion = "202606";

    public static readonly Uri DefaultBaseUrl = new("https://api.linkedin.com/rest/");
    public static readonly ProviderProfile Profile = new(ProviderName);

    private readonly HttpClient http;
    private readonly LinkedInTokenProvider tokens;
    private readonly IOptionsMonitor<ProviderOptions> options;
    private readonly TimeProvider time;

    public LinkedInApi(HttpClient http, LinkedInTokenProvider tokens, IOptionsMonitor<ProviderOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        this.http = http;
        this.tokens = tokens;
        this.options = options;
        this.time = time;
    }

    /// <summary>Up to <paramref name="count"/> of an ad account's sponsored leads, from offset <paramref name="start"/>.</summary>
    internal Task<LinkedInCollection<LeadFormResponse>> GetLeadFormResponsesAsync(string accountUrn, int start, int count, CancellationToken ct)
    {
        // Rest.li 2.0 query syntax: the parentheses and the key of a union stay literal, the URN inside is escaped.
        var query = string.Create(CultureInfo.InvariantCulture,
            $"leadFormResponses?q=owner&owner=(sponsoredAccount:{Uri.EscapeDataString(accountUrn)})&leadType=(leadType:SPONSORED)&limitedToTestLeads=false&start={start}&count={count}");
        return GetAsync<LinkedInCollection<LeadFormResponse>>(query, LeadResponsesOperation, ct);
    }

    internal Task<LeadForm> GetLeadFormAsync(long formId, CancellationToken ct) =>
        GetAsync<LeadForm>(string.Create(CultureInfo.InvariantCulture, $"leadForms/{formId}"), LeadFormOperation, ct);

    private async Task<T> GetAsync<T>(string pathAndQuery, string operation, CancellationToken ct)
        where T : class
    {
        using var response = await tokens.SendAsync((token, cancel) => SendAsync(pathAndQuery, operation, token, cancel), ct);
        if (!response.IsSuccessStatusCode)
        {
            throw await LinkedInFailures.FromResponseAsync(response, operation, time, WhatToDo(response.StatusCode), ct);
        }

        return await response.ReadJsonAsync<T>(Profile, operation, ct);
    }

    private static string? WhatToDo(HttpStatusCode status) => status switch
    {
        HttpStatusCode.Unauthorized => "the token was refused even after a refresh: a LinkedIn member must authorize the app again",
        HttpStatusCode.Forbidden => "the authorizing member needs the r_marketing_leadgen_automation scope and a lead-sync role on the ad account",
        _ => null,
    };

    private async Task<HttpResponseMessage> SendAsync(string pathAndQuery, string operation, AccessToken token, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, pathAndQuery);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Value);
        request.Headers.Add("LinkedIn-Version", ApiVersion);
        request.Headers.Add("X-Restli-Protocol-Version", "2.0.0");
        return await http.SendAsync(Profile, operation, request, ct);
    }

    private string ApiVersion => options.Get(ProviderName).ApiVersion is { Length: > 0 } configured ? configured.Trim() : DefaultApiVersion;
}
