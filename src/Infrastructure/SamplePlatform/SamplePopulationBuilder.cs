using System.Text;

namespace LeadGen.Infrastructure.SamplePlatform;

/// <summary>Everything the population is made of, immutable once built and so safe to read from any thread.</summary>
internal sealed class PopulationSnapshot
{
    public PopulationSnapshot(SamplePerson[] people, SampleCompany[] companies, string[] titles, string[] skills)
    {
        People = people;
        Companies = companies;
        Titles = titles;
        Skills = skills;
        TitleTokens = titles.Select(t => SearchText.Tokens(t, expandAbbreviations: true)).ToArray();
        SkillTokens = skills.Select(s => SearchText.Tokens(s, expandAbbreviations: false)).ToArray();
    }

    public SamplePerson[] People { get; }
    public SampleCompany[] Companies { get; }

    /// <summary>Distinct titles and skills, indexed by SamplePerson.TitleId / SkillIds, so that a query scores each
    /// distinct string once instead of once per person; their tokens are computed once here for the same reason.</summary>
    public string[] Titles { get; }
    public string[] Skills { get; }
    public string[][] TitleTokens { get; }
    public string[][] SkillTokens { get; }

    /// <summary>From reading the embedded data to the last token, i.e. what the first caller waits for.</summary>
    public TimeSpan BuildDuration { get; set; }
}

/// <summary>Generates the synthetic population. Single-threaded on purpose: one seeded System.Random consumed in a
/// fixed order is what makes the population identical in every process and on every machine.</summary>
internal sealed class SamplePopulationBuilder
{
    private const int CompanyCount = 3_000;

    // O*NET lists every title anyone holds, but says nothing about how common each is. Real title distributions are
    // heavy-tailed: these everyday titles (all present in O*NET) get many more holders than, say, "Data Miner".
    private const double CommonTitleBoost = 25;
    private static readonly HashSet<string> CommonTitles = new(StringComparer.OrdinalIgnoreCase)
    {
        "Software Engineer", "Software Developer", "Data Engineer", "Data Scientist", "Data Analyst",
        "Machine Learning Engineer", "DevOps Engineer", "Systems Engineer", "Network Engineer", "Solutions Architect",
        "Web Developer", "Front End Developer", "Product Manager", "Project Manager", "Program Manager",
        "Business Analyst", "Account Executive", "Account Manager", "Sales Manager", "Sales Representative",
        "Sales Director", "Marketing Manager", "Marketing Director", "Marketing Coordinator", "Digital Marketing Manager",
        "Chief Executive Officer (CEO)", "Chief Technical Officer (CTO)", "Chief Financial Officer (CFO)",
        "Chief Operating Officer (COO)", "Chief Information Officer (CIO)", "Operations Manager", "Office Manager",
        "Human Resources Manager (HR Manager)", "Recruiter", "Talent Acquisition Specialist", "Accountant",
        "Financial Analyst", "Controller", "Management Consultant", "Teacher", "Professor",
        "Customer Service Representative", "Administrative Assistant", "Executive Assistant", "Graphic Designer",
        "User Experience Designer (UX Designer)", "Mechanical Engineer", "Electrical Engineer", "Civil Engineer",
        "Attorney", "Paralegal", "Physician", "Store Manager", "Supply Chain Manager", "Logistics Manager", "Buyer",
        "IT Manager", "Information Technology Manager (IT Manager)", "Cloud Engineer", "Cloud Architect",
        "Security Engineer", "Information Security Analyst", "Database Administrator (DBA)", "Systems Administrator",
        "Technical Support Specialist", "Data Architect", "Scrum Master", "Business Development Manager",
        "Sales Engineer", "Sales Vice President (Sales VP)", "Financial Advisor", "Auditor", "Copywriter",
        "Communications Manager", "Purchasing Manager", "Construction Manager", "Architect", "Statistician",
        "Research Scientist", "Executive Director", "Application Developer", "Computer Programmer", "Systems Analyst",
        "IT Consultant", "Analytics Manager", "Database Engineer", "Software Development Engineer", "Dentist",
        "Electrician", "Mechanic", "Real Estate Agent", "Insurance Agent", "Loan Officer", "Chef", "Staff Nurse",
        "Charge Nurse", "Staff RN", "Nurse Practitioner (NP)", "Inside Sales Representative",
        "Sales Development Representative", "Regional Sales Manager", "National Account Manager", "Sales Consultant",
    };

