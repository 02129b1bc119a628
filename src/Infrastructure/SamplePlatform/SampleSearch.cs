using System.Numerics;
using LeadGen.Application.Ports;
using LeadGen.Domain.Icps;

namespace LeadGen.Infrastructure.SamplePlatform;

/// <summary>
/// An ICP translated into a query over the sample population. Titles and skills decide who is a candidate;
/// seniorities, locations, industries and company sizes narrow the candidates down; the persona text only breaks
/// ties. The ranking is total (score, then population order, i.e. ExternalId), so every run of the same query
/// returns the same list — which is what makes offset cursors stable.
/// </summary>
internal sealed class SampleSearch
{
    private const int MaxSkillPatterns = 64; // one bit each in a ulong mask
    private const int MaxPersonaKeywords = 40;

    // Words that appear in any persona and say nothing about who the person is.
    private static readonly HashSet<string> PersonaNoise = new(StringComparer.Ordinal)
    {
        "who", "are", "is", "be", "their", "they", "them", "this", "that", "these", "those", "work", "working", "works",
        "company", "companies", "people", "person", "looking", "based", "team", "teams", "year", "years", "experience",
        "want", "wants", "need", "needs", "our", "we", "us", "you", "your", "have", "has", "from", "into", "about",
        "such", "like", "also", "often", "usually", "more", "most", "than", "very", "can", "will", "would", "should",
        "new", "use", "using", "used", "role", "roles", "job", "help", "make", "buyer", "buyers", "decision", "maker",
    };

