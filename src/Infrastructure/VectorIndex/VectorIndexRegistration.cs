using LeadGen.Application.Ports;
using LeadGen.Infrastructure.Providers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace LeadGen.Infrastructure.VectorIndex;

/// <summary>
/// Registers the <see cref="IVectorIndex"/> that <c>VectorIndex:Provider</c> names: <c>postgres</c> (the default, exact
/// search in the application's database) or <c>pinecone</c>. A mistake in these settings stops the application at
/// start-up with a message naming the setting, rather than at the first campaign.
/// </summary>
public static class VectorIndexRegistration
{
    public const string ProviderSetting = "VectorIndex:Provider";
    public const string Postgres = "postgres";
    public const string Pinecone = PineconeVectorIndex.ProviderName;

    /// <summary>The key of the <see cref="NpgsqlDataSource"/> the PostgreSQL index uses: its own pool, so a long scan
    /// never holds a connection Marten is waiting for.</summary>
    public const string DataSourceKey = "vector-index";

    public static IServiceCollection AddVectorIndex(this IServiceCollection services, IConfiguration configuration, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        var provider = configuration[ProviderSetting]?.Trim();
        switch (string.IsNullOrEmpty(provider) ? Postgres : provider.ToLowerInvariant())
        {
            case Postgres:
                if (string.IsNullOrWhiteSpace(connectionString))
                {
                    throw new InvalidOperationException($"{ProviderSetting} is \"{Postgres}\" but no PostgreSQL connection string was given (ConnectionStrings:Postgres).");
                }

                services.AddKeyedSingleton(DataSourceKey, (_, _) => NpgsqlDataSource.Create(connectionString));
                services.AddSingleton<IVectorIndex>(sp => new PostgresVectorIndex(sp.GetRequiredKeyedService<NpgsqlDataSource>(DataSourceKey)));
                break;

            case Pinecone:
                var host = Required(configuration, "BaseUrl");
                Required(configuration, "ApiKey");
                if (!Uri.TryCreate(host, UriKind.Absolute, out var hostUri) || hostUri.Scheme is not ("https" or "http"))
                {
                    throw new InvalidOperationException(
                        $"Providers:Pinecone:BaseUrl must be the index's host as an absolute URL (https://<index>-<project>.svc.<region>.pinecone.io), not \"{host}\".");
                }

                // Pinecone documents 100 requests a second per namespace for query, upsert and delete, and 100 fetches a
                // second per index: the shared limiter's default of 10 would be the bottleneck. Configuration still wins:
                // this runs before AddProviderHttpClient binds Providers:Pinecone.
                services.Configure<ProviderOptions>(Pinecone, o => o.RateLimit.PermitsPerSecond = 100);
                // The index host has no sensible default: the configured one is passed as the default too.
                services.AddProviderHttpClient<PineconeVectorIndex>(configuration, PineconeVectorIndex.Profile, hostUri);
                // A singleton: Wolverine handlers take it as a dependency built once, not located per message.
                services.AddSingleton<IVectorIndex>(sp => sp.GetRequiredService<PineconeVectorIndex>());
                break;

            default:
                throw new InvalidOperationException(
                    $"{ProviderSetting} is \"{provider}\", which is not a vector index LeadGen knows. Use one of: {Postgres} (default), {Pinecone}.");
        }

        return services;
    }

    private static string Required(IConfiguration configuration, string key)
    {
        var value = configuration[$"Providers:Pinecone:{key}"];
        return string.IsNullOrWhiteSpace(value)
            ? throw new InvalidOperationException($"{ProviderSetting} is \"{Pinecone}\" but Providers:Pinecone:{key} is not set.")
            : value.Trim();
    }
}
