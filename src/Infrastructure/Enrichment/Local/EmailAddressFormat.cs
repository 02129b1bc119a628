using System.Text;

namespace LeadGen.Infrastructure.Enrichment.Local;

/// <summary>Builds "first.last@domain" addresses the way most companies do: lowercase ASCII, no punctuation.</summary>
public static class EmailAddressFormat
{
    // The process runs with InvariantGlobalization, where string.Normalize(FormD) is a no-op, so diacritics are
    // folded by table. Covers Latin-1, Latin Extended-A and the Vietnamese letters the sample names use.
    private static readonly Dictionary<char, string> Folds = BuildFolds();

    private static readonly HashSet<string> Honorifics = new(StringComparer.Ordinal)
    {
        "dr", "mr", "mrs", "ms", "miss", "prof", "sir", "dame",
    };

    private static readonly HashSet<string> Suffixes = new(StringComparer.Ordinal)
    {
        "jr", "sr", "ii", "iii", "iv", "phd", "md", "mba", "cpa", "esq",
    };

    // Surname particles belong to the surname: "Thijs van den Berg" is thijs.vandenberg, not thijs.berg.
    private static readonly HashSet<string> SurnameParticles = new(StringComparer.Ordinal)
    {
        "van", "von", "der", "den", "de", "del", "della", "di", "da", "dos", "das", "du", "la", "le", "al", "el",
        "bin", "ibn", "ter", "ten", "st",
    };

    /// <summary>The local part for a full name, or null when nothing usable remains. Only the first name and the
    /// surname (with its particles) are used, as middle names rarely appear in addresses; "Mary-Jane O'Brien"
    /// becomes "maryjane.obrien".</summary>
    public static string? LocalPart(string fullName)
    {
        var names = fullName.Split([' ', '\t', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries)
            .Select(Fold)
            .Where(n => n.Length > 0)
            .ToList();
        while (names.Count > 1 && Honorifics.Contains(names[0]))
        {
            names.RemoveAt(0);
        }

        while (names.Count > 1 && Suffixes.Contains(names[^1]))
        {
            names.RemoveAt(names.Count - 1);
        }

        if (names.Count == 0)
        {
            return null;
        }

        var surnameStart = names.Count - 1;
        while (surnameStart > 1 && SurnameParticles.Contains(names[surnameStart - 1]))
        {
            surnameStart--;
        }

        return names.Count == 1 ? names[0] : $"{names[0]}.{string.Concat(names.Skip(surnameStart))}";
    }

    /// <summary>Lowercase ASCII letters and digits only.</summary>
    public static string Fold(string text)
    {
        var folded = new StringBuilder(text.Length);
        foreach (var c in text.ToLowerInvariant())
        {
            if (c is >= 'a' and <= 'z' or >= '0' and <= '9')
            {
                folded.Append(c);
            }
            else if (Folds.TryGetValue(c, out var ascii))
            {
                folded.Append(ascii);
            }
        }

        return folded.ToString();
    }

    private static Dictionary<char, string> BuildFolds()
    {
        var groups = new (string Ascii, string Letters)[]
        {
            ("a", "àáâãäåāăąǎạảấầẩẫậắằẳẵặ"), ("c", "çćĉċč"), ("d", "ďđð"), ("e", "èéêëēĕėęěẹẻẽếềểễệ"),
            ("g", "ĝğġģ"), ("h", "ĥħ"), ("i", "ìíîïĩīĭįıǐịỉ"), ("j", "ĵ"), ("k", "ķ"), ("l", "ĺļľŀł"),
            ("n", "ñńņňŉ"), ("o", "òóôõöøōŏőǒọỏốồổỗộơớờởỡợ"), ("r", "ŕŗř"), ("s", "śŝşšș"), ("t", "ţťŧț"),
            ("u", "ùúûüũūŭůűųǔụủưứừửữự"), ("w", "ŵ"), ("y", "ýÿŷỳỵỷỹ"), ("z", "źżž"),
            ("ae", "æ"), ("oe", "œ"), ("ss", "ß"), ("th", "þ"),
        };
        var folds = new Dictionary<char, string>();
        foreach (var (ascii, letters) in groups)
        {
            foreach (var letter in letters)
            {
                folds[letter] = ascii;
            }
        }

        return folds;
    }
}
