using System.Text;

namespace LeadGen.Infrastructure.Embeddings;

/// <summary>
/// The limits of the embeddings endpoint OpenAI and Azure OpenAI share (OpenAI API reference, "Create embeddings"): at
/// most 2,048 inputs in one request, at most 300,000 tokens summed over them, each input non-empty and at most 8,192
/// tokens. Larger calls are split into several requests here, before anything is sent, so no request is refused for
/// its size.
/// <para>Tokens are estimated, not counted (no tokenizer ships with the SDK): a third of the text's UTF-8 bytes. For
/// English that over-counts (a token is about four characters), which is the safe side; for scripts whose characters
/// take several bytes it still gives about a token per character.</para>
/// </summary>
public static class EmbeddingRequests
{
    public const int MaxInputsPerRequest = 2_048;
    public const int MaxTokensPerRequest = 300_000;
    public const int MaxTokensPerInput = 8_192;

    /// <summary>What an input is cut to: below the documented limit, as the token count is only estimated.</summary>
    private const int InputTokenBudget = 8_000;

    private const int BytesPerToken = 3;

    public static int EstimateTokens(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Encoding.UTF8.GetByteCount(text) / BytesPerToken + 1;
    }

    /// <summary>The text, or its beginning when it is longer than one input may be. Such a text could not be embedded
    /// at all; the first eight thousand tokens of a profile say what it is about.</summary>
    public static string FitToInputLimit(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        const int byteBudget = InputTokenBudget * BytesPerToken;
        if (Encoding.UTF8.GetByteCount(text) <= byteBudget) return text;

        // Cut between whole characters (runes), never inside a surrogate pair.
        int bytes = 0, length = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            bytes += rune.Utf8SequenceLength;
            if (bytes > byteBudget) break;
            length += rune.Utf16SequenceLength;
        }

        return text[..length];
    }

    /// <summary>Consecutive ranges of <paramref name="texts"/>, each within the per-request limits, covering them all in
    /// order. Texts must already fit one input (<see cref="FitToInputLimit"/>).</summary>
    public static IEnumerable<Range> Plan(IReadOnlyList<string> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        int start = 0, tokens = 0;
        for (var i = 0; i < texts.Count; i++)
        {
            var cost = EstimateTokens(texts[i]);
            if (i > start && (i - start == MaxInputsPerRequest || tokens + cost > MaxTokensPerRequest))
            {
                yield return start..i;
                start = i;
                tokens = 0;
            }

            tokens += cost;
        }

        if (texts.Count > start) yield return start..texts.Count;
    }
}
