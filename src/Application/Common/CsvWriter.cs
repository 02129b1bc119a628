using System.Buffers;
using System.Text;

namespace LeadGen.Application.Common;

/// <summary>A table to download as CSV: its file name, its header, and its rows, read from the database only as they are
/// written out.</summary>
public sealed record CsvTable(string FileName, IReadOnlyList<string> Header, IAsyncEnumerable<string?[]> Rows);

/// <summary>
/// Writes a <see cref="CsvTable"/> as RFC 4180 CSV (UTF-8, CRLF line ends, fields quoted when they hold a comma, a quote
/// or a line break, quotes doubled). The rows go out as they come through a small buffer, so a download of any length
/// takes the same memory. Names, titles and companies come from platforms and are untrusted: a field a spreadsheet
/// would run as a formula (starting with =, +, -, @, tab or CR) gets a leading apostrophe, which spreadsheets show as
/// text (OWASP's advice on CSV injection). The numbers written here are never negative, so none of them is altered.
/// </summary>
public static class CsvWriter
{
    public const string ContentType = "text/csv; charset=utf-8";

    private const int BufferChars = 16 * 1024;
    private static readonly SearchValues<char> NeedsQuotes = SearchValues.Create(",\"\r\n");
    private static readonly SearchValues<char> FormulaStarts = SearchValues.Create("=+-@\t\r");
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public static async Task WriteAsync(Stream output, CsvTable table, CancellationToken ct)
    {
        // Asynchronous writes only: the response stream refuses synchronous ones.
        await using var writer = new StreamWriter(output, Utf8, BufferChars, leaveOpen: true);
        var line = new StringBuilder(512);
        await WriteRecord(writer, line, table.Header, ct);
        await foreach (var row in table.Rows.WithCancellation(ct))
            await WriteRecord(writer, line, row, ct);
        await writer.FlushAsync(ct);
    }

    /// <summary>One field as it appears in the file.</summary>
    public static string Field(string? value) => Append(new StringBuilder(), value).ToString();

    private static Task WriteRecord(StreamWriter writer, StringBuilder line, IReadOnlyList<string?> fields, CancellationToken ct)
    {
        line.Clear();
        for (var i = 0; i < fields.Count; i++)
        {
            if (i > 0) line.Append(',');
            Append(line, fields[i]);
        }
        line.Append("\r\n");
        return writer.WriteAsync(line, ct);
    }

    private static StringBuilder Append(StringBuilder line, string? value)
    {
        if (string.IsNullOrEmpty(value)) return line;
        var neutralised = FormulaStarts.Contains(value[0]);
        if (!value.AsSpan().ContainsAny(NeedsQuotes))
            return neutralised ? line.Append('\'').Append(value) : line.Append(value);
        line.Append('"');
        if (neutralised) line.Append('\'');
        foreach (var c in value)
        {
            if (c == '"') line.Append('"');
            line.Append(c);
        }
        return line.Append('"');
    }
}
