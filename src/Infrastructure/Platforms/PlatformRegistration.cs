using LeadGen.Application.Ports;
using LeadGen.Infrastructure.Platforms.LinkedIn;
using LeadGen.Infrastructure.Providers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LeadGen.Infrastructure.Platforms;

/// <summary>
/// Registers the real discovery platforms that configuration has credentials for, next to the embedded "sample" one.
/// A platform without credentials is not registered at all, so a campaign naming it is refused (422) instead of
/// calling out with empty credentials.
/// </summary>
public static class PlatformRegistration
{
    /// <summary>LinkedIn Lead Sync, when <c>Providers:LinkedIn:ClientId</c>, <c>:ClientSecret</c> and <c>:RefreshToken</c>
    /// are set. Credentials without <c>:SponsoredAccounts:N</c>, or an account that is neither a URN nor an id, stop the
    /// start-up: such a platform could never discover anyone.</summary>
    public static IServiceCollection AddLinkedInPlatform(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        var section = configuration.GetSection($"Providers:{LinkedInApi.ProviderName}");
        if (new[] { "ClientId", "ClientSecret", "RefreshToken" }.Any(key => string.IsNullOrWhiteSpace(section[key]))) return services;

        var settings = section.Get<ProviderOptions>() ?? new ProviderOptions();
        if (SponsoredAccounts.From(settings).Count == 0)
        {
            throw new InvalidOperationException(
                "Providers:LinkedIn has credentials but no SponsoredAccounts: name the ad accounts whose lead forms LinkedIn discovery reads.");
        }

        services.AddProviderHttpClient<LinkedInApi>(configuration, LinkedInApi.Profile, LinkedInApi.DefaultBaseUrl);
        // One token for the process: the provider outlives the (transient) typed clients that use it.
        services.AddSingleton<LinkedInTokenProvider>();
        services.AddSingleton<IProspectingPlatform, LinkedInPlatform>();
        return services;
    }
}
