using LeadGen.Domain.Prospects;

namespace LeadGen.Application.Ports;

/// <summary>Finds firmographics for a company. Every answer says what it cost.</summary>
public interface ICompanyEnrichmentProvider
{
    string Name { get; }

    /// <summary>True for the embedded default, which answers in process: asking it again after a crash costs nothing
    /// real, so its answers are kept with the enrichment's commit rather than one by one as they are bought.</summary>
    bool IsEmbedded => false;

    Task<CompanyLookup> FindCompanyAsync(CompanyQuery query, CancellationToken ct);
}

/// <summary>Finds and verifies a person's work email. Every answer says what it cost.</summary>
public interface IEmailEnrichmentProvider
{
    string Name { get; }

    /// <inheritdoc cref="ICompanyEnrichmentProvider.IsEmbedded"/>
    bool IsEmbedded => false;

    Task<EmailLookup> FindEmailAsync(EmailQuery query, CancellationToken ct);
}

public sealed record CompanyQuery(string CompanyName, string? Domain);

public sealed record EmailQuery(string FullName, string CompanyName, string? CompanyDomain);

/// <summary>What one provider call cost: recorded as a cost event whether or not it found anything. <see cref="Outcome"/>
/// labels it in the ledger ("found", "not-found", "cached"); unset, it follows from <see cref="Billable"/>.</summary>
public sealed record ProviderCharge(string Provider, string Operation, int Units, decimal UnitPrice, bool Billable, string? Outcome = null)
{
    public decimal Cost => Billable ? Units * UnitPrice : 0m;

    /// <summary>The cost event that puts this charge on the ledger, for the prospect it was made for.</summary>
    public ProviderCallCharged ChargedTo(Guid prospectId, Guid campaignId) =>
        new(prospectId, campaignId, Provider, Operation, Units, UnitPrice, Cost, Billable, Outcome ?? (Billable ? "found" : "not-found"));
}

public sealed record CompanyLookup(CompanyData? Company, ProviderCharge Charge);

public sealed record EmailLookup(string? Email, EmailStatus Status, ProviderCharge Charge)
{
    /// <summary>The calls a lookup made after its first one, one charge each: a finder's address is verified by a
    /// second call (Hunter's email-verifier), which the provider bills separately.</summary>
    public IReadOnlyList<ProviderCharge> FollowUpCharges { get; init; } = [];

    /// <summary>Every call this lookup made, in order: <see cref="Charge"/>, then <see cref="FollowUpCharges"/>.</summary>
    public IReadOnlyList<ProviderCharge> Charges => [Charge, .. FollowUpCharges];
}
