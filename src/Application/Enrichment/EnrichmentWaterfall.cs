using LeadGen.Application.Ports;
using LeadGen.Domain.Prospects;
using Microsoft.Extensions.Options;

namespace LeadGen.Application.Enrichment;

/// <summary>Provider names in the order they are asked, per field (configuration Enrichment:Company:N, Enrichment:Email:N).</summary>
public sealed class EnrichmentOptions
{
    public List<string> Company { get; set; } = [];
    public List<string> Email { get; set; } = [];

    /// <summary>How long a provider's answer is reused instead of asking (and paying) again.</summary>
    public double AnswerTtlDays { get; set; } = 30;
}

public sealed record EnrichmentOutcome(CompanyData? Company, string? CompanyProvider, string? Email, EmailStatus EmailStatus,
    string? EmailProvider, IReadOnlyList<ProviderCharge> Charges);

/// <summary>Asks each field's providers in order and stops at the first good answer, so later (dearer) providers are
/// paid only for what earlier ones could not find. A question a provider already answered for the tenant is answered
/// from <see cref="ProviderAnswers"/> at no cost (charged as "cached", so the savings show in the ledger); one another
/// enrichment is buying at that moment throws <see cref="AnswerBeingBought"/>.</summary>
public sealed class EnrichmentWaterfall(
    IEnumerable<ICompanyEnrichmentProvider> companyProviders,
    IEnumerable<IEmailEnrichmentProvider> emailProviders,
    IOptions<EnrichmentOptions> options)
{
    public TimeSpan AnswerTtl => TimeSpan.FromDays(options.Value.AnswerTtlDays);

    /// <summary>Whether any configured provider is remote, so that its answers are kept as they are bought and an
    /// enrichment may find <see cref="UnledgeredPurchase"/>s a crash left behind.</summary>
    public bool KeepsAnswersAtOnce =>
        InOrder(companyProviders, p => p.Name, options.Value.Company).Any(p => !p.IsEmbedded)
        || InOrder(emailProviders, p => p.Name, options.Value.Email).Any(p => !p.IsEmbedded);

    public async Task<EnrichmentOutcome> Enrich(ProspectProfile profile, ProviderAnswers answers, CancellationToken ct)
    {
        var charges = new List<ProviderCharge>();

        CompanyData? company = null;
        string? companyProvider = null;
        foreach (var provider in InOrder(companyProviders, p => p.Name, options.Value.Company))
        {
            var query = new CompanyQuery(profile.Company, profile.CompanyDomain);
            var id = ProviderAnswer.IdFor(provider.Name, "company", query.Domain ?? query.CompanyName);
            CompanyLookup lookup;
            if (await answers.FindOrClaim(id, ct) is { Company: { } cached })
            {
                lookup = cached;
                charges.Add(Cached(cached.Charge));
            }
            else
            {
                lookup = await provider.FindCompanyAsync(query, ct);
                await answers.Remember(new ProviderAnswer { Id = id, Provider = provider.Name, Operation = "company", Company = lookup },
                    keepAtOnce: !provider.IsEmbedded, ct);
                charges.Add(lookup.Charge);
            }
            if (lookup.Company is null) continue;
            (company, companyProvider) = (lookup.Company, provider.Name);
            break;
        }

        string? email = null;
        string? emailProvider = null;
        var status = EmailStatus.Unknown;
        foreach (var provider in InOrder(emailProviders, p => p.Name, options.Value.Email))
        {
            var query = new EmailQuery(profile.Name, company?.Name ?? profile.Company, company?.Domain ?? profile.CompanyDomain);
            var id = ProviderAnswer.IdFor(provider.Name, "email", query.FullName, query.CompanyDomain ?? query.CompanyName);
            EmailLookup lookup;
            if (await answers.FindOrClaim(id, ct) is { Email: { } cached })
            {
                lookup = cached;
                charges.AddRange(cached.Charges.Select(Cached));
            }
            else
            {
                lookup = await provider.FindEmailAsync(query, ct);
                await answers.Remember(new ProviderAnswer { Id = id, Provider = provider.Name, Operation = "email", Email = lookup },
                    keepAtOnce: !provider.IsEmbedded, ct);
                charges.AddRange(lookup.Charges);
            }
            if (lookup.Email is null) continue;
            (email, status, emailProvider) = (lookup.Email, lookup.Status, provider.Name);
            if (status.IsContactable()) break;
        }

        return new EnrichmentOutcome(company, companyProvider, email, status, emailProvider, charges);
    }

    private static ProviderCharge Cached(ProviderCharge charge) => charge with { Billable = false, Outcome = "cached" };

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
