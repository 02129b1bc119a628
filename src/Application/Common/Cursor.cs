using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace LeadGen.Application.Common;

/// <summary>Opaque keyset cursors: the position after the last item of a page, so paging is stable while data changes.</summary>
public static class Cursor
{
    /// <summary>A cursor is base64 of JSON that anyone can write by hand, and PostgreSQL's timestamptz parameters refuse
    /// instants at an offset other than UTC: every instant read from a cursor is read as the same instant in UTC.</summary>
    private static readonly JsonSerializerOptions Options = new() { Converters = { new InstantInUtc() } };

    public static string Encode<T>(T position) => Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(position, Options));

    public static bool TryDecode<T>(string? cursor, out T? position)
    {
        position = default;
        if (string.IsNullOrEmpty(cursor)) return true;
        try
        {
            position = JsonSerializer.Deserialize<T>(Base64Url.DecodeFromChars(cursor), Options);
            return position is not null;
        }
        catch (Exception e) when (e is FormatException or JsonException or ArgumentException)
        {
            return false;
        }
    }

    public static bool IsValid<T>(string? cursor) => TryDecode<T>(cursor, out _);

    private sealed class InstantInUtc : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.GetDateTimeOffset().ToUniversalTime();

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) => writer.WriteStringValue(value);
    }
}
