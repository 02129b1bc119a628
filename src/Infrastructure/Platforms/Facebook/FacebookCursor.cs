using System.Buffers.Text;
using System.Text.Json;

namespace LeadGen.Infrastructure.Platforms.Facebook;

/// <summary>
/// The Facebook platform's opaque paging cursor: the configured lead form being read and Graph's own cursor within it
/// (<see cref="After"/>; null means from the form's first lead), as base64url JSON so that callers carry it without
/// building or editing it. The form is named by its id rather than its position, so editing
/// <c>Providers:Facebook:Forms</c> during a campaign cannot make a cursor read another form's leads.
/// </summary>
internal sealed record FacebookCursor(string Form, string? After)
{
    public string Encode() => Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(this));

    public static FacebookCursor Decode(string cursor)
    {
        try
        {
            if (JsonSerializer.Deserialize<FacebookCursor>(Base64Url.DecodeFromChars(cursor)) is { Form.Length: > 0 } decoded)
            {
                return decoded;
            }
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            // fall through: reported below
        }

        throw new ArgumentException("Not a cursor issued by the facebook platform.", nameof(cursor));
    }
}
