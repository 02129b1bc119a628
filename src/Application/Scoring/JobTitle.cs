namespace LeadGen.Application.Scoring;

/// <summary>A job title read for matching: the stems that name the role, apart from the words that only grade it
/// ("Senior", "Lead", "II"), and the seniority the title implies.</summary>
public sealed record JobTitle(string Text, string[] Role, string[] Grades, string Seniority)
{
    /// <summary>Words that grade a role rather than name it: two people with the same role and different grades do the
    /// same job ("Senior Accountant", "Founder &amp; Accountant"); seniority is a criterion of its own.</summary>
    private static readonly HashSet<string> GradeWords = new(StringComparer.Ordinal)
    {
        "senior", "junior", "lead", "principal", "staff", "entry", "level", "trainee", "intern", "graduate", "i", "ii",
        "iii", "iv", "v", "1", "2", "3", "4", "experienced", "founder", "cofounder", "co", "owner",
    };

    public static readonly JobTitle Empty = new("", [], [], "entry");

    public static JobTitle Parse(string? title)
    {
        if (string.IsNullOrWhiteSpace(title)) return Empty;
        var words = TextTerms.Words(title);
        var expanded = TextTerms.Expand(words).ToList();
        var grades = expanded.Where(GradeWords.Contains).Distinct().ToArray();
        var role = TextTerms.Stems(expanded.Where(w => !GradeWords.Contains(w)), expandAbbreviations: false);
        if (role.Length == 0) role = TextTerms.Stems(grades, expandAbbreviations: false); // "Lead" alone still says something
        return new JobTitle(title, role, grades, SeniorityOf(words, expanded));
    }

    /// <summary>One of IcpVocabulary.Seniorities, read the way platforms infer it: chief/president → cxo, vice president
    /// → vp, director/head → director, owner/founder → owner, partner → partner, manager/supervisor/lead → manager,
    /// senior/principal → senior, otherwise entry. "Assistant to …" titles ending in assistant/secretary are entry.</summary>
    private static string SeniorityOf(List<string> words, List<string> expanded)
    {
        bool Has(string w) => expanded.Contains(w);
        if (words.Count > 1 && words[^1] is "assistant" or "secretary") return "entry";
        if (Has("chief") || (Has("president") && !Has("vice"))) return "cxo";
        if (Has("vice") && Has("president")) return "vp";
        if (Has("director") || Has("head")) return "director";
        if (Has("owner") || Has("founder") || Has("cofounder") || Has("co-founder")) return "owner";
        if (Has("partner") && !Has("business")) return "partner";
        if (Has("manager") || Has("supervisor") || Has("lead") || Has("superintendent")) return "manager";
        return Has("senior") || Has("principal") || Has("staff") ? "senior" : "entry";
    }
}