    private static readonly string[] FallbackSkills =
        ["Microsoft Excel", "Microsoft Outlook", "Microsoft Word", "Microsoft PowerPoint", "Microsoft Teams",
         "Google Workspace", "Zoom", "Slack", "Web browser software", "Email software"];

    private static readonly IReadOnlyList<(string Band, double Weight)> SizeBands =
    [
        ("1-10", 22), ("11-50", 24), ("51-200", 20), ("201-500", 12), ("501-1000", 8), ("1001-5000", 8),
        ("5001-10000", 3), ("10001+", 3),
    ];

    // Bigger employers employ more people: people pick their employer in proportion to this, per size band.
    private static readonly IReadOnlyDictionary<string, double> EmployeeWeight = new Dictionary<string, double>
    {
        ["1-10"] = 1, ["11-50"] = 2, ["51-200"] = 4, ["201-500"] = 7, ["501-1000"] = 10, ["1001-5000"] = 16,
        ["5001-10000"] = 24, ["10001+"] = 36,
    };

    private static readonly string[] NameQualifiers =
        ["Blue", "North", "Silver", "Red", "Bright", "Clear", "Golden", "Iron", "Green", "High", "True", "Swift",
         "Bold", "Quiet", "Open", "Prime", "Grand", "Little", "Wild", "East", "West", "South", "Deep", "First"];

    private static readonly string[] NameNouns =
        ["Harbor", "Cedar", "Summit", "River", "Falcon", "Oak", "Ridge", "Stone", "Bridge", "Peak", "Meadow", "Lake",
         "Field", "Pine", "Wave", "Crest", "Maple", "Hawk", "Fox", "Birch", "Anchor", "Beacon", "Compass", "Lantern",
         "Orbit", "Sparrow", "Willow", "Canyon", "Delta", "Harvest", "Arrow", "Tide", "Cove", "Forge", "Vale", "Haven"];

    private static readonly string[] CoinedNames =
        ["Northwind", "Contoso", "Fabrikam", "Tailspin", "Wingtip", "Litware", "Adatum", "Proseware", "Lucerne",
         "Alpenglow", "Brightwater", "Clearpath", "Evergreen", "Flatiron", "Ironbark", "Kestrel", "Larkspur",
         "Moonstone", "Nimbus", "Quillon", "Riverbend", "Saltmarsh", "Thornbury", "Umberfield", "Vantage",
         "Westbrook", "Yarrow", "Zephyr", "Aldergrove", "Bluestem", "Copperline", "Driftwood", "Emberly", "Foxglove"];

    private readonly Random random;
    private readonly IReadOnlyList<OnetOccupation> occupations;
    private readonly Dictionary<string, int> titleIds = new(StringComparer.Ordinal);
    private readonly List<string> titles = [];
    private readonly Dictionary<string, int> skillIds = new(StringComparer.Ordinal);
    private readonly string[] skillTable;

