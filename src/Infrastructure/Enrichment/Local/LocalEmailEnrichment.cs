using LeadGen.Application.Ports;
using LeadGen.Domain.Prospects;
using LeadGen.Infrastructure.SamplePlatform;

namespace LeadGen.Infrastructure.Enrichment.Local;

/// <summary>
/// Email finder + verifier over the sample population's companies: the offline stand-in for Hunter.io. The address
/// is "first.last@domain"; the verdict is derived from a stable hash of the address, so the same person gets the
/// same verdict in every run, while the mix (~70% valid, ~12% accept-all, ~10% unknown, ~8% invalid) resembles what
/// verifiers report on B2B lists. Charges only when an address is returned.
/// </summary>
public sealed class LocalEmailEnrichment : IEmailEnrichmentProvider
{
    public const string ProviderName = "local";
    public const string Operation = "email-finder";

    private readonly SamplePopulation population;
    private readonly decimal unitPrice;

    public LocalEmailEnrichment(SamplePopulation population, decimal unitPrice = 0.02m)
    {
        ArgumentNullException.ThrowIfNull(population);
        ArgumentOutOfRangeException.ThrowIfNegative(unitPrice);
        this.population = population;
        this.unitPrice = unitPrice;
    }

    public string Name => ProviderName;

    public bool IsEmbedded => true;

    public Task<EmailLookup> FindEmailAsync(EmailQuery query, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        ct.ThrowIfCancellationRequested();
        var company = population.FindCompany(query.CompanyName, query.CompanyDomain);
        var localPart = company is null ? null : EmailAddressFormat.LocalPart(query.FullName ?? "");
        if (company is null || localPart is null)
        {
            return Task.FromResult(new EmailLookup(null, EmailStatus.Unknown, Charge(billable: false)));
        }

        var email = $"{localPart}@{company.Domain}";
        return Task.FromResult(new EmailLookup(email, Verify(email), Charge(billable: true)));
    }

    /// <summary>The verdict for an address: a pure function of its text.</summary>
    public static EmailStatus Verify(string email) => (StableHash.Mixed(email.ToLowerInvariant()) % 100) switch
    {
        < 70 => EmailStatus.Valid,
        < 82 => EmailStatus.AcceptAll,
        < 92 => EmailStatus.Unknown,
        _ => EmailStatus.Invalid,
    };

    private ProviderCharge Charge(bool billable) => new(ProviderName, Operation, Units: 1, unitPrice, billable);
}
