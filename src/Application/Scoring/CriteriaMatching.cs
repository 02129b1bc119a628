using LeadGen.Domain.Icps;

namespace LeadGen.Application.Scoring;

/// <summary>How well one structured criterion of an ICP is met, as a value in [0, 1] and a sentence; null when the
/// profile does not say (the criterion is then left out rather than counted as a miss).</summary>
public sealed record CriterionMatch(double Value, string Detail);

/// <summary>The structured criteria other than the title, each compared on normalised words (TextTerms): nothing here
/// is learned from data.</summary>
public static class CriteriaMatching
{
    private static readonly string[] SeniorityLadder = ["entry", "senior", "manager", "director", "vp", "cxo"];

    /// <summary>Exact seniority 1; one step away on entry → senior → manager → director → vp → cxo 0.5 (an owner is
    /// next to cxo, a partner next to director and vp); otherwise 0.</summary>
    public static CriterionMatch Seniority(IReadOnlyCollection<string> wanted, string actual)
    {
        actual = actual.Trim().ToLowerInvariant();
        if (wanted.Any(w => string.Equals(w, actual, StringComparison.OrdinalIgnoreCase)))
            return new CriterionMatch(1, $"seniority '{actual}' is wanted");
        var near = wanted.FirstOrDefault(w => Adjacent(w.Trim().ToLowerInvariant(), actual));
        return near is not null
            ? new CriterionMatch(0.5, $"seniority '{actual}' is next to the wanted '{near}'")
            : new CriterionMatch(0, $"seniority '{actual}' is not among {string.Join(", ", wanted)}");
    }

    private static bool Adjacent(string a, string b)
    {
        static bool Pair(string x, string y, string p, string q) => (x == p && y == q) || (x == q && y == p);
        if (Pair(a, b, "owner", "cxo") || Pair(a, b, "partner", "director") || Pair(a, b, "partner", "vp")) return true;
        var i = Array.IndexOf(SeniorityLadder, a);
        var j = Array.IndexOf(SeniorityLadder, b);
        return i >= 0 && j >= 0 && Math.Abs(i - j) == 1;
    }

    /// <summary>Share of the wanted skills the person lists, out of at most three (nobody lists every skill an ICP
    /// names; three of them is a full match). A skill matches when one's words contain the other's ("Python" and
    /// "Python programming").</summary>
    public static CriterionMatch? Skills(IReadOnlyList<string[]> wanted, IReadOnlyList<string> wantedText, IReadOnlyList<string> actual)
    {
        if (actual.Count == 0 || wanted.Count == 0) return null;
        var actualStems = actual.Select(s => TextTerms.Stems(s)).Where(s => s.Length > 0).ToArray();
        var matched = new List<string>();
        for (var i = 0; i < wanted.Count; i++)
        {
            if (wanted[i].Length > 0 && actualStems.Any(a => Contains(a, wanted[i]) || Contains(wanted[i], a))) matched.Add(wantedText[i]);
        }

        var needed = Math.Min(wanted.Count, 3);
        var value = Math.Min(1.0, (double)matched.Count / needed);
        return new CriterionMatch(value, matched.Count == 0
            ? "none of the wanted skills listed"
            : $"{matched.Count} of the wanted skills listed ({string.Join(", ", matched.Take(5))}), {needed} needed for a full match");
    }

    /// <summary>Best word overlap (Dice of stems) between the person's industry and a wanted one: "Software
    /// Development" meets "Software Development" fully and "Computer Software" by two thirds.</summary>
    public static CriterionMatch? Industry(IReadOnlyList<string[]> wanted, IReadOnlyList<string> wantedText, string? actual)
    {
        if (string.IsNullOrWhiteSpace(actual) || wanted.Count == 0) return null;
        var stems = TextTerms.Stems(actual);
        var (best, index) = (0.0, -1);
        for (var i = 0; i < wanted.Count; i++)
        {
            var dice = Dice(stems, wanted[i]);
            if (dice > best) (best, index) = (dice, i);
        }

        return new CriterionMatch(best, index < 0
            ? $"industry '{actual}' is not among {string.Join(", ", wantedText)}"
            : $"industry '{actual}' ~ '{wantedText[index]}'");
    }

    /// <summary>1 when a wanted place is named in the person's location ("Germany" in "Berlin, Germany"), directly, by a
    /// common alias ("US", "UK") or as a region containing it ("Europe", "DACH", "North America"); otherwise 0.</summary>
    public static CriterionMatch? Location(IReadOnlyList<string> wanted, string? actual)
    {
        if (string.IsNullOrWhiteSpace(actual) || wanted.Count == 0) return null;
        var words = Places.Normalise(actual);
        foreach (var place in wanted)
        {
            if (Places.Contains(words, place)) return new CriterionMatch(1, $"location '{actual}' is in '{place}'");
        }

        return new CriterionMatch(0, $"location '{actual}' is not in {string.Join(", ", wanted)}");
    }

