using LeadGen.Application.Ports;
using LeadGen.Infrastructure.Providers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LeadGen.Infrastructure.Platforms.Facebook;

/// <summary>
/// Registers Facebook Lead Ads as a platform when <c>Providers:Facebook:AccessToken</c> is set, next to the embedded
/// "sample". Without a token nothing is registered, so a campaign naming "facebook" is refused with 422 instead of
/// calling Graph with an empty token. A token without forms stops the start-up: there would be nothing to read.
/// <para>The webhook (<c>/webhooks/facebook</c>) is the API's, configured by AppSecret, VerifyToken and Tenant; it needs
/// no access token and nothing registered here.</para>
/// </summary>
public static class FacebookRegistration
{
    private const string Section = "Providers:Facebook";

    public static IServiceCollection AddFacebookPlatform(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        var section = configuration.GetSection(Section);
        if (string.IsNullOrWhiteSpace(section["AccessToken"])) return services;

        var forms = section.GetSection("Forms").Get<string[]>() ?? [];
        if (!forms.Any(f => !string.IsNullOrWhiteSpace(f)))
        {
            throw new InvalidOperationException(
                $"{Section}:AccessToken is set but {Section}:Forms names no lead form: list the form ids whose leads discovery reads ({Section}:Forms:0, …).");
        }

        services.AddProviderHttpClient<FacebookGraphApi>(configuration, FacebookGraphApi.Profile, FacebookGraphApi.DefaultBaseUrl);
        // A singleton like the other platforms; it holds the typed client for the process, whose handler recycles its
        // pooled connections (ProviderHttp), so DNS changes are still seen.
        services.AddSingleton<IProspectingPlatform>(sp => new FacebookLeadAdsPlatform(sp.GetRequiredService<FacebookGraphApi>()));
        return services;
    }
}
