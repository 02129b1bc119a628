using LeadGen.Application.Ports;
using LeadGen.Domain.Prospects;
using Microsoft.Extensions.Options;

namespace LeadGen.Application.Enrichment;

/// <summary>Provider names in the order they are asked, per field (configuration Enrichment:Company:N, Enrichment:Email:N).</summary>
public sealed class EnrichmentOptions
{
    public List<string> Company { get; set; } = [];
    public List<string> Email { get; set; } = [];
}

public sealed record EnrichmentOutcome(CompanyData? Company, string? CompanyProvider, string? Email, EmailStatus EmailStatus,
    string? EmailProvider, IReadOnlyList<ProviderCharge> Charges);

/// <summary>Asks each field's providers in order and stops at the first good answer, so later (dearer) providers are
/// paid only for what earlier ones could not find.</summary>
public sealed class EnrichmentWaterfall(
    IEnumerable<ICompanyEnrichmentProvider> companyProviders,
    IEnumerable<IEmailEnrichmentProvider> emailProviders,
    IOptions<EnrichmentOptions> options)
{
    public async Task<EnrichmentOutcome> Enrich(ProspectProfile profile, CancellationToken ct)
    {
        var charges = new List<ProviderCharge>();

        CompanyData? company = null;
        string? companyProvider = null;
        foreach (var provider in InOrder(companyProviders, p => p.Name, options.Value.Company))
        {
            var lookup = await provider.FindCompanyAsync(new CompanyQuery(profile.Company, profile.CompanyDomain), ct);
            charges.Add(lookup.Charge);
            if (lookup.Company is null) continue;
            (company, companyProvider) = (lookup.Company, provider.Name);
            break;
        }

        string? email = null;
        string? emailProvider = null;
        var status = EmailStatus.Unknown;
        foreach (var provider in InOrder(emailProviders, p => p.Name, options.Value.Email))
        {
            var lookup = await provider.FindEmailAsync(
                new EmailQuery(profile.Name, company?.Name ?? profile.Company, company?.Domain ?? profile.CompanyDomain), ct);
            charges.AddRange(lookup.Charges);
            if (lookup.Email is null) continue;
            (email, status, emailProvider) = (lookup.Email, lookup.Status, provider.Name);
            if (status.IsContactable()) break;
        }

        return new EnrichmentOutcome(company, companyProvider, email, status, emailProvider, charges);
    }

    private static IEnumerable<T> InOrder<T>(IEnumerable<T> providers, Func<T, string> name, IReadOnlyList<string> order)
    {
        var byName = providers.ToDictionary(name, StringComparer.OrdinalIgnoreCase);
        var names = order.Count > 0 ? order : ["local"];
        foreach (var n in names)
        {
            if (!byName.TryGetValue(n, out var provider))
                throw new InvalidOperationException($"Enrichment provider '{n}' is configured in the waterfall but not registered.");
            yield return provider;
        }
    }
}
