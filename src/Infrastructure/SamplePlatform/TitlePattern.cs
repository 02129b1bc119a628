namespace LeadGen.Infrastructure.SamplePlatform;

/// <summary>
/// One criteria title, compiled for matching against people's titles.
/// <para>A person matches fully when every core token of the criteria title is in their title, in any order and
/// with other words around it: "Data Engineer" finds "Big Data Engineer" and "Data Warehouse Engineer", and
/// "VP Sales" finds "Sales Vice President". Requiring all tokens (rather than any) is what keeps "Data Engineer"
/// from returning every analyst and every engineer.</para>
/// <para>A strong partial match tolerates one missing token when the person's title is simply a less specific way
/// of saying the same thing: the criteria title has three or more core tokens, the head noun (the role itself, the
/// last word before any "of"/"for") is there, and every word of the person's title is accounted for by the
/// criteria. So "Senior Software Development Engineer" finds "Software Engineer" and "Vice President of Sales"
/// a plain "Vice President", but "CTO" never finds a "Chief Administrative Officer", "VP Sales" never a
/// "Finance VP", and "Machine Learning Engineer" never a "Machine Learning Scientist".</para>
/// <para>Grade words (senior, lead, principal…) are not required: seniority is a criterion of its own and O*NET
/// titles rarely carry grades.</para>
/// </summary>
internal sealed class TitlePattern
{
    public const int FullMatch = 1_000;
    public const int PartialMatch = 500;

    private readonly string[] core;
    private readonly string[] grades;
    private readonly string head;

    private TitlePattern(string[] core, string[] grades, string head)
    {
        this.core = core;
        this.grades = grades;
        this.head = head;
    }

    public static TitlePattern? Compile(string title)
    {
        if (string.IsNullOrWhiteSpace(title))
        {
            return null;
        }

        var words = SearchText.Words(title);
        var tokens = SearchText.Tokens(words, expandAbbreviations: true);
        var core = tokens.Where(t => !SearchText.IsGrade(t)).ToArray();
        var grades = tokens.Where(SearchText.IsGrade).ToArray();
        if (core.Length == 0)
        {
            // A title made of grades only ("Lead") still means something: match on the grade itself.
            (core, grades) = (grades, []);
        }

        if (core.Length == 0)
        {
            return null;
        }

        var cut = words.FindIndex(w => w is "of" or "for");
        var headTokens = SearchText.Tokens(cut > 0 ? words[..cut] : words, expandAbbreviations: true)
            .Where(t => !SearchText.IsGrade(t)).ToArray();
        return new TitlePattern(core, grades, headTokens.Length > 0 ? headTokens[^1] : core[^1]);
    }

    /// <summary>0 when the title does not match; otherwise a tier (full or partial) plus up to 100 for how much of
    /// the person's title the criteria explain ("Data Engineer" outranks "Big Data Engineer Supervisor"), plus 20
    /// when the wanted grades are there too.</summary>
    public int Score(string[] personTokens)
    {
        if (personTokens.Length == 0)
        {
            return 0;
        }

        var missing = 0;
        foreach (var token in core)
        {
            if (!SearchText.ContainsToken(personTokens, token))
            {
                missing++;
            }
        }

        int tier;
        if (missing == 0)
        {
            tier = FullMatch;
        }
        else if (missing == 1 && core.Length >= 3 && SearchText.ContainsToken(personTokens, head) && IsGeneralisation(personTokens))
        {
            tier = PartialMatch;
        }
        else
        {
            return 0;
        }

        var gradeBonus = grades.Length > 0 && grades.All(g => SearchText.ContainsToken(personTokens, g)) ? 20 : 0;
        return tier + (int)Math.Round(100 * Precision(personTokens)) + gradeBonus;
    }

    private bool IsGeneralisation(string[] personTokens) =>
        personTokens.All(p => SearchText.IsGrade(p) || core.Any(c => SearchText.TokenMatches(c, p)));

    /// <summary>How much of the person's title the criteria title explains: exact words count fully, prefix matches
    /// ("Database" for "Data") partly, and the person's grade words not at all (so "Senior Data Engineer" is as
    /// good a match as "Data Engineer").</summary>
    private double Precision(string[] personTokens)
    {
        var explained = 0d;
        var counted = 0;
        foreach (var token in personTokens)
        {
            if (SearchText.IsGrade(token) && !grades.Contains(token))
            {
                continue;
            }

            counted++;
            if (core.Contains(token) || grades.Contains(token))
            {
                explained += 1;
            }
            else if (core.Any(c => SearchText.TokenMatches(c, token)))
            {
                explained += 0.6;
            }
        }

        return counted == 0 ? 1 : explained / counted;
    }
}
