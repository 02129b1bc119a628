using System.Globalization;
using System.Text.Json;
using FluentValidation;
using FluentValidation.Results;

namespace LeadGen.Application.Features.Webhooks;

/// <summary>One <c>leadgen</c> change of a webhook notification: a lead was submitted on a Page's form.</summary>
public sealed record LeadgenChange(string LeadgenId, string? PageId, string? FormId, DateTimeOffset? CreatedTime);

/// <summary>
/// Reads Meta's Page webhook notification: <c>{"object":"page","entry":[{"id":page,"time":…,"changes":[{"field":"leadgen",
/// "value":{"leadgen_id","page_id","form_id","adgroup_id","ad_id","created_time"}}]}]}</c>. Ids may come as strings or
/// numbers, <c>created_time</c> as Unix seconds. Changes of other fields, and notifications about other objects, are
/// acknowledged and ignored: Meta disables a webhook that keeps refusing deliveries. What is not a notification at all
/// is a 400 (a <see cref="ValidationException"/> on "body") whose message never quotes the payload.
/// </summary>
public static class FacebookLeadgenPayload
{
    public static IReadOnlyList<LeadgenChange> Parse(ReadOnlyMemory<byte> body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            throw Malformed("The body is not JSON.");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw Malformed("The body must be a JSON object.");
            if (Text(root, "object") != "page") return [];
            if (!root.TryGetProperty("entry", out var entries) || entries.ValueKind != JsonValueKind.Array)
                throw Malformed("entry must be an array.");

            var changes = new List<LeadgenChange>();
            foreach (var entry in entries.EnumerateArray())
            {
                if (entry.ValueKind != JsonValueKind.Object) throw Malformed("Each entry must be an object.");
                if (!entry.TryGetProperty("changes", out var list)) continue;
                if (list.ValueKind != JsonValueKind.Array) throw Malformed("entry.changes must be an array.");
                foreach (var change in list.EnumerateArray())
                {
                    if (change.ValueKind != JsonValueKind.Object) throw Malformed("Each change must be an object.");
                    if (Text(change, "field") != "leadgen") continue;
                    changes.Add(Leadgen(change, entry));
                }
            }

            return changes;
        }
    }

    private static LeadgenChange Leadgen(JsonElement change, JsonElement entry)
    {
        if (!change.TryGetProperty("value", out var value) || value.ValueKind != JsonValueKind.Object)
            throw Malformed("A leadgen change must have a value object.");
        var leadgenId = Text(value, "leadgen_id") ?? throw Malformed("A leadgen change must name its leadgen_id.");
        return new LeadgenChange(leadgenId, Text(value, "page_id") ?? Text(entry, "id"), Text(value, "form_id"), Time(value, "created_time"));
    }

    /// <summary>A string or an integer property as text; null when absent, empty or of another kind.</summary>
    private static string? Text(JsonElement element, string property)
    {
        if (!element.TryGetProperty(property, out var value)) return null;
        var text = value.ValueKind switch
        {
            JsonValueKind.String => value.GetString()?.Trim(),
            JsonValueKind.Number when value.TryGetInt64(out var number) => number.ToString(CultureInfo.InvariantCulture),
            _ => null,
        };
        return string.IsNullOrEmpty(text) ? null : text;
    }

    private static DateTimeOffset? Time(JsonElement element, string property)
    {
        var text = Text(element, property);
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            && seconds <= DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            return DateTimeOffset.FromUnixTimeSeconds(seconds);
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) ? time : null;
    }

    private static ValidationException Malformed(string message) => new([new ValidationFailure("body", message)]);
}
