using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace LeadGen.Infrastructure.Platforms.LinkedIn;

/// <summary>
/// Where discovery stopped in LinkedIn's lead lists: the ad account being read and the offset (Rest.li <c>start</c>) of
/// its next unread lead. The account is named by its id rather than its position in configuration, so a cursor stored
/// in a campaign stays right if <c>Providers:LinkedIn:SponsoredAccounts</c> is reordered between two pages.
/// Encoded as base64url of <c>li1:{accountId}:{start}</c>: opaque to callers, versioned for a later format.
/// </summary>
internal readonly record struct LeadSyncCursor(string AccountId, int Start)
{
    private const string Prefix = "li1:";

    public string Encode() =>
        Base64Url.EncodeToString(Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{Prefix}{AccountId}:{Start}")));

    /// <summary>The cursor's position, or null for the first page.</summary>
    public static LeadSyncCursor? Decode(string? cursor)
    {
        if (string.IsNullOrEmpty(cursor)) return null;
        try
        {
            var text = Encoding.ASCII.GetString(Base64Url.DecodeFromChars(cursor));
            var parts = text.StartsWith(Prefix, StringComparison.Ordinal) ? text[Prefix.Length..].Split(':') : [];
            if (parts.Length == 2 && SponsoredAccounts.IsId(parts[0])
                && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var start))
            {
                return new LeadSyncCursor(parts[0], start);
            }
        }
        catch (FormatException)
        {
            // reported below
        }

        throw new ArgumentException("Not a cursor issued by the LinkedIn platform.", nameof(cursor));
    }
}
