using LeadGen.Infrastructure.Providers;

namespace LeadGen.Infrastructure.Platforms.LinkedIn;

/// <summary>The ad accounts whose leads discovery reads (<c>Providers:LinkedIn:SponsoredAccounts:N</c>), configured as
/// URNs (<c>urn:li:sponsoredAccount:507404993</c>, as Campaign Manager and the API show them) or bare ids, kept as ids in
/// configuration order without repeats.</summary>
internal static class SponsoredAccounts
{
    private const string UrnPrefix = "urn:li:sponsoredAccount:";

    public static string Urn(string id) => UrnPrefix + id;

    public static bool IsId(string text) => text.Length is > 0 and <= 19 && text.All(char.IsAsciiDigit);

    /// <summary>The configured accounts as ids. A value that is neither an account URN nor an id stops the start-up,
    /// rather than a campaign finding out.</summary>
    public static IReadOnlyList<string> From(ProviderOptions settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var ids = new List<string>();
        foreach (var (configured, index) in settings.SponsoredAccounts.Select((a, i) => (a?.Trim() ?? "", i)))
        {
            var id = configured.StartsWith(UrnPrefix, StringComparison.Ordinal) ? configured[UrnPrefix.Length..] : configured;
            if (!IsId(id))
            {
                throw new InvalidOperationException(
                    $"Providers:LinkedIn:SponsoredAccounts:{index} is neither a sponsored account URN (urn:li:sponsoredAccount:123) nor an account id.");
            }

            if (!ids.Contains(id)) ids.Add(id);
        }

        return ids;
    }
}