    private static readonly Dictionary<string, string> SeniorityAliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["c-level"] = "cxo", ["c-suite"] = "cxo", ["c level"] = "cxo", ["c suite"] = "cxo", ["chief"] = "cxo",
        ["executive"] = "cxo", ["cxo"] = "cxo", ["vice president"] = "vp", ["vp"] = "vp", ["head"] = "director",
        ["founder"] = "owner", ["junior"] = "entry", ["entry-level"] = "entry", ["entry level"] = "entry",
        ["intern"] = "entry", ["training"] = "entry", ["unpaid"] = "entry", ["experienced"] = "senior",
    };

    private readonly List<TitlePattern> titlePatterns;
    private readonly List<string[]> skillPatterns;
    private readonly HashSet<string> personaKeywords;
    private readonly HashSet<string>? seniorities;
    private readonly List<string>? locations;
    private readonly List<string>? industries;
    private readonly HashSet<string>? companySizes;

    private SampleSearch(IcpCriteria criteria, string persona)
    {
        titlePatterns = OrEmpty(criteria.Titles).Select(TitlePattern.Compile).OfType<TitlePattern>().ToList();
        skillPatterns = OrEmpty(criteria.Skills)
            .Select(s => SearchText.Tokens(s ?? "", expandAbbreviations: false))
            .Where(t => t.Length > 0)
            .DistinctBy(t => string.Join(' ', t))
            .Take(MaxSkillPatterns)
            .ToList();
        personaKeywords = SearchText.Tokens(persona ?? "", expandAbbreviations: false)
            .Where(t => t.Length >= 3 && !PersonaNoise.Contains(t))
            .Take(MaxPersonaKeywords)
            .ToHashSet(StringComparer.Ordinal);
        seniorities = NonEmpty(criteria.Seniorities)?.Select(NormaliseSeniority).ToHashSet(StringComparer.Ordinal);
        locations = NonEmpty(criteria.Locations)?.Select(NormaliseLocation).ToList();
        industries = NonEmpty(criteria.Industries)?.Select(i => i.Trim()).ToList();
        companySizes = NonEmpty(criteria.CompanySizes)?.Select(NormaliseSize).ToHashSet(StringComparer.Ordinal);
    }

    public static SampleSearch Compile(PlatformQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(query.Criteria);
        return new SampleSearch(query.Criteria, query.Persona);
    }

    /// <summary>No titles and no skills: there is nobody to look for. Filters alone never make a candidate, or a
    /// criteria of just "United States" would hand over half the platform.</summary>
    public bool IsEmpty => titlePatterns.Count == 0 && skillPatterns.Count == 0;

    /// <summary>Indexes (into the population) of the matching people, best first.</summary>
    public int[] Run(PopulationSnapshot population, CancellationToken ct)
    {
        if (IsEmpty)
        {
            return [];
        }

        var titleScores = ScoreTitles(population, ct);
        var skillMasks = MatchSkills(population);
        var titlePersonaHits = population.TitleTokens.Select(CountPersonaHits).ToArray();
        var skillPersonaHits = population.SkillTokens.Select(CountPersonaHits).ToArray();
        // A person with one wanted skill is a candidate only if one skill is all the criteria ask for (the "at least
        // two skills" rule would otherwise make single-skill criteria match nobody).
        var requiredSkills = skillPatterns.Count == 0 ? int.MaxValue : Math.Min(2, skillPatterns.Count);

        var locationVerdicts = new Dictionary<string, bool>(StringComparer.Ordinal);
        var industryVerdicts = new Dictionary<string, (bool Match, int PersonaHits)>(StringComparer.Ordinal);
        var ranked = new List<(long Score, int Index)>();
        var people = population.People;
        for (var i = 0; i < people.Length; i++)
        {
            if ((i & 0xFFF) == 0)
            {
                ct.ThrowIfCancellationRequested();
            }

            var person = people[i];
            var titleScore = titleScores[person.TitleId];
            ulong skillMask = 0;
            var personaHits = titlePersonaHits[person.TitleId];
            foreach (var skillId in person.SkillIds)
            {
                skillMask |= skillMasks[skillId];
                personaHits += skillPersonaHits[skillId];
            }

            var skillCount = BitOperations.PopCount(skillMask);
            if (titleScore == 0 && skillCount < requiredSkills)
            {
                continue;
            }

            if (seniorities is not null && !seniorities.Contains(person.Seniority))
            {
                continue;
            }

            if (companySizes is not null && !companySizes.Contains(person.Company.Size))
            {
                continue;
            }

            if (locations is not null && !Cached(locationVerdicts, person.Location, MatchesLocation))
            {
                continue;
            }

            if (!industryVerdicts.TryGetValue(person.Company.Industry, out var industry))
            {
                industry = (industries is null || MatchesIndustry(person.Company.Industry),
                    CountPersonaHits(SearchText.Tokens(person.Company.Industry, expandAbbreviations: false)));
                industryVerdicts[person.Company.Industry] = industry;
            }

            if (!industry.Match)
            {
                continue;
            }

            // Lexicographic: any title match beats any number of skills, which beat any number of persona words.
            var score = titleScore * 1_000_000L + skillCount * 1_000L + Math.Min(999, personaHits + industry.PersonaHits);
            ranked.Add((score, i));
        }

        ranked.Sort(static (a, b) => a.Score != b.Score ? b.Score.CompareTo(a.Score) : a.Index.CompareTo(b.Index));
        return ranked.Select(r => r.Index).ToArray();
    }

    private int[] ScoreTitles(PopulationSnapshot population, CancellationToken ct)
    {
        var scores = new int[population.Titles.Length];
        if (titlePatterns.Count == 0)
        {
            return scores;
        }

        for (var t = 0; t < scores.Length; t++)
        {
            if ((t & 0xFFF) == 0)
            {
                ct.ThrowIfCancellationRequested();
            }

            var tokens = population.TitleTokens[t];
            foreach (var pattern in titlePatterns)
            {
                scores[t] = Math.Max(scores[t], pattern.Score(tokens));
            }
        }

        return scores;
    }

    private ulong[] MatchSkills(PopulationSnapshot population)
    {
        var masks = new ulong[population.Skills.Length];
        for (var s = 0; s < masks.Length && skillPatterns.Count > 0; s++)
        {
            var tokens = population.SkillTokens[s];
            for (var p = 0; p < skillPatterns.Count; p++)
            {
                // Every token of the wanted skill must be in the person's skill: "Spark" is in "Apache Spark",
                // "SQL" in "Structured query language SQL", but "Java" is not in "JavaScript".
                if (skillPatterns[p].All(w => SearchText.ContainsToken(tokens, w)))
                {
                    masks[s] |= 1UL << p;
                }
            }
        }

        return masks;
    }

    private int CountPersonaHits(string[] tokens)
    {
        if (personaKeywords.Count == 0)
        {
            return 0;
        }

        var hits = 0;
        foreach (var token in tokens)
        {
            if (personaKeywords.Contains(token))
            {
                hits++;
            }
        }

        return hits;
    }

    /// <summary>"Berlin", "Germany" or "berl" match "Berlin, Germany" (case-insensitive substring of city or country,
    /// as the brief asks); so does "Greater Berlin Area", which names the city. "Berlin, Germany" means the city,
    /// not the whole country; "Paris, Texas" does not match Paris, France. Countries may be written as people type
    /// them ("USA", "UK"). Criteria of one or two letters must be a whole word, or "DE" would match "Sweden".</summary>
    private bool MatchesLocation(string location)
    {
        var comma = location.LastIndexOf(',');
        var city = location[..comma];
        var country = location[(comma + 2)..];
        foreach (var wanted in locations!)
        {
            if (wanted.Length == 0)
            {
                continue;
            }

            if (wanted.Length <= 2)
            {
                if (SearchText.Words(location).Contains(wanted.ToLowerInvariant()))
                {
                    return true;
                }

                continue;
            }

            if (location.Contains(wanted, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }

            var parts = wanted.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length >= 2)
            {
                var wantedCountry = SampleGeography.CountryAliases.GetValueOrDefault(parts[^1], parts[^1]);
                var countryKnown = SampleGeography.Cities.Any(c => c.Country.Equals(wantedCountry, StringComparison.OrdinalIgnoreCase));
                if (ContainsWholePhrase(parts[0], city)
                    && (!countryKnown || country.Equals(wantedCountry, StringComparison.OrdinalIgnoreCase)))
                {
                    return true;
                }
            }
            else if (ContainsWholePhrase(wanted, city) || ContainsWholePhrase(wanted, country))
            {
                return true;
            }
        }

        return false;
    }

    private bool MatchesIndustry(string industry)
    {
        foreach (var wanted in industries!)
        {
            var canonical = SampleIndustries.Aliases.GetValueOrDefault(wanted, wanted);
            if (canonical.Length == 0)
            {
                continue;
            }

            if (industry.Contains(canonical, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }

            // "Health Care" in "Hospitals and Health Care", "Logistics" in "Transportation, Logistics, ...".
            var wantedTokens = SearchText.Tokens(canonical, expandAbbreviations: false);
            var industryTokens = SearchText.Tokens(industry, expandAbbreviations: false);
            if (wantedTokens.Length > 0 && wantedTokens.All(w => SearchText.ContainsToken(industryTokens, w)))
            {
                return true;
            }
        }

        return false;
    }

    private static bool ContainsWholePhrase(string haystack, string phrase)
    {
        var at = haystack.IndexOf(phrase, StringComparison.OrdinalIgnoreCase);
        while (at >= 0)
        {
            var end = at + phrase.Length;
            var startsWord = at == 0 || !char.IsLetter(haystack[at - 1]);
            var endsWord = end == haystack.Length || !char.IsLetter(haystack[end]);
            if (startsWord && endsWord)
            {
                return true;
            }

            at = haystack.IndexOf(phrase, at + 1, StringComparison.OrdinalIgnoreCase);
        }

        return false;
    }

    private static bool Cached(Dictionary<string, bool> cache, string key, Func<string, bool> compute)
    {
        if (!cache.TryGetValue(key, out var verdict))
        {
            verdict = compute(key);
            cache[key] = verdict;
        }

        return verdict;
    }

    // Criteria arrive from JSON: a missing list can be null despite the declared type.
    private static IReadOnlyList<string> OrEmpty(IReadOnlyList<string>? values) => values ?? [];

    private static List<string>? NonEmpty(IReadOnlyList<string>? values)
    {
        var list = values?.Where(v => !string.IsNullOrWhiteSpace(v)).ToList();
        return list is { Count: > 0 } ? list : null;
    }

    // Unknown seniorities are kept as they are: they match nobody, which is what a filter on an unknown level means.
    private static string NormaliseSeniority(string value)
    {
        var trimmed = value.Trim();
        return SeniorityAliases.TryGetValue(trimmed, out var alias) ? alias : trimmed.ToLowerInvariant();
    }

    private static string NormaliseLocation(string value)
    {
        var trimmed = value.Trim();
        return SampleGeography.CountryAliases.TryGetValue(trimmed, out var country) ? country : trimmed;
    }

    private static string NormaliseSize(string value)
    {
        var compact = new string(value.Where(c => char.IsDigit(c) || c is '-' or '+').ToArray());
        return compact switch
        {
            "10000+" => "10001+",
            "0-10" or "1-9" => "1-10",
            _ => compact,
        };
    }
}
