using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace LeadGen.Infrastructure.Providers;

/// <summary>Makes every provider's rate limiter one shared by all nodes on the same PostgreSQL (<see cref="SharedRateLimiter"/>),
/// unless <c>RateLimiting:Shared</c> is false, when each node limits itself (<see cref="ProviderRateLimiter"/>).</summary>
public sealed class SharedRateLimits(NpgsqlDataSource database, TimeSpan margin)
{
    public SharedRateLimiter For(string provider, ProviderOptions options) =>
        new(database, provider, options.RateLimit.PermitsPerSecond, TimeSpan.FromSeconds(options.TotalTimeoutSeconds), margin);
}

public static class SharedRateLimitsRegistration
{
    public static IServiceCollection AddSharedRateLimits(this IServiceCollection services, IConfiguration configuration, string connectionString)
    {
        if (!configuration.GetValue("RateLimiting:Shared", true)) return services;
        // A pool of its own: waiting for a permit never holds a connection Marten or Wolverine needs.
        services.AddSingleton(new SharedRateLimits(NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(connectionString)
        {
            MaxPoolSize = 10, ApplicationName = "leadgen-rate-limits",
        }.ConnectionString), TimeSpan.FromSeconds(configuration.GetValue("RateLimiting:MarginSeconds", 0.5))));
        return services;
    }
}
