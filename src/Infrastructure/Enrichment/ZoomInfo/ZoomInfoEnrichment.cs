using LeadGen.Application.Ports;
using LeadGen.Domain.Prospects;
using LeadGen.Infrastructure.Providers;

namespace LeadGen.Infrastructure.Enrichment.ZoomInfo;

/// <summary>A person's work email from ZoomInfo's contact enrich. One call, billable when ZoomInfo matched a contact
/// (see <see cref="ZoomInfoApi"/> on credits).</summary>
public sealed class ZoomInfoEmailEnrichment : IEmailEnrichmentProvider
{
    /// <summary>ZoomInfo reports no deliverability verdict, only its confidence (70–99) that a contact's data is
    /// current. An address it is this sure of is taken as valid; below, its status is unknown and the waterfall may
    /// still ask the next provider.</summary>
    public const int ValidFromAccuracyScore = 85;

    private readonly ZoomInfoApi api;

    public ZoomInfoEmailEnrichment(ZoomInfoApi api)
    {
        ArgumentNullException.ThrowIfNull(api);
        this.api = api;
    }

    public string Name => ZoomInfoApi.ProviderName;

    public async Task<EmailLookup> FindEmailAsync(EmailQuery query, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        var price = api.Settings.PriceOf(ZoomInfoApi.ContactOperation);
        if (string.IsNullOrWhiteSpace(query.FullName) || string.IsNullOrWhiteSpace(query.CompanyName))
        {
            // Nothing to match on: no request is sent (zero units).
            return new EmailLookup(null, EmailStatus.Unknown, new ProviderCharge(Name, ZoomInfoApi.ContactOperation, 0, price, false));
        }

        var contact = await api.EnrichContactAsync(query.FullName.Trim(), query.CompanyName.Trim(), ct);
        var charge = new ProviderCharge(Name, ZoomInfoApi.ContactOperation, Units: 1, price, Billable: contact is not null);
        var email = string.IsNullOrWhiteSpace(contact?.Email) ? null : contact.Email.Trim();
        if (email is null) return new EmailLookup(null, EmailStatus.Unknown, charge);

        var status = contact!.ContactAccuracyScore >= ValidFromAccuracyScore ? EmailStatus.Valid : EmailStatus.Unknown;
        return new EmailLookup(email, status, charge);
    }
}

/// <summary>Company firmographics from ZoomInfo's company enrich, matched by website when the domain is known. One call,
/// billable when ZoomInfo matched a company.</summary>
public sealed class ZoomInfoCompanyEnrichment : ICompanyEnrichmentProvider
{
    private readonly ZoomInfoApi api;

    public ZoomInfoCompanyEnrichment(ZoomInfoApi api)
    {
        ArgumentNullException.ThrowIfNull(api);
        this.api = api;
    }

    public string Name => ZoomInfoApi.ProviderName;

    public async Task<CompanyLookup> FindCompanyAsync(CompanyQuery query, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        var price = api.Settings.PriceOf(ZoomInfoApi.CompanyOperation);
        if (string.IsNullOrWhiteSpace(query.CompanyName) && string.IsNullOrWhiteSpace(query.Domain))
        {
            return new CompanyLookup(null, new ProviderCharge(Name, ZoomInfoApi.CompanyOperation, 0, price, false));
        }

        var company = await api.EnrichCompanyAsync(query.CompanyName.Trim(), query.Domain?.Trim(), ct);
        var charge = new ProviderCharge(Name, ZoomInfoApi.CompanyOperation, Units: 1, price, Billable: company is not null);
        return new CompanyLookup(company is null ? null : ToCompanyData(company, query), charge);
    }

    private static CompanyData ToCompanyData(ZoomInfoCompany company, CompanyQuery query) => new(
        Name: string.IsNullOrWhiteSpace(company.Name) ? query.CompanyName : company.Name.Trim(),
        Domain: DomainOf(company.Website) ?? query.Domain?.Trim() ?? "",
        Industry: string.IsNullOrWhiteSpace(company.Industry) ? null : company.Industry.Trim(),
        Size: Firmographics.SizeBand(company.EmployeeCount),
        Location: Firmographics.Location(company.City, company.Country));

    /// <summary>ZoomInfo gives websites ("www.acme.com", sometimes with a scheme); LeadGen keeps bare domains.</summary>
    private static string? DomainOf(string? website)
    {
        if (string.IsNullOrWhiteSpace(website)) return null;
        var text = website.Trim();
        var host = Uri.TryCreate(text.Contains("://", StringComparison.Ordinal) ? text : "http://" + text, UriKind.Absolute, out var uri)
            ? uri.Host
            : text;
        host = host.ToLowerInvariant();
        return host.StartsWith("www.", StringComparison.Ordinal) ? host[4..] : host;
    }
}