    public SamplePopulationBuilder(IReadOnlyList<OnetOccupation> occupations, int seed)
    {
        this.occupations = occupations;
        random = new Random(seed);
        occupationsPerTitle = occupations
            .SelectMany(o => o.ReportedTitles.Concat(o.AlternateTitles).Distinct(StringComparer.OrdinalIgnoreCase))
            .GroupBy(t => t, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.OrdinalIgnoreCase);
        occupationsPerGroup = occupations.GroupBy(o => o.MajorGroup, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

        // Every skill gets its id up front, so people can share one table that never changes after this.
        var allSkills = new List<string>();
        foreach (var skill in occupations.SelectMany(o => o.HotSkills.Concat(o.OtherSkills)).Concat(FallbackSkills))
        {
            Intern(skill, skillIds, allSkills);
        }

        skillTable = allSkills.ToArray();
    }

    public PopulationSnapshot Build(int size)
    {
        var cityPicker = new WeightedPicker<SampleGeography.City>(SampleGeography.Cities.Select(c => (c, (double)c.Weight)));
        var companies = GenerateCompanies(cityPicker);
        var employers = companies.GroupBy(c => c.Industry, StringComparer.Ordinal).ToDictionary(
            g => g.Key,
            g => new WeightedPicker<SampleCompany>(g.Select(c => (c, EmployeeWeight[c.Size]))),
            StringComparer.Ordinal);
        var anyIndustry = new WeightedPicker<string>(SampleIndustries.All.Select(i => (i.Name, (double)i.Weight)));
        var industryByGroup = SampleIndustries.ByMajorGroup.ToDictionary(
            g => g.Key, g => new WeightedPicker<string>(g.Value.Select(i => (i.Industry, (double)i.Weight))), StringComparer.Ordinal);

        var occupationPicker = new WeightedPicker<int>(occupations.Select((o, i) => (i, OccupationWeight(o))));
        var titlePickers = new WeightedPicker<string>?[occupations.Count];
        var skillPools = new SkillPool?[occupations.Count];

        var people = new SamplePerson[size];
        for (var index = 0; index < size; index++)
        {
            var occupationIndex = occupationPicker.Pick(random);
            var occupation = occupations[occupationIndex];
            var industry = random.NextDouble() < 0.85 && industryByGroup.TryGetValue(occupation.MajorGroup, out var byGroup)
                ? byGroup.Pick(random)
                : anyIndustry.Pick(random);
            var company = employers[industry].Pick(random);
            var baseTitle = (titlePickers[occupationIndex] ??= TitlePicker(occupation)).Pick(random);
            var title = Personalise(baseTitle, occupation, company);
            var seniority = Seniority(title);

            var city = random.NextDouble() < 0.55 ? FindCity(company.Location) : cityPicker.Pick(random);
            var culture = random.NextDouble() < 0.65
                ? SampleNames.Get(city.Culture)
                : SampleNames.Cultures[random.Next(SampleNames.Cultures.Count)];
            var firstName = culture.FirstNames[random.Next(culture.FirstNames.Length)];
            // Marriage and migration mix surnames across cultures; without it 50,000 people share ~5,000 names.
            var surnames = random.NextDouble() < 0.3 ? SampleNames.Cultures[random.Next(SampleNames.Cultures.Count)] : culture;
            var lastName = surnames.LastNames[random.Next(surnames.LastNames.Length)];

            var pool = skillPools[occupationIndex] ??= BuildSkillPool(occupation);
            var personSkills = pool.Draw(random, random.Next(3, 9));
            var (summaryTemplate, years) = SampleSummaries.Draw(random, seniority);

            people[index] = new SamplePerson(index, firstName, lastName, InternTitle(title), title, occupation.Code,
                seniority, personSkills, skillTable, company, city.Location, summaryTemplate, years);
        }

        return new PopulationSnapshot(people, companies, titles.ToArray(), skillTable);
    }

    private SampleCompany[] GenerateCompanies(WeightedPicker<SampleGeography.City> cityPicker)
    {
        var sizePicker = new WeightedPicker<string>(SizeBands.Select(b => (b.Band, b.Weight)));
        var totalWeight = SampleIndustries.All.Sum(i => i.Weight);
        var names = new HashSet<string>(StringComparer.Ordinal);
        var domains = new HashSet<string>(StringComparer.Ordinal);
        var companies = new List<SampleCompany>(CompanyCount + SampleIndustries.All.Count * 20);
        foreach (var (industry, weight) in SampleIndustries.All)
        {
            // At least 20 per industry, so that every industry a SOC group maps to has employers of several sizes.
            var count = Math.Max(20, (int)Math.Round(CompanyCount * (double)weight / totalWeight));
            var suffixes = SampleIndustries.NameSuffixes[industry];
            for (var made = 0; made < count;)
            {
                var stem = random.Next(3) switch
                {
                    0 => CoinedNames[random.Next(CoinedNames.Length)],
                    1 => NameNouns[random.Next(NameNouns.Length)],
                    _ => $"{NameQualifiers[random.Next(NameQualifiers.Length)]} {NameNouns[random.Next(NameNouns.Length)]}",
                };
                var name = $"{stem} {suffixes[random.Next(suffixes.Length)]}";
                var domain = Slug(name) + ".example";
                // Unique by lookup key, not just by spelling: "Harbor Supply Co" and "Harbor Supply" are one name.
                if (!names.Add(CompanyKeys.Name(name)!) || !domains.Add(domain))
                {
                    continue;
                }

                companies.Add(new SampleCompany(name, domain, industry, sizePicker.Pick(random), cityPicker.Pick(random).Location));
                made++;
            }
        }

        return companies.ToArray();
    }

    private static readonly Dictionary<string, SampleGeography.City> CitiesByLocation =
        SampleGeography.Cities.ToDictionary(c => c.Location, StringComparer.Ordinal);

    private static SampleGeography.City FindCity(string location) => CitiesByLocation[location];

    private readonly Dictionary<string, int> occupationsPerTitle;
    private readonly Dictionary<string, int> occupationsPerGroup;
    private readonly Dictionary<string, string> seniorities = new(StringComparer.Ordinal);

    private string Seniority(string title)
    {
        if (!seniorities.TryGetValue(title, out var seniority))
        {
            seniority = SeniorityClassifier.Classify(title);
            seniorities.Add(title, seniority);
        }

        return seniority;
    }

    /// <summary>A SOC group's presence on the platform, shared among its occupations; occupations holding everyday
    /// titles get more of it, since O*NET's big occupations (software developers, accountants, nurses) are exactly
    /// the ones those titles belong to.</summary>
    private double OccupationWeight(OnetOccupation occupation)
    {
        var groupSize = occupationsPerGroup[occupation.MajorGroup];
        var everydayTitles = occupation.ReportedTitles.Concat(occupation.AlternateTitles).Count(CommonTitles.Contains);
        return SampleIndustries.MajorGroupPresence.GetValueOrDefault(occupation.MajorGroup, 0.5) / groupSize
            * (1 + everydayTitles);
    }

    private static readonly HashSet<string> ProfessionalGroups = new(StringComparer.Ordinal) { "13", "15", "17", "19" };
    private static readonly HashSet<string> FoundingGroups = new(StringComparer.Ordinal) { "11", "15", "27" };
    private static readonly HashSet<string> OwningGroups = new(StringComparer.Ordinal) { "13", "17", "23", "29", "41", "47", "49" };
    private static readonly HashSet<string> PartnershipIndustries = new(StringComparer.Ordinal)
    {
        "Law Practice", "Accounting", "Business Consulting and Services",
    };

    /// <summary>
    /// The one liberty taken with O*NET titles. O*NET lists roles, not careers: it has almost no "Senior …",
    /// owners, founders or partners, so a population of pure O*NET titles would be 85% "entry" and seniority
    /// filters would find next to nobody. People's own titles add a grade ("Senior Accountant"), and small-company
    /// founders, owners and professional-firm partners say so. The role words are untouched, so title matching
    /// is unaffected.
    /// </summary>
    private string Personalise(string title, OnetOccupation occupation, SampleCompany company)
    {
        var group = occupation.MajorGroup;
        var small = company.Size is "1-10" or "11-50";
        var roll = random.NextDouble();
        if (small && FoundingGroups.Contains(group) && roll < (company.Size == "1-10" ? 0.2 : 0.06))
        {
            return $"Founder & {title}";
        }

        if (small && OwningGroups.Contains(group) && roll < (company.Size == "1-10" ? 0.25 : 0.05))
        {
            return $"Owner & {title}";
        }

        if (PartnershipIndustries.Contains(company.Industry) && group is "13" or "23" && roll < 0.12)
        {
            return $"Partner, {title}";
        }

        if (group == "55" || Seniority(title) != "entry")
        {
            return title; // military ranks and titles that already say how senior they are
        }

        var grade = random.NextDouble();
        return grade switch
        {
            < 0.24 => $"Senior {title}",
            < 0.30 => $"Lead {title}",
            < 0.33 when ProfessionalGroups.Contains(group) => $"Principal {title}",
            _ => title,
        };
    }

    private WeightedPicker<string> TitlePicker(OnetOccupation occupation)
    {
        // Reported titles are what incumbents actually wrote on surveys: more common than the alternates catalogue.
        var weighted = occupation.ReportedTitles.Select(t => (t, 3d * TitleWeight(t)))
            .Concat(occupation.AlternateTitles.Select(t => (t, TitleWeight(t))));
        return new WeightedPicker<string>(weighted);
    }

    private double TitleWeight(string title)
    {
        // Short titles are the ones people use; long ones are catalogue descriptions.
        var words = title.Count(c => c == ' ') + 1;
        var weight = words <= 2 ? 2d : words == 3 ? 1d : words == 4 ? 0.6 : 0.3;
        if (CommonTitles.Contains(title))
        {
            // Shared among the occupations listing the title, or "Research Scientist" (in six) would flood the platform.
            weight *= CommonTitleBoost / Math.Sqrt(occupationsPerTitle.GetValueOrDefault(title, 1));
        }

        // Executives are few per company but the platform's buyers care about them: O*NET lists few such titles.
        return Seniority(title) switch
        {
            "vp" => weight * 6,
            "cxo" => weight * 3,
            _ => weight,
        };
    }

    private SkillPool BuildSkillPool(OnetOccupation occupation)
    {
        var weighted = new List<(int Skill, int Weight)>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        void Add(IEnumerable<string> source, int weight)
        {
            foreach (var skill in source)
            {
                if (seen.Add(skill))
                {
                    weighted.Add((skillIds[skill], weight));
                }
            }
        }

        // Hot technologies are the ones employers ask for most: three times as likely on a profile.
        Add(occupation.HotSkills, 3);
        Add(occupation.OtherSkills, 1);
        // O*NET lists no technology for ~10% of occupations (and few for others): borrow from the nearest relatives.
        if (weighted.Count < 8)
        {
            var siblings = occupations.Where(o => o.MinorGroup == occupation.MinorGroup && o.Code != occupation.Code).ToList();
            Add(siblings.SelectMany(o => o.HotSkills), 1);
        }

        if (weighted.Count < 8)
        {
            Add(occupations.Where(o => o.MajorGroup == occupation.MajorGroup).SelectMany(o => o.HotSkills).Take(40), 1);
        }

        if (weighted.Count < 8)
        {
            Add(FallbackSkills, 1);
        }

        return new SkillPool(weighted);
    }

    private int InternTitle(string title) => Intern(title, titleIds, titles);


    private static int Intern(string value, Dictionary<string, int> ids, List<string> values)
    {
        if (!ids.TryGetValue(value, out var id))
        {
            id = values.Count;
            ids.Add(value, id);
            values.Add(value);
        }

        return id;
    }

    internal static string Slug(string name)
    {
        var slug = new StringBuilder(name.Length);
        foreach (var c in name.ToLowerInvariant())
        {
            if (c is >= 'a' and <= 'z' or >= '0' and <= '9')
            {
                slug.Append(c);
            }
            else if (slug.Length > 0 && slug[^1] != '-')
            {
                slug.Append('-');
            }
        }

        return slug.ToString().TrimEnd('-');
    }

    /// <summary>An occupation's skills (as ids), repeated by weight, drawn without repetition per person.</summary>
    private sealed class SkillPool
    {
        private readonly int[] weightedSkills;
        private readonly int distinct;

        public SkillPool(List<(int Skill, int Weight)> weighted)
        {
            weightedSkills = weighted.SelectMany(w => Enumerable.Repeat(w.Skill, w.Weight)).ToArray();
            distinct = weighted.Count;
        }

        public int[] Draw(Random random, int count)
        {
            count = Math.Min(count, distinct);
            var drawn = new List<int>(count);
            // Rejection sampling: pools are tens to hundreds of skills and we need at most eight.
            for (var attempts = 0; drawn.Count < count && attempts < 200; attempts++)
            {
                var skill = weightedSkills[random.Next(weightedSkills.Length)];
                if (!drawn.Contains(skill))
                {
                    drawn.Add(skill);
                }
            }

            return drawn.ToArray();
        }
    }
}
