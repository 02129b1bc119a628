using LeadGen.Application.Pipeline;
using LeadGen.Application.Ports;
using LeadGen.Domain.Prospects;

namespace LeadGen.Infrastructure.Platforms.Facebook;

/// <summary>
/// Facebook Lead Ads as a platform: the people who submitted the configured lead forms (<c>Providers:Facebook:Forms</c>),
/// read form after form through the Graph API. Everyone is returned whatever the ICP: a lead form is not searchable, and
/// LeadGen's scoring decides who fits. Each comes with <see cref="ConsentEvidence"/>, because submitting the form was
/// their own act, so they are processed on the basis of consent.
/// <para>Discovery pulls: it reads the forms' leads from Graph each time. The webhook (<c>POST /webhooks/facebook</c>)
/// only records that a lead arrived (<c>FacebookLeadNotification</c>); those records can later drive an incremental
/// sync, but today a campaign sees a lead because it reads the form, not because it was notified.</para>
/// <para>Paging: one call fills the page from as many Graph pages and forms as it takes, asking Graph for no more
/// leads than still fit, so Graph's cursor after the last lead taken is exactly where the next call resumes. A call
/// that fails part-way returns nothing and is repeated from the same cursor, which reads the same leads again.</para>
/// </summary>
public sealed class FacebookLeadAdsPlatform(FacebookGraphApi graph) : IProspectingPlatform
{
    public const string PlatformName = "facebook";

    public string Name => PlatformName;

    public async Task<PlatformPage> SearchAsync(PlatformQuery query, string? cursor, int pageSize, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pageSize);

        // Trimmed and distinct: a form listed twice would otherwise be read twice, and moving on "to the form after
        // this one" would loop.
        var forms = graph.Forms.Where(f => !string.IsNullOrWhiteSpace(f)).Select(f => f.Trim()).Distinct(StringComparer.Ordinal).ToList();
        var position = Start(cursor, forms);
        var profiles = new List<ProspectProfile>();
        var consents = new Dictionary<string, ConsentEvidence>(StringComparer.Ordinal);

        while (position is not null && profiles.Count < pageSize)
        {
            var page = await ReadAsync(position, pageSize - profiles.Count, ct);
            foreach (var lead in page.Data ?? [])
            {
                if (FacebookLeadMapping.ToProfile(lead) is not { } profile) continue;
                profiles.Add(profile);
                if (FacebookLeadMapping.ToConsent(lead, position.Form) is { } consent) consents[profile.ExternalId] = consent;
            }

            // An empty page ends the form even if Graph offers a next one: nothing was read, so following it could
            // only go round in circles.
            position = page.NextAfter is { } after && page.Data is { Count: > 0 }
                ? position with { After = after }
                : NextForm(forms, position.Form);
        }

        return new PlatformPage(profiles, position?.Encode(), consents);
    }

    private static FacebookCursor? Start(string? cursor, List<string> forms)
    {
        if (forms.Count == 0)
        {
            throw new PlatformUnavailableException($"{PlatformName}: no lead forms are configured (Providers:Facebook:Forms)");
        }

        if (string.IsNullOrEmpty(cursor)) return new FacebookCursor(forms[0], null);

        var position = FacebookCursor.Decode(cursor);
        return forms.Contains(position.Form)
            ? position
            : throw new PlatformUnavailableException($"{PlatformName}: the lead form this campaign was reading is no longer configured");
    }

    private static FacebookCursor? NextForm(List<string> forms, string current)
    {
        var next = forms.IndexOf(current) + 1;
        return next < forms.Count ? new FacebookCursor(forms[next], null) : null;
    }

    /// <summary>One Graph page. A refusal for good (an expired token, a form we may not read) fails Facebook's share of
    /// the campaign; throttling and outages stay <see cref="ProviderFailure"/>s for the pipeline to reschedule or retry.</summary>
    private async Task<GraphLeadPage> ReadAsync(FacebookCursor position, int limit, CancellationToken ct)
    {
        try
        {
            return await graph.ReadLeadsAsync(position.Form, position.After, limit, ct);
        }
        catch (ProviderFailure failure) when (failure.Kind == ProviderFailureKind.Permanent)
        {
            throw new PlatformUnavailableException(failure.Message);
        }
    }
}
