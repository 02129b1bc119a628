using System.Globalization;
using System.Text;

namespace LeadGen.Infrastructure.SamplePlatform;

/// <summary>The sample platform's opaque paging cursor: an offset into the (deterministic) ranking, base64url-encoded
/// so that callers do not build or edit it.</summary>
internal static class PageCursor
{
    private const string Prefix = "sample-offset:";

    public static string Encode(int offset) =>
        Convert.ToBase64String(Encoding.ASCII.GetBytes(Prefix + offset.ToString(CultureInfo.InvariantCulture)))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static int Decode(string? cursor)
    {
        if (string.IsNullOrEmpty(cursor))
        {
            return 0;
        }

        try
        {
            var base64 = cursor.Replace('-', '+').Replace('_', '/');
            base64 = base64.PadRight(base64.Length + (4 - base64.Length % 4) % 4, '=');
            var text = Encoding.ASCII.GetString(Convert.FromBase64String(base64));
            if (text.StartsWith(Prefix, StringComparison.Ordinal)
                && int.TryParse(text.AsSpan(Prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var offset))
            {
                return offset;
            }
        }
        catch (FormatException)
        {
            // fall through: reported below with the cursor's own text
        }

        throw new ArgumentException($"'{cursor}' is not a cursor issued by the sample platform.", nameof(cursor));
    }
}
