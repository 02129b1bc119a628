namespace LeadGen.Infrastructure.SamplePlatform;

/// <summary>The one tokenizer both sides of a match use (population titles and skills, ICP criteria), so that a
/// title written "Sr. Data Engineers" and one written "Senior Data Engineer" meet on the same tokens.</summary>
internal static class SearchText
{
    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "a", "an", "and", "the", "of", "for", "in", "at", "to", "on", "or", "with", "by", "de", "du", "la", "le", "des",
    };

    /// <summary>Words that grade a role rather than name it. O*NET titles rarely carry them and seniority is its own
    /// criterion, so a criteria title "Senior Data Engineer" must still find plain "Data Engineer"s.</summary>
    private static readonly HashSet<string> Grades = new(StringComparer.Ordinal)
    {
        "senior", "junior", "lead", "principal", "staff", "entry", "level", "i", "ii", "iii", "iv",
    };

    // Titles abbreviate freely; expanding on both sides makes "VP Sales" meet "Sales Vice President".
    private static readonly Dictionary<string, string[]> Abbreviations = new(StringComparer.Ordinal)
    {
        ["sr"] = ["senior"], ["jr"] = ["junior"], ["mgr"] = ["manager"], ["eng"] = ["engineer"],
        ["dev"] = ["developer"], ["vp"] = ["vice", "president"], ["svp"] = ["senior", "vice", "president"],
        ["evp"] = ["executive", "vice", "president"], ["avp"] = ["assistant", "vice", "president"],
        ["ceo"] = ["chief", "executive", "officer"], ["cto"] = ["chief", "technology", "officer"],
        ["cfo"] = ["chief", "financial", "officer"], ["coo"] = ["chief", "operating", "officer"],
        ["cio"] = ["chief", "information", "officer"], ["cmo"] = ["chief", "marketing", "officer"],
        ["ciso"] = ["chief", "information", "security", "officer"], ["hr"] = ["human", "resource"],
        ["it"] = ["information", "technology"], ["ml"] = ["machine", "learning"],
        ["ai"] = ["artificial", "intelligence"], ["ux"] = ["user", "experience"], ["ui"] = ["user", "interface"],
        ["qa"] = ["quality", "assurance"], ["qc"] = ["quality", "control"], ["dba"] = ["database", "administrator"],
        ["swe"] = ["software", "engineer"], ["sde"] = ["software", "development", "engineer"],
        ["rn"] = ["registered", "nurse"],
    };

    public static bool IsStopWord(string token) => StopWords.Contains(token);

    public static bool IsGrade(string token) => Grades.Contains(token);

    /// <summary>Lowercase words (letters, digits, '+' and '#' so that C++ and C# survive), in order, stop words kept.</summary>
    public static List<string> Words(string text)
    {
        var lower = text.ToLowerInvariant();
        var words = new List<string>(8);
        var start = -1;
        for (var i = 0; i <= lower.Length; i++)
        {
            var inWord = i < lower.Length && (char.IsLetterOrDigit(lower[i]) || lower[i] is '+' or '#');
            if (inWord && start < 0)
            {
                start = i;
            }
            else if (!inWord && start >= 0)
            {
                words.Add(lower[start..i]);
                start = -1;
            }
        }

        return words;
    }

    /// <summary>Significant tokens: words without stop words, abbreviations expanded (for titles), plurals folded.</summary>
    public static string[] Tokens(string text, bool expandAbbreviations) => Tokens(Words(text), expandAbbreviations);

    public static string[] Tokens(IEnumerable<string> words, bool expandAbbreviations)
    {
        var tokens = new List<string>(8);
        foreach (var word in words)
        {
            if (StopWords.Contains(word))
            {
                continue;
            }

            if (expandAbbreviations && Abbreviations.TryGetValue(word, out var expansion))
            {
                foreach (var expanded in expansion)
                {
                    AddOnce(tokens, expanded);
                }
            }
            else
            {
                AddOnce(tokens, Singular(word));
            }
        }

        return tokens.ToArray();
    }

    private static void AddOnce(List<string> tokens, string token)
    {
        if (!tokens.Contains(token))
        {
            tokens.Add(token);
        }
    }

    /// <summary>Whether a wanted token is present as <paramref name="actual"/>: equal, or a short prefix of a longer
    /// word ("data" in "database", "engineer" in "engineering") — close enough in job titles, while the length
    /// limits keep "java" from matching "javascript".</summary>
    public static bool TokenMatches(string wanted, string actual) =>
        string.Equals(wanted, actual, StringComparison.Ordinal)
        || (wanted.Length >= 4 && actual.Length > wanted.Length && actual.Length - wanted.Length <= 4
            && actual.StartsWith(wanted, StringComparison.Ordinal));

    public static bool ContainsToken(IReadOnlyList<string> tokens, string wanted)
    {
        foreach (var token in tokens)
        {
            if (TokenMatches(wanted, token))
            {
                return true;
            }
        }

        return false;
    }

    // Light plural folding only: a stemmer would also merge "engineering" into "engineer", which TokenMatches
    // already allows one way, and "operations" into "operate", which nobody wants.
    private static string Singular(string word)
    {
        if (word.Length > 4 && word.EndsWith("ies", StringComparison.Ordinal))
        {
            return word[..^3] + "y";
        }

        if (word.Length > 3 && word[^1] == 's' && word[^2] is not ('s' or 'u' or 'i'))
        {
            return word[..^1];
        }

        return word;
    }
}
