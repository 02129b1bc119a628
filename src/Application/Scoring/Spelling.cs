namespace LeadGen.Application.Scoring;

/// <summary>
/// A title's spelling as letter trigrams of its words ("#tuft#" → #tu, tuf, uft, ft#): what lets "Tuft Machine
/// Operator" meet "Tufting Machine Operator" and "Scrap Baller" meet "Scrap Baler" where whole words and stems differ.
/// Compared by the cosine of IDF-weighted trigram counts (weights from <see cref="TitleTaxonomy.GramWeight"/>).
/// </summary>
public static class Spelling
{
    /// <summary>Each trigram of the title's lower-case words, each word padded with '#', and how often it occurs.</summary>
    public static Dictionary<string, int> Of(string? title)
    {
        var grams = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var word in TextTerms.Words(title))
        {
            var padded = "#" + word + "#";
            for (var i = 0; i + 3 <= padded.Length; i++)
            {
                var gram = padded.Substring(i, 3);
                grams[gram] = grams.GetValueOrDefault(gram) + 1;
            }
        }

        return grams;
    }
}
