using LeadGen.Domain.Prospects;

namespace LeadGen.Infrastructure.SamplePlatform;

/// <summary>An invented employer. Domains use the reserved .example TLD so no real company is ever named or mailed.</summary>
public sealed record SampleCompany(string Name, string Domain, string Industry, string Size, string Location)
{
    public CompanyData ToCompanyData() => new(Name, Domain, Industry, Size, Location);
}
