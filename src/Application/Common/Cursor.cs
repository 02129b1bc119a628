using System.Buffers.Text;
using System.Text;
using System.Text.Json;

namespace LeadGen.Application.Common;

/// <summary>Opaque keyset cursors: the position after the last item of a page, so paging is stable while data changes.</summary>
public static class Cursor
{
    public static string Encode<T>(T position) => Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(position));

    public static bool TryDecode<T>(string? cursor, out T? position)
    {
        position = default;
        if (string.IsNullOrEmpty(cursor)) return true;
        try
        {
            position = JsonSerializer.Deserialize<T>(Base64Url.DecodeFromChars(cursor));
            return position is not null;
        }
        catch (Exception e) when (e is FormatException or JsonException or ArgumentException)
        {
            return false;
        }
    }

    public static bool IsValid<T>(string? cursor) => TryDecode<T>(cursor, out _);
}
