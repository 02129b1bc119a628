using LeadGen.Application.Ports;
using LeadGen.Infrastructure.Enrichment.Clearbit;
using LeadGen.Infrastructure.Enrichment.Hunter;
using LeadGen.Infrastructure.Enrichment.ZoomInfo;
using LeadGen.Infrastructure.Providers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LeadGen.Infrastructure.Enrichment;

/// <summary>
/// Registers the paid enrichment providers that configuration has credentials for, next to the embedded "local" ones.
/// A provider without credentials is not registered at all, so a machine without keys runs on the embedded defaults
/// alone, and naming such a provider in Enrichment:Company:N / Enrichment:Email:N fails at the first lookup with
/// "configured in the waterfall but not registered" instead of calling out with an empty key.
/// </summary>
public static class EnrichmentProviderRegistration
{
    public static IServiceCollection AddEnrichmentProviders(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        if (Has(configuration, HunterEmailEnrichment.ProviderName, "ApiKey"))
        {
            services.AddProviderHttpClient<HunterEmailEnrichment>(configuration, HunterEmailEnrichment.Profile, HunterEmailEnrichment.DefaultBaseUrl);
            services.AddTransient<IEmailEnrichmentProvider>(sp => sp.GetRequiredService<HunterEmailEnrichment>());
        }

        if (Has(configuration, ClearbitCompanyEnrichment.ProviderName, "ApiKey"))
        {
            services.AddProviderHttpClient<ClearbitCompanyEnrichment>(configuration, ClearbitCompanyEnrichment.Profile, ClearbitCompanyEnrichment.DefaultBaseUrl);
            services.AddTransient<ICompanyEnrichmentProvider>(sp => sp.GetRequiredService<ClearbitCompanyEnrichment>());
        }

        if (Has(configuration, ZoomInfoApi.ProviderName, "Username") && Has(configuration, ZoomInfoApi.ProviderName, "Password"))
        {
            services.AddProviderHttpClient<ZoomInfoApi>(configuration, ZoomInfoApi.Profile, ZoomInfoApi.DefaultBaseUrl);
            // One login for the whole process: the token cache outlives the (transient) typed clients.
            services.AddSingleton<ZoomInfoTokenCache>();
            services.AddTransient<ICompanyEnrichmentProvider, ZoomInfoCompanyEnrichment>();
            services.AddTransient<IEmailEnrichmentProvider, ZoomInfoEmailEnrichment>();
        }

        return services;
    }

    private static bool Has(IConfiguration configuration, string provider, string key) =>
        !string.IsNullOrWhiteSpace(configuration[$"Providers:{provider}:{key}"]);
}
