using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;
using LeadGen.Application.Pipeline;
using LeadGen.Application.Ports;
using LeadGen.Domain.Prospects;
using LeadGen.Infrastructure.Providers;
using Microsoft.Extensions.Options;

namespace LeadGen.Infrastructure.Platforms.LinkedIn;

/// <summary>
/// LinkedIn as a discovery platform, through Lead Sync: the people who submitted the lead gen forms of the configured
/// ad accounts, read account after account, each to its end (see ADR 10 for why Lead Sync rather than people search).
/// <para>Lead Sync has no search: it lists everyone who filled the advertiser's forms, whatever the ICP. All of them are
/// returned; LeadGen's scoring decides who fits, as it does for every platform. Each comes with the consent they gave
/// on the form, when they gave one (<see cref="LeadFormMapping.ToConsent"/>).</para>
/// <para>A page holds up to the size asked for, across accounts when one runs out; the cursor (<see cref="LeadSyncCursor"/>)
/// names the account and the offset of the first lead not returned, so the next page starts exactly there. Offsets
/// are LinkedIn's own (Rest.li start/count): a lead submitted while a campaign pages may shift later leads by one, which
/// shows a lead twice at worst, never skips one; discovery keeps a person found twice once.</para>
/// A singleton: the forms it has read are kept (by versioned URN, so an edited form is read again), and its typed
/// client's handler recycles connections itself (<see cref="ProviderHttp"/>).
/// </summary>
public sealed partial class LinkedInPlatform : IProspectingPlatform
{
    public const string PlatformName = LinkedInApi.ProviderName;

    /// <summary>The most leads asked for in one request; a larger page takes several.</summary>
    public const int MaxCountPerRequest = 100;

    private readonly LinkedInApi api;
    private readonly string[] accounts;
    private readonly ConcurrentDictionary<string, LeadForm> forms = new(StringComparer.Ordinal);

    public LinkedInPlatform(LinkedInApi api, IOptionsMonitor<ProviderOptions> options)
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(options);
        this.api = api;
        accounts = [.. SponsoredAccounts.From(options.Get(PlatformName))];
    }

    public string Name => PlatformName;

    public async Task<PlatformPage> SearchAsync(PlatformQuery query, string? cursor, int pageSize, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query); // not used: see the class remarks on why everyone is returned
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pageSize);

        var (account, start) = Resume(cursor);
        var profiles = new List<ProspectProfile>();
        var consents = new Dictionary<string, ConsentEvidence>(StringComparer.Ordinal);
        while (account < accounts.Length && profiles.Count < pageSize)
        {
            var wanted = Math.Min(pageSize - profiles.Count, MaxCountPerRequest);
            var answer = await api.GetLeadFormResponsesAsync(SponsoredAccounts.Urn(accounts[account]), start, wanted, ct);
            // Never more than asked for, so that the cursor's offset is exactly the first lead not returned.
            var leads = (answer.Elements ?? []).Take(wanted).ToList();
            foreach (var lead in leads)
            {
                // A lead without an id cannot be told apart from any other: it is passed over (it still counts for the offset).
                if (string.IsNullOrWhiteSpace(lead.Id)) continue;
                var form = await FormOf(lead, ct);
                profiles.Add(LeadFormMapping.ToProfile(lead.Id, lead, form));
                if (LeadFormMapping.ToConsent(lead, form) is { } consent) consents[lead.Id] = consent;
            }

            start += leads.Count;
            if (!HasMore(answer.Paging, start, leads.Count, wanted))
            {
                account++;
                start = 0;
            }
        }

        var next = account < accounts.Length ? new LeadSyncCursor(accounts[account], start).Encode() : null;
        return new PlatformPage(profiles, next, consents);
    }

    /// <summary>Where to read from: the cursor's account and offset, or the first account's first lead.</summary>
    private (int Account, int Start) Resume(string? cursor)
    {
        if (LeadSyncCursor.Decode(cursor) is not { } position) return (0, 0);
        var account = Array.IndexOf(accounts, position.AccountId);
        if (account < 0)
        {
            throw new PlatformUnavailableException(
                $"{PlatformName}: sponsored account {position.AccountId}, which this campaign was reading, is no longer configured");
        }

        return (account, position.Start);
    }

    /// <summary>Whether an account has leads past <paramref name="next"/>: a "next" link or the total say so when
    /// LinkedIn gives them; otherwise a full page suggests more and an empty or short one says there is none.</summary>
    private static bool HasMore(LinkedInPaging? paging, int next, int received, int asked)
    {
        if (received == 0) return false;
        if (paging?.Links?.Any(l => string.Equals(l.Rel, "next", StringComparison.OrdinalIgnoreCase)) == true) return true;
        if (paging?.Total is { } total) return next < total;
        return received >= asked;
    }

    private async Task<LeadForm> FormOf(LeadFormResponse lead, CancellationToken ct)
    {
        var urn = lead.VersionedLeadGenFormUrn;
        if (urn is null || FormId().Match(urn) is not { Success: true } match) return LeadForm.Unknown;
        if (forms.TryGetValue(urn, out var known)) return known;

        // LinkedIn serves a form's current version. A response to an older version whose question has since gone
        // leaves that answer unmapped rather than failing the page.
        var form = await api.GetLeadFormAsync(long.Parse(match.Groups[1].ValueSpan, CultureInfo.InvariantCulture), ct);
        return forms.GetOrAdd(urn, form);
    }

    /// <summary>The form id in <c>urn:li:versionedLeadGenForm:(urn:li:leadGenForm:7234246,1)</c>.</summary>
    [GeneratedRegex(@"urn:li:leadGenForm:(\d{1,18})", RegexOptions.CultureInvariant)]
    private static partial Regex FormId();
}
