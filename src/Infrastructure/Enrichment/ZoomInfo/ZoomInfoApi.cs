using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using LeadGen.Infrastructure.Providers;
using Microsoft.Extensions.Options;

namespace LeadGen.Infrastructure.Enrichment.ZoomInfo;

/// <summary>
/// ZoomInfo's Enterprise API (api.zoominfo.com): log in with POST /authenticate {username, password} for a JWT, then
/// POST /enrich/contact and /enrich/company with {matchPersonInput|matchCompanyInput: [...], outputFields: [...]} and the
/// JWT as a Bearer token. Answers are {success, data: {result: [{input, data: [record…], matchStatus}]}}; a match with no
/// records is "no match".
/// <para>Enrich is used directly rather than Search-then-Enrich: Search never returns emails, so it would only add a
/// request (which ZoomInfo counts against the request limit) before the one that matters.</para>
/// <para>Billing (docs.zoominfo.com, "Credit Usage and Limits"): a credit is consumed the first time a record is
/// enriched within a rolling 12 months; enriching it again while it is "under management" is free; searches and
/// non-matches consume none. The answer does not say which case a match was, so every match is recorded as billable:
/// an upper bound that LeadGen's own per-tenant answer cache keeps close to the truth.</para>
/// </summary>
public sealed class ZoomInfoApi
{
    public const string ProviderName = "zoominfo";
    public const string AuthenticateOperation = "authenticate";
    public const string ContactOperation = "contact-enrich";
    public const string CompanyOperation = "company-enrich";

    public static readonly Uri DefaultBaseUrl = new("https://api.zoominfo.com/");
    public static readonly ProviderProfile Profile = new(ProviderName);

    private static readonly string[] ContactFields = ["id", "firstName", "lastName", "email", "jobTitle", "contactAccuracyScore", "companyName"];
    private static readonly string[] CompanyFields = ["id", "name", "website", "employeeCount", "primaryIndustry", "city", "country"];

    private readonly HttpClient http;
    private readonly ZoomInfoTokenCache tokens;
    private readonly IOptionsMonitor<ProviderOptions> options;
    private readonly TimeProvider time;

    public ZoomInfoApi(HttpClient http, ZoomInfoTokenCache tokens, IOptionsMonitor<ProviderOptions> options, TimeProvider time)
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

    public ProviderOptions Settings => options.Get(ProviderName);

    /// <summary>The best-matching contact for a person at a company, or null when ZoomInfo has none.</summary>
    public Task<ZoomInfoContact?> EnrichContactAsync(string fullName, string companyName, CancellationToken ct) =>
        EnrichAsync<ZoomInfoContact>("enrich/contact", ContactOperation, new
        {
            matchPersonInput = new[] { new { fullName, companyName } },
            outputFields = ContactFields,
        }, ct);

    /// <summary>The company matching a website (preferred, it is unambiguous) or a name, or null when none does.</summary>
    public Task<ZoomInfoCompany?> EnrichCompanyAsync(string companyName, string? website, CancellationToken ct)
    {
        object input = string.IsNullOrWhiteSpace(website) ? new { companyName } : new { companyName, companyWebsite = website };
        return EnrichAsync<ZoomInfoCompany>("enrich/company", CompanyOperation, new
        {
            matchCompanyInput = new[] { input },
            outputFields = CompanyFields,
        }, ct);
    }

    private async Task<T?> EnrichAsync<T>(string path, string operation, object body, CancellationToken ct)
        where T : class
    {
        using var response = await SendAuthorizedAsync(path, operation, body, ct);
        if (!response.IsSuccessStatusCode) throw ProviderFailures.FromResponse(Profile, operation, response, time);

        var answer = await response.ReadJsonAsync<ZoomInfoEnrichAnswer<T>>(Profile, operation, ct);
        return answer.Data?.Result?.FirstOrDefault()?.Data?.FirstOrDefault();
    }

    // A token we believed valid but refused (revoked, or clocks disagree on its expiry) is renewed once by the cache;
    // a second 401 is a real refusal and fails as permanent.
    private Task<HttpResponseMessage> SendAuthorizedAsync(string path, string operation, object body, CancellationToken ct) =>
        tokens.Tokens.SendAsync((token, ct2) => PostAsync(path, operation, body, token, ct2), ct);

    private async Task<HttpResponseMessage> PostAsync(string path, string operation, object body, AccessToken token, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Value);
        return await http.SendAsync(Profile, operation, request, ct);
    }
}

internal sealed record ZoomInfoAuthentication(string? Jwt);

internal sealed record ZoomInfoEnrichAnswer<T>(bool? Success, ZoomInfoEnrichData<T>? Data);

internal sealed record ZoomInfoEnrichData<T>(List<ZoomInfoMatch<T>>? Result);

internal sealed record ZoomInfoMatch<T>(List<T>? Data, string? MatchStatus);

public sealed record ZoomInfoContact(long? Id, string? FirstName, string? LastName, string? Email, string? JobTitle,
    int? ContactAccuracyScore, string? CompanyName);

/// <summary>primaryIndustry comes as a string or a list of strings depending on the API version; kept raw and read by
/// <see cref="Industry"/>.</summary>
public sealed record ZoomInfoCompany(long? Id, string? Name, string? Website, int? EmployeeCount, JsonElement? PrimaryIndustry,
    string? City, string? Country)
{
    public string? Industry => PrimaryIndustry switch
    {
        { ValueKind: JsonValueKind.String } text => text.GetString(),
        { ValueKind: JsonValueKind.Array } list => list.EnumerateArray()
            .Where(e => e.ValueKind == JsonValueKind.String)
            .Select(e => e.GetString())
            .FirstOrDefault(s => !string.IsNullOrWhiteSpace(s)),
        _ => null,
    };
}