    /// <summary>The company's size band against the wanted bands (IcpVocabulary.CompanySizes): in a wanted band 1, in a
    /// neighbouring band 0.5, otherwise 0; null when the size is not known (profiles do not carry it: it comes with
    /// enrichment, after scoring).</summary>
    public static CriterionMatch? CompanySize(IReadOnlyCollection<string> wanted, string? actual)
    {
        if (string.IsNullOrWhiteSpace(actual) || wanted.Count == 0) return null;
        var bands = IcpVocabulary.CompanySizes;
        var i = bands.ToList().IndexOf(actual.Trim());
        if (wanted.Contains(actual.Trim())) return new CriterionMatch(1, $"company size {actual} is wanted");
        var near = wanted.Any(w => i >= 0 && Math.Abs(bands.ToList().IndexOf(w) - i) == 1 && bands.Contains(w));
        return new CriterionMatch(near ? 0.5 : 0, near ? $"company size {actual} is next to a wanted band" : $"company size {actual} is not wanted");
    }

    public static bool Contains(string[] haystack, string[] needles) => needles.All(n => Array.IndexOf(haystack, n) >= 0);

    public static double Dice(string[] a, string[] b)
    {
        if (a.Length == 0 || b.Length == 0) return 0;
        var shared = a.Count(s => Array.IndexOf(b, s) >= 0);
        return 2.0 * shared / (a.Length + b.Length);
    }
}

/// <summary>Place names compared as word sequences, with the aliases and regions B2B criteria commonly use.</summary>
internal static class Places
{
    private static readonly Dictionary<string, string> Aliases = new(StringComparer.Ordinal)
    {
        ["us"] = "united states", ["usa"] = "united states", ["u s"] = "united states", ["u s a"] = "united states",
        ["united states of america"] = "united states", ["uk"] = "united kingdom",
        ["u k"] = "united kingdom", ["great britain"] = "united kingdom", ["britain"] = "united kingdom",
        ["england"] = "united kingdom", ["scotland"] = "united kingdom",
        ["holland"] = "netherlands", ["the netherlands"] = "netherlands", ["deutschland"] = "germany",
        ["uae"] = "united arab emirates",
    };

    private static readonly string[] Europe =
    [
        "united kingdom", "ireland", "germany", "france", "netherlands", "belgium", "luxembourg", "switzerland", "austria",
        "spain", "portugal", "italy", "denmark", "sweden", "norway", "finland", "iceland", "poland", "czech republic",
        "czechia", "slovakia", "hungary", "romania", "bulgaria", "greece", "croatia", "slovenia", "serbia", "estonia",
        "latvia", "lithuania", "ukraine", "malta", "cyprus",
    ];

    private static readonly Dictionary<string, string[]> Regions = new(StringComparer.Ordinal)
    {
        ["europe"] = Europe,
        ["eu"] = Europe.Where(c => c is not ("united kingdom" or "switzerland" or "norway" or "iceland" or "serbia" or "ukraine")).ToArray(),
        ["emea"] = [.. Europe, "israel", "united arab emirates", "saudi arabia", "qatar", "egypt", "south africa", "nigeria", "kenya", "morocco", "turkey"],
        ["dach"] = ["germany", "austria", "switzerland"],
        ["benelux"] = ["belgium", "netherlands", "luxembourg"],
        ["nordics"] = ["denmark", "sweden", "norway", "finland", "iceland"],
        ["north america"] = ["united states", "canada", "mexico"],
        ["latam"] = ["mexico", "brazil", "argentina", "chile", "colombia", "peru", "uruguay"],
        ["latin america"] = ["mexico", "brazil", "argentina", "chile", "colombia", "peru", "uruguay"],
        ["apac"] = ["australia", "new zealand", "singapore", "japan", "india", "china", "hong kong", "south korea", "indonesia", "malaysia", "philippines", "vietnam", "thailand", "taiwan"],
    };

    /// <summary>The location as one space-separated lower-case string of words, padded with spaces, aliases replaced.</summary>
    public static string Normalise(string location)
    {
        var text = " " + string.Join(' ', TextTerms.Words(location)) + " ";
        foreach (var (alias, name) in Aliases)
        {
            text = text.Replace($" {alias} ", $" {alias} {name} ", StringComparison.Ordinal);
        }

        return text;
    }

    public static bool Contains(string normalisedLocation, string wanted)
    {
        var key = string.Join(' ', TextTerms.Words(wanted));
        if (key.Length == 0) return false;
        if (Aliases.TryGetValue(key, out var canonical)) key = canonical;
        if (Regions.TryGetValue(key, out var members)) return members.Any(m => normalisedLocation.Contains($" {m} ", StringComparison.Ordinal));
        return normalisedLocation.Contains($" {key} ", StringComparison.Ordinal);
    }
}
