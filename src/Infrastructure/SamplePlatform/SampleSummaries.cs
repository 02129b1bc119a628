namespace LeadGen.Infrastructure.SamplePlatform;

/// <summary>The one- or two-sentence "about" texts of sample profiles, built from title, seniority, industry and skills.</summary>
internal static class SampleSummaries
{
    public const int TemplateCount = 3;

    private static readonly Dictionary<string, string> SeniorityOpeners = new(StringComparer.Ordinal)
    {
        ["entry"] = "Early-career professional", ["senior"] = "Experienced specialist", ["manager"] = "Hands-on manager",
        ["director"] = "Department leader", ["vp"] = "Executive", ["cxo"] = "C-level executive",
        ["partner"] = "Partner", ["owner"] = "Business owner",
    };

    private static readonly Dictionary<string, (int Min, int Max)> ExperienceYears = new(StringComparer.Ordinal)
    {
        ["entry"] = (1, 5), ["senior"] = (6, 15), ["manager"] = (5, 15), ["director"] = (10, 20), ["vp"] = (12, 25),
        ["cxo"] = (15, 30), ["partner"] = (12, 30), ["owner"] = (5, 30),
    };

    /// <summary>Draws what varies between summaries; the text itself is composed on demand.</summary>
    public static (byte Template, byte Years) Draw(Random random, string seniority)
    {
        var (min, max) = ExperienceYears[seniority];
        var years = (byte)random.Next(min, max + 1);
        return ((byte)random.Next(TemplateCount), years);
    }

    public static string Write(byte template, byte years, SamplePerson person)
    {
        var industry = person.Company.Industry;
        var tools = JoinSkills(person);
        return template switch
        {
            0 => $"{person.Title} with {years} years of experience in {industry}. Works daily with {tools}.",
            1 => $"{SeniorityOpeners[person.Seniority]} in {industry}, currently working as {person.Title}. Hands-on with {tools}.",
            _ => $"{years} years in {industry}, now {person.Title}. Tools of the trade: {tools}.",
        };
    }

    private static string JoinSkills(SamplePerson person)
    {
        var shown = person.Skills.Take(3).ToArray();
        return shown.Length == 1 ? shown[0] : $"{string.Join(", ", shown[..^1])} and {shown[^1]}";
    }
}
