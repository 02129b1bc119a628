using System.Diagnostics;
using System.Globalization;

namespace LeadGen.Infrastructure.SamplePlatform;

/// <summary>
/// The sample platform's members: a deterministic synthetic population built from the embedded O*NET titles and
/// skills (see Data/ATTRIBUTION.md) plus invented names, companies and places. It stands in for an external
/// platform, so it lives in memory, outside LeadGen's database. Building is lazy, happens once per instance and is
/// thread-safe; afterwards everything is read-only, so any number of concurrent readers is fine.
/// </summary>
public sealed class SamplePopulation
{
    public const int DefaultSize = 50_000;

    /// <summary>Changing the seed (or the generator) changes every person: external ids stored by earlier campaigns
    /// would then point at different people.</summary>
    public const int DefaultSeed = 27_0_2022;

    private readonly Lazy<PopulationSnapshot> snapshot;
    private readonly Lazy<Lookups> lookups;

    public SamplePopulation(int size = DefaultSize, int seed = DefaultSeed)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        Size = size;
        Seed = seed;
        snapshot = new Lazy<PopulationSnapshot>(() => Build(size, seed), LazyThreadSafetyMode.ExecutionAndPublication);
        lookups = new Lazy<Lookups>(() => new Lookups(snapshot.Value), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public int Size { get; }
    public int Seed { get; }

    public IReadOnlyList<SamplePerson> People => Snapshot.People;
    public IReadOnlyList<SampleCompany> Companies => Snapshot.Companies;

    /// <summary>How long the one-off build took (for diagnostics; zero-cost after the first access).</summary>
    public TimeSpan BuildDuration => Snapshot.BuildDuration;

    internal PopulationSnapshot Snapshot => snapshot.Value;

    private static PopulationSnapshot Build(int size, int seed)
    {
        var stopwatch = Stopwatch.StartNew();
        var built = new SamplePopulationBuilder(OnetCatalog.LoadEmbedded(), seed).Build(size);
        built.BuildDuration = stopwatch.Elapsed;
        return built;
    }

    public SamplePerson? FindPerson(string externalId)
    {
        ArgumentNullException.ThrowIfNull(externalId);
        // Ids are "smp-" + the 1-based index: no dictionary needed, but the formatted id must match exactly.
        if (!externalId.StartsWith(SamplePerson.ExternalIdPrefix, StringComparison.Ordinal)
            || !int.TryParse(externalId.AsSpan(SamplePerson.ExternalIdPrefix.Length), NumberStyles.None,
                CultureInfo.InvariantCulture, out var number))
        {
            return null;
        }

        var people = Snapshot.People;
        return number >= 1 && number <= people.Length && people[number - 1].ExternalId == externalId ? people[number - 1] : null;
    }

    public SampleCompany? FindCompanyByDomain(string? domain)
    {
        var key = CompanyKeys.Domain(domain);
        return key is not null && lookups.Value.ByDomain.TryGetValue(key, out var company) ? company : null;
    }

    public SampleCompany? FindCompanyByName(string? name)
    {
        var key = CompanyKeys.Name(name);
        return key is not null && lookups.Value.ByName.TryGetValue(key, out var company) ? company : null;
    }

    /// <summary>The company a domain or name designates; the domain wins because names are ambiguous in real data.</summary>
    public SampleCompany? FindCompany(string? name, string? domain) => FindCompanyByDomain(domain) ?? FindCompanyByName(name);

    private sealed class Lookups
    {
        public Lookups(PopulationSnapshot snapshot)
        {
            foreach (var company in snapshot.Companies)
            {
                ByDomain.Add(CompanyKeys.Domain(company.Domain)!, company);
                ByName.Add(CompanyKeys.Name(company.Name)!, company);
            }
        }

        public Dictionary<string, SampleCompany> ByDomain { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, SampleCompany> ByName { get; } = new(StringComparer.Ordinal);
    }
}
