namespace LeadGen.Application.Scoring;

/// <summary>
/// The tokeniser both sides of a match use (profile and ICP; titles, skills, industries, locations): lower-case
/// words of letters and digits ('+' and '#' kept, so C++ and C# survive), stop words dropped, common job-title
/// abbreviations expanded, and every word cut to a light stem, so that "Sr. Accountants", "Senior Accountant" and
/// "accounting" meet on the stem "account".
/// <para>The stemmer is deliberately light and general (English morphology, nothing learned): plurals, then agent
/// and activity suffixes (-er, -or, -ist, -ian, -ant, -ing, -ion, -ment, -ive, -al, -ic …), at most a few rounds,
/// never leaving a stem shorter than four letters. It merges "engineering"/"engineer", "director"/"direction",
/// "electrician"/"electrical", "therapist"/"therapy", "analyst"/"analysis"/"analytics".</para>
/// </summary>
public static class TextTerms
{
    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "a", "an", "and", "the", "of", "for", "in", "at", "to", "on", "or", "with", "by", "from", "as", "&", "de", "du",
        "la", "le", "des", "der", "und", "all", "other", "etc", "not", "non", "per", "via",
    };

    /// <summary>Abbreviations that job titles, skills and industries use everywhere (not learned from any data set).
    /// Ambiguous ones ("md", "pt", "pa") are left alone.</summary>
    private static readonly Dictionary<string, string[]> Abbreviations = new(StringComparer.Ordinal)
    {
        ["sr"] = ["senior"], ["snr"] = ["senior"], ["jr"] = ["junior"], ["mgr"] = ["manager"], ["mngr"] = ["manager"],
        ["mgmt"] = ["management"], ["dir"] = ["director"], ["exec"] = ["executive"], ["asst"] = ["assistant"],
        ["assoc"] = ["associate"], ["admin"] = ["administrator"], ["coord"] = ["coordinator"], ["eng"] = ["engineer"],
        ["engr"] = ["engineer"], ["dev"] = ["developer"], ["devs"] = ["developer"], ["tech"] = ["technician"],
        ["spec"] = ["specialist"], ["rep"] = ["representative"], ["reps"] = ["representative"], ["acct"] = ["accountant"],
        ["acctg"] = ["accounting"], ["mktg"] = ["marketing"], ["ops"] = ["operations"], ["supv"] = ["supervisor"],
        ["supvr"] = ["supervisor"], ["supt"] = ["superintendent"], ["maint"] = ["maintenance"], ["mfg"] = ["manufacturing"],
        ["mech"] = ["mechanic"], ["elec"] = ["electrical"], ["svc"] = ["service"], ["svcs"] = ["service"],
        ["cust"] = ["customer"], ["govt"] = ["government"], ["dept"] = ["department"], ["intl"] = ["international"],
        ["natl"] = ["national"], ["info"] = ["information"], ["sw"] = ["software"], ["hw"] = ["hardware"],
        ["vp"] = ["vice", "president"], ["svp"] = ["senior", "vice", "president"],
        ["evp"] = ["executive", "vice", "president"], ["avp"] = ["assistant", "vice", "president"],
        ["ceo"] = ["chief", "executive", "officer"], ["cto"] = ["chief", "technology", "officer"],
        ["cfo"] = ["chief", "financial", "officer"], ["coo"] = ["chief", "operating", "officer"],
        ["cio"] = ["chief", "information", "officer"], ["cmo"] = ["chief", "marketing", "officer"],
        ["ciso"] = ["chief", "information", "security", "officer"], ["cso"] = ["chief", "security", "officer"],
        ["cpo"] = ["chief", "product", "officer"], ["cro"] = ["chief", "revenue", "officer"],
        ["chro"] = ["chief", "human", "resources", "officer"], ["gm"] = ["general", "manager"],
        ["hr"] = ["human", "resources"], ["it"] = ["information", "technology"], ["ict"] = ["information", "technology"],
        ["ml"] = ["machine", "learning"], ["ai"] = ["artificial", "intelligence"], ["ux"] = ["user", "experience"],
        ["ui"] = ["user", "interface"], ["qa"] = ["quality", "assurance"], ["qc"] = ["quality", "control"],
        ["dba"] = ["database", "administrator"], ["swe"] = ["software", "engineer"],
        ["sde"] = ["software", "development", "engineer"], ["sre"] = ["site", "reliability", "engineer"],
        ["rn"] = ["registered", "nurse"], ["lpn"] = ["licensed", "practical", "nurse"],
        ["lvn"] = ["licensed", "vocational", "nurse"], ["cna"] = ["certified", "nursing", "assistant"],
        ["np"] = ["nurse", "practitioner"], ["emt"] = ["emergency", "medical", "technician"],
        ["cpa"] = ["certified", "public", "accountant"], ["sdr"] = ["sales", "development", "representative"],
        ["bdr"] = ["business", "development", "representative"], ["bd"] = ["business", "development"],
        ["ae"] = ["account", "executive"], ["csm"] = ["customer", "success", "manager"], ["r&d"] = ["research", "development"],
        ["pr"] = ["public", "relations"], ["seo"] = ["search", "engine", "optimization"], ["hvac"] = ["heating", "ventilation", "air", "conditioning"],
    };

    /// <summary>Words ending like an agent or activity that are not one: stemming them would merge unrelated roles
    /// ("officer" with "office", "engineer" with "engine").</summary>
    private static readonly HashSet<string> Protected = new(StringComparer.Ordinal)
    {
        "engineer", "officer", "career", "volunteer", "pioneer", "auctioneer", "mountaineer", "puppeteer", "data",
        "business", "series", "species", "news", "physics", "process",
    };

    // Tried longest first in each round; the replacement keeps the stem's shape ("electrician" → "electric").
    private static readonly (string Suffix, string Replacement)[] Suffixes =
    [
        ("ologists", "olog"), ("ologist", "olog"), ("ological", "olog"), ("ologies", "olog"), ("ology", "olog"),
        ("ytical", "y"), ("ytics", "y"), ("ysis", "y"), ("ysts", "y"), ("yst", "y"), ("yze", "y"), ("ytic", "y"),
        ("icians", "ic"), ("ician", "ic"), ("ical", "ic"), ("ements", ""), ("ement", ""), ("ments", ""), ("ment", ""),
        ("ations", ""), ("ation", ""), ("ators", ""), ("ator", ""), ("itions", "it"), ("ition", "it"), ("ions", ""),
        ("ion", ""), ("ings", ""), ("ing", ""), ("ists", ""), ("ist", ""), ("ants", ""), ("ant", ""), ("ives", ""),
        ("ive", ""), ("ial", ""), ("ers", ""), ("er", ""), ("ors", ""), ("or", ""), ("ics", "ic"), ("ic", ""), ("al", ""),
    ];

    private const int MinimumStem = 4;

    public static bool IsStopWord(string word) => StopWords.Contains(word);

    /// <summary>The lower-case words of a text, in order, stop words kept ("+", "#" and "&amp;" inside a word kept).</summary>
    public static List<string> Words(string? text)
    {
        var words = new List<string>(8);
        if (string.IsNullOrEmpty(text)) return words;
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var inWord = i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] is '+' or '#'
                                             || (text[i] == '&' && start >= 0 && i + 1 < text.Length && char.IsLetter(text[i + 1])));
            if (inWord && start < 0) start = i;
            else if (!inWord && start >= 0)
            {
                words.Add(text[start..i].ToLowerInvariant());
                start = -1;
            }
        }

        return words;
    }

    /// <summary>Distinct stems of a text's significant words; abbreviations expanded first unless the text is prose
    /// (where "it" is a pronoun, not information technology).</summary>
    public static string[] Stems(string? text, bool expandAbbreviations = true) => Stems(Words(text), expandAbbreviations);

    public static string[] Stems(IEnumerable<string> words, bool expandAbbreviations = true)
    {
        var stems = new List<string>(8);
        foreach (var word in expandAbbreviations ? Expand(words) : words)
        {
            if (StopWords.Contains(word)) continue;
            var stem = Stem(word);
            if (!stems.Contains(stem)) stems.Add(stem);
        }

        return stems.ToArray();
    }

    /// <summary>Words with abbreviations replaced by what they stand for; "'s" dropped.</summary>
    public static IEnumerable<string> Expand(IEnumerable<string> words)
    {
        foreach (var raw in words)
        {
            var word = raw.EndsWith("'s", StringComparison.Ordinal) ? raw[..^2] : raw;
            if (Abbreviations.TryGetValue(word, out var expansion))
            {
                foreach (var expanded in expansion) yield return expanded;
            }
            else
            {
                yield return word;
            }
        }
    }

    /// <summary>The light stem of one lower-case word.</summary>
    public static string Stem(string word)
    {
        if (word.Length <= MinimumStem || Protected.Contains(word) || !word.All(char.IsLetter)) return word;
        var stem = Singular(word);
        for (var round = 0; round < 3 && !Protected.Contains(stem); round++)
        {
            var next = StripSuffix(stem);
            if (next == stem) break;
            stem = next;
        }

        if (stem.Length > MinimumStem && stem[^1] == 'e') stem = stem[..^1];
        else if (stem.Length > MinimumStem && stem[^1] == 'y' && !IsVowel(stem[^2])) stem = stem[..^1];
        return stem;
    }

    private static string Singular(string word)
    {
        if (word.Length > 4 && word.EndsWith("ies", StringComparison.Ordinal)) return word[..^3] + "y";
        if (word.EndsWith("sses", StringComparison.Ordinal)) return word[..^2];
        if (word.Length > 4 && (word.EndsWith("ches", StringComparison.Ordinal) || word.EndsWith("shes", StringComparison.Ordinal)
                                || word.EndsWith("xes", StringComparison.Ordinal) || word.EndsWith("zes", StringComparison.Ordinal)))
            return word[..^2];
        if (word.Length > 3 && word[^1] == 's' && word[^2] is not ('s' or 'u' or 'i')) return word[..^1];
        return word;
    }

    private static string StripSuffix(string word)
    {
        foreach (var (suffix, replacement) in Suffixes)
        {
            if (word.Length - suffix.Length + replacement.Length < MinimumStem || !word.EndsWith(suffix, StringComparison.Ordinal)) continue;
            var stem = word[..^suffix.Length] + replacement;
            // "programming" → "programm" → "program"; "planner" → "plann" → "plan".
            if (replacement.Length == 0 && stem.Length > MinimumStem && stem[^1] == stem[^2] && !IsVowel(stem[^1]) && stem[^1] is not ('l' or 's' or 'z'))
                stem = stem[..^1];
            return stem;
        }

        return word;
    }

    private static bool IsVowel(char c) => c is 'a' or 'e' or 'i' or 'o' or 'u';
}
