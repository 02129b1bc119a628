using LeadGen.Domain.Prospects;

namespace LeadGen.Infrastructure.SamplePlatform;

/// <summary>One invented member of the sample platform. Immutable once the population is built. Texts derived from
/// other fields (headline, summary, profile URL, skill names) are composed on access: storing them for 50,000 people
/// would triple the allocations of the build, and only the people a query returns are ever shown.</summary>
public sealed class SamplePerson
{
    public const string ExternalIdPrefix = "smp-";
    public const string ProfileUrlPrefix = "https://sample.leadgen.example/in/";

    private readonly string[] skillTable;
    private readonly byte summaryTemplate;
    private readonly byte experienceYears;

    internal SamplePerson(int index, string firstName, string lastName, int titleId, string title, string occupationCode,
        string seniority, int[] skillIds, string[] skillTable, SampleCompany company, string location,
        byte summaryTemplate, byte experienceYears)
    {
        Index = index;
        ExternalId = FormatExternalId(index);
        FirstName = firstName;
        LastName = lastName;
        TitleId = titleId;
        Title = title;
        OccupationCode = occupationCode;
        Seniority = seniority;
        SkillIds = skillIds;
        this.skillTable = skillTable;
        Company = company;
        Location = location;
        this.summaryTemplate = summaryTemplate;
        this.experienceYears = experienceYears;
    }

    /// <summary>Position in the population; ExternalId order is index order.</summary>
    public int Index { get; }
    public string ExternalId { get; }
    public string FirstName { get; }
    public string LastName { get; }
    public string Name => $"{FirstName} {LastName}";
    public string Title { get; }
    public string OccupationCode { get; }
    public string Seniority { get; }
    public IReadOnlyList<string> Skills => Array.AsReadOnly(SkillIds.Select(id => skillTable[id]).ToArray());
    public SampleCompany Company { get; }
    public string Location { get; }
    public string Headline => $"{Title} at {Company.Name}";
    public string Summary => SampleSummaries.Write(summaryTemplate, experienceYears, this);
    public string ProfileUrl => ProfileUrlPrefix + ExternalId;

    internal int TitleId { get; }
    internal int[] SkillIds { get; }

    public ProspectProfile ToProfile() => new(ExternalId, Name, Title, Headline, Summary, Company.Name, Company.Domain,
        Company.Industry, Location, Skills, ProfileUrl, Seniority);

    internal static string FormatExternalId(int index) => $"{ExternalIdPrefix}{index + 1:D6}";
}
