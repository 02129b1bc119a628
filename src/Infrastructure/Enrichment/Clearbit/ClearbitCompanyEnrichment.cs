using System.Net;
using System.Net.Http.Headers;
using LeadGen.Application.Ports;
using LeadGen.Domain.Prospects;
using LeadGen.Infrastructure.Providers;
using Microsoft.Extensions.Options;

namespace LeadGen.Infrastructure.Enrichment.Clearbit;

/// <summary>
/// Clearbit Company API: GET /v2/companies/find?domain=… with the secret key as a Bearer token. 200 is the company,
/// 404 means Clearbit does not know the domain, 202 means the lookup was queued ("ask again shortly").
/// <para>Billing (help.clearbit.com, "What counts as an Enrichment API request?"): Clearbit counts requests that answer
/// 200, 201, 202 or 404, and only unique requests per billing period. So a 404 is billed like a hit, and the rechecks
/// of a queued lookup are the same request: one lookup is at most one billable unit, recorded when it has its final
/// answer (found or not found).</para>
/// </summary>
public sealed class ClearbitCompanyEnrichment : ICompanyEnrichmentProvider
{
    public const string ProviderName = "clearbit";
    public const string Operation = "company-find";

    public static readonly Uri DefaultBaseUrl = new("https://company.clearbit.com/");
    public static readonly ProviderProfile Profile = new(ProviderName);

    /// <summary>Clearbit counts a 404 ("unknown domain") as a request: see the class comment.</summary>
    private const bool NotFoundIsBilled = true;

    private readonly HttpClient http;
    private readonly IOptionsMonitor<ProviderOptions> options;
    private readonly TimeProvider time;

    public ClearbitCompanyEnrichment(HttpClient http, IOptionsMonitor<ProviderOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        this.http = http;
        this.options = options;
        this.time = time;
    }

    public string Name => ProviderName;

    public async Task<CompanyLookup> FindCompanyAsync(CompanyQuery query, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        var settings = options.Get(ProviderName);
        if (string.IsNullOrWhiteSpace(query.Domain))
        {
            // The Company API looks companies up by domain only: without one no request is sent (zero units).
            return new CompanyLookup(null, new ProviderCharge(ProviderName, Operation, 0, settings.PricePerCall, false));
        }

        var domain = query.Domain.Trim();
        using var response = await AskAsync(domain, settings, ct);
        switch (response.StatusCode)
        {
            case HttpStatusCode.NotFound:
                return new CompanyLookup(null, Charge(settings, NotFoundIsBilled));
            case HttpStatusCode.Accepted:
                // Queued at Clearbit and still not done: asking again later is the same (single) billable request.
                throw new ProviderFailure(ProviderName, ProviderFailureKind.Transient, $"{Operation} still queued after our rechecks",
                    TimeSpan.FromSeconds(settings.Pending.DelaySeconds));
            case var status when (int)status is < 200 or > 299:
                throw ProviderFailures.FromResponse(Profile, Operation, response, time);
        }

        var company = await response.ReadJsonAsync<ClearbitCompany>(Profile, Operation, ct);
        return new CompanyLookup(ToCompanyData(company, query, domain), Charge(settings, billable: true));
    }

    /// <summary>GET the company; while Clearbit answers 202, ask again after a short delay, a bounded number of times.</summary>
    private async Task<HttpResponseMessage> AskAsync(string domain, ProviderOptions settings, CancellationToken ct)
    {
        for (var recheck = 0; ; recheck++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"v2/companies/find?domain={Uri.EscapeDataString(domain)}");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", settings.ApiKey);
            var response = await http.SendAsync(Profile, Operation, request, ct);
            if (response.StatusCode != HttpStatusCode.Accepted || recheck >= settings.Pending.Rechecks) return response;

            response.Dispose();
            await Task.Delay(TimeSpan.FromSeconds(settings.Pending.DelaySeconds), time, ct);
        }
    }

    private static CompanyData ToCompanyData(ClearbitCompany company, CompanyQuery query, string domain) => new(
        Name: string.IsNullOrWhiteSpace(company.Name) ? query.CompanyName : company.Name.Trim(),
        Domain: string.IsNullOrWhiteSpace(company.Domain) ? domain : company.Domain.Trim(),
        Industry: FirstNonBlank(company.Category?.Industry, company.Category?.IndustryGroup, company.Category?.Sector),
        // Our size bands come from the head count; Clearbit's own ranges ("51-250", "251-1K") are a different scale
        // and are kept only when it gives no count.
        Size: Firmographics.SizeBand(company.Metrics?.Employees) ?? FirstNonBlank(company.Metrics?.EmployeesRange),
        Location: Firmographics.Location(company.Geo?.City, company.Geo?.Country) ?? FirstNonBlank(company.Location));

    private static string? FirstNonBlank(params string?[] values) =>
        values.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v))?.Trim();

    private static ProviderCharge Charge(ProviderOptions settings, bool billable) =>
        new(ProviderName, Operation, Units: 1, settings.PriceOf(Operation), billable);
}

internal sealed record ClearbitCompany(string? Name, string? Domain, string? Location, ClearbitCategory? Category,
    ClearbitMetrics? Metrics, ClearbitGeo? Geo);

internal sealed record ClearbitCategory(string? Sector, string? IndustryGroup, string? Industry);

internal sealed record ClearbitMetrics(int? Employees, string? EmployeesRange);

internal sealed record ClearbitGeo(string? City, string? State, string? Country);
