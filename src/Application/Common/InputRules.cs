using FluentValidation;

namespace LeadGen.Application.Common;

/// <summary>Validation rules shared by the use cases for values that would otherwise fail deep in a write, as a 500,
/// instead of being refused up front as a 400 that names the field.</summary>
public static class InputRules
{
    public const string PlainTextMessage =
        "'{PropertyName}' must not contain NUL or other control characters (tab and line breaks are fine), nor unpaired surrogates.";

    /// <summary>
    /// Text that can be stored and shown: PostgreSQL cannot hold NUL in text or jsonb, and an unpaired surrogate has no
    /// UTF-8 encoding, so either fails the write. The other control characters go with them: they mean nothing in a name,
    /// a reason or a profile and only hide text from whoever reads it (terminal escapes, bells, backspaces).
    /// </summary>
    public static IRuleBuilderOptions<T, TText> PlainText<T, TText>(this IRuleBuilder<T, TText> rule) where TText : IEnumerable<char>? =>
        rule.Must(text => IsPlainText(text as string)).WithMessage(PlainTextMessage);

    /// <summary>An id a caller names: the empty GUID is never issued, and Marten refuses it as a stream id with an exception.</summary>
    public static IRuleBuilderOptions<T, Guid> NotEmptyId<T>(this IRuleBuilder<T, Guid> rule) =>
        rule.NotEqual(Guid.Empty).WithMessage("'{PropertyName}' is the empty GUID, which no resource has.");

    public static bool IsPlainText(string? text)
    {
        if (text is null) return true;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }
            if (char.IsSurrogate(c)) return false;
            if (char.IsControl(c) && c is not ('\t' or '\n' or '\r')) return false;
        }
        return true;
    }
}
