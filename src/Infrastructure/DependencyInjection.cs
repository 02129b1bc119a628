using LeadGen.Application.Alerts;
using LeadGen.Application.Compliance;
using LeadGen.Application.Enrichment;
using LeadGen.Application.Ports;
using LeadGen.Infrastructure.Alerts;
using LeadGen.Infrastructure.Compliance;
using LeadGen.Infrastructure.Embeddings;
using LeadGen.Infrastructure.Enrichment;
using LeadGen.Infrastructure.Enrichment.Local;
using LeadGen.Infrastructure.Persistence;
using LeadGen.Infrastructure.Platforms;
using LeadGen.Infrastructure.Platforms.Facebook;
using LeadGen.Infrastructure.Providers;
using LeadGen.Infrastructure.SamplePlatform;
using LeadGen.Infrastructure.Scoring;
using LeadGen.Infrastructure.VectorIndex;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

using LeadGen.Infrastructure.Messaging;

namespace LeadGen.Infrastructure;

public static class DependencyInjection
{
    /// <summary>Every port with its adapter: the embedded defaults unless configuration names a real provider.</summary>
    public static IServiceCollection AddLeadGenInfrastructure(this IServiceCollection services, IConfiguration configuration, string connectionString)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddLeadGenMarten(connectionString);
        services.AddSingleton(sp => new ApiFirst(sp.GetRequiredService<TimeProvider>(),
            configuration.GetValue("Pipeline:YieldToApiAboveRequestsPerSecond", 100),
            new Npgsql.NpgsqlConnectionStringBuilder(connectionString).Database ?? ""));

        // More people than the default only for runs that need them (a 100,000-prospect benchmark); the first 50,000
        // are the default population's, so stored external ids keep pointing at the same people.
        services.AddSingleton(_ => new SamplePopulation(configuration.GetValue("Providers:Sample:People", SamplePopulation.DefaultSize)));
        services.AddSingleton<IProspectingPlatform, SamplePlatform.SamplePlatform>();
        services.AddLinkedInPlatform(configuration);
        services.AddFacebookPlatform(configuration);

        services.Configure<EnrichmentOptions>(configuration.GetSection("Enrichment"));
        services.AddSingleton<ICompanyEnrichmentProvider>(sp => new LocalCompanyEnrichment(
            sp.GetRequiredService<SamplePopulation>(), configuration.GetValue("Providers:Local:CompanyPricePerCall", 0.01m)));
        services.AddSingleton<IEmailEnrichmentProvider>(sp => new LocalEmailEnrichment(
            sp.GetRequiredService<SamplePopulation>(), configuration.GetValue("Providers:Local:EmailPricePerCall", 0.02m)));
        services.AddSharedRateLimits(configuration, connectionString);
        services.AddEnrichmentProviders(configuration);
        // A singleton may hold the providers' typed HttpClients: their handlers recycle pooled connections every two
        // minutes (ProviderHttp), so DNS changes are still picked up.
        services.AddSingleton<EnrichmentWaterfall>();

        services.AddEmbeddings(configuration, connectionString);
        services.AddMatching(configuration);
        services.AddVectorIndex(configuration, connectionString);

        services.Configure<ComplianceOptions>(configuration.GetSection("Compliance"));
        services.Configure<Application.Features.Analytics.AnalyticsOptions>(configuration.GetSection("Analytics"));
        services.AddSingleton(sp => DataProcessors.From(
            sp.GetServices<IProspectingPlatform>().Select(p => p.Name),
            sp.GetServices<ICompanyEnrichmentProvider>().Select(p => p.Name),
            sp.GetServices<IEmailEnrichmentProvider>().Select(p => p.Name),
            sp.GetRequiredService<EmbeddingPricing>().Provider,
            configuration[VectorIndexRegistration.ProviderSetting] ?? "postgres"));
        services.AddHostedService<RetentionSchedule>();

        services.Configure<AlertOptions>(configuration.GetSection("Alerts"));
        services.AddHostedService<TenantBudgetSchedule>();
        // Pooled connections are recycled, so the singleton that holds the client still follows DNS changes.
        services.AddHttpClient(nameof(SignedAlertWebhook))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) });
        services.AddSingleton<IAlertWebhook>(sp => new SignedAlertWebhook(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(SignedAlertWebhook)),
            sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<AlertOptions>>(), sp.GetRequiredService<TimeProvider>()));
        return services;
    }
}
