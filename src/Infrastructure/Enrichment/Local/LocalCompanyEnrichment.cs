using LeadGen.Application.Ports;
using LeadGen.Infrastructure.SamplePlatform;

namespace LeadGen.Infrastructure.Enrichment.Local;

/// <summary>Company firmographics from the sample population's companies: the offline stand-in for Clearbit.
/// Charges per successful lookup only, as a paid provider would for a match.</summary>
public sealed class LocalCompanyEnrichment : ICompanyEnrichmentProvider
{
    public const string ProviderName = "local";
    public const string Operation = "company-lookup";

    private readonly SamplePopulation population;
    private readonly decimal unitPrice;

    public LocalCompanyEnrichment(SamplePopulation population, decimal unitPrice = 0.01m)
    {
        ArgumentNullException.ThrowIfNull(population);
        ArgumentOutOfRangeException.ThrowIfNegative(unitPrice);
        this.population = population;
        this.unitPrice = unitPrice;
    }

    public string Name => ProviderName;

    public bool IsEmbedded => true;

    public Task<CompanyLookup> FindCompanyAsync(CompanyQuery query, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        ct.ThrowIfCancellationRequested();
        var company = population.FindCompany(query.CompanyName, query.Domain);
        var charge = new ProviderCharge(ProviderName, Operation, Units: 1, unitPrice, Billable: company is not null);
        return Task.FromResult(new CompanyLookup(company?.ToCompanyData(), charge));
    }
}
