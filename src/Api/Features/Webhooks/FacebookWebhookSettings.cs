namespace LeadGen.Api.Features.Webhooks;

/// <summary>
/// The Facebook webhook's settings, from <c>Providers:Facebook</c>: the app secret that signs notifications, the verify
/// token of the subscription handshake, and the tenant whose lead forms these are (a webhook has no caller to say so).
/// A class, not a record, so that no ToString ever prints the secrets.
/// </summary>
public sealed class FacebookWebhookSettings
{
    public const string Section = "Providers:Facebook";

    private FacebookWebhookSettings(string appSecret, string verifyToken, string tenant)
    {
        AppSecret = appSecret;
        VerifyToken = verifyToken;
        Tenant = tenant;
    }

    public string AppSecret { get; }
    public string VerifyToken { get; }
    public string Tenant { get; }

    /// <summary>The settings, or null when the webhook is not configured (no AppSecret or no VerifyToken). Configured
    /// without a tenant stops the start-up: its notifications would belong to no one.</summary>
    public static FacebookWebhookSettings? From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(Section);
        var appSecret = section["AppSecret"]?.Trim();
        var verifyToken = section["VerifyToken"]?.Trim();
        var tenant = section["Tenant"]?.Trim();
        if (string.IsNullOrEmpty(appSecret) || string.IsNullOrEmpty(verifyToken)) return null;
        if (string.IsNullOrEmpty(tenant))
        {
            throw new InvalidOperationException(
                $"{Section}:Tenant is required when the Facebook webhook is enabled ({Section}:AppSecret and :VerifyToken are set): it names the tenant whose lead forms send the notifications.");
        }

        return new FacebookWebhookSettings(appSecret, verifyToken, tenant);
    }
}
