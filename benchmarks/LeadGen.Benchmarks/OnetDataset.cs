using System.Text;

namespace LeadGen.Benchmarks;

/// <summary>One O*NET 27.0 occupation: the ICP is its title and description; its alternate and reported titles are
/// the people who fit it. O*NET® 27.0 Database, U.S. Department of Labor, Employment and Training Administration,
/// licensed under CC BY 4.0 (https://www.onetcenter.org/database.html).</summary>
public sealed record Occupation(int Index, string Code, string Title, string Description, IReadOnlyList<string> Titles);

/// <summary>A distinct job title (compared case-insensitively) and every occupation that lists it.</summary>
public sealed record HeldTitle(string Title, int[] Occupations, int Half);

public sealed class OnetDataset
{
    public const string EnvironmentVariable = "LEADGEN_ONET_DIR";

    public required string Directory { get; init; }
    public required IReadOnlyList<Occupation> Occupations { get; init; }
    public required IReadOnlyList<HeldTitle> Titles { get; init; }

    /// <summary>Each occupation's technology skills (the examples of "Technology Skills.txt": "Microsoft Excel",
    /// "Autodesk AutoCAD"), by occupation index; empty for the 105 occupations O*NET lists none for.</summary>
    public required IReadOnlyList<IReadOnlyList<string>> TechnologySkills { get; init; }

    /// <summary>The dataset folder: $LEADGEN_ONET_DIR, else shared/datasets/onet-27.0 beside the repository (the first
    /// ancestor of the working folder or of this program that holds LeadGen.sln is the repository root).</summary>
    public static string Locate()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return System.IO.Directory.Exists(fromEnvironment)
                ? fromEnvironment
                : throw new DirectoryNotFoundException($"{EnvironmentVariable}={fromEnvironment} does not exist.");
        }

        foreach (var start in new[] { System.IO.Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (!File.Exists(Path.Combine(dir.FullName, "LeadGen.sln"))) continue;
                var candidate = Path.Combine(dir.Parent?.FullName ?? dir.FullName, "shared", "datasets", "onet-27.0");
                if (System.IO.Directory.Exists(candidate)) return candidate;
            }
        }

        throw new DirectoryNotFoundException(
            $"O*NET 27.0 not found: set {EnvironmentVariable} or put it at ../shared/datasets/onet-27.0 beside the repository.");
    }

    /// <summary>Loads the occupations and splits every distinct title into half 0 (train) or 1 (test) by a seeded hash of
    /// its lower-cased text. Splitting the title rather than the (occupation, title) pair keeps a title that several
    /// occupations list on one side only, so nothing learned from the training half has seen a test title.</summary>
    public static OnetDataset Load(string directory, ulong seed)
    {
        var occupationRows = ReadRows(Path.Combine(directory, "Occupation Data.txt"));
        var titlesByCode = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (file, column) in new[] { ("Alternate Titles.txt", 1), ("Sample of Reported Titles.txt", 1) })
        {
            foreach (var row in ReadRows(Path.Combine(directory, file)))
            {
                if (!titlesByCode.TryGetValue(row[0], out var list)) titlesByCode[row[0]] = list = [];
                list.Add(row[column].Trim());
            }
        }

        var occupations = new List<Occupation>(occupationRows.Count);
        foreach (var row in occupationRows)
        {
            var titles = titlesByCode.GetValueOrDefault(row[0]) ?? [];
            occupations.Add(new Occupation(occupations.Count, row[0], row[1].Trim(), row[2].Trim(),
                titles.Where(t => t.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToArray()));
        }

        var held = new Dictionary<string, (string Title, List<int> Occupations)>(StringComparer.OrdinalIgnoreCase);
        foreach (var occupation in occupations)
        {
            foreach (var title in occupation.Titles)
            {
                if (!held.TryGetValue(title, out var entry)) held[title] = entry = (title, []);
                entry.Occupations.Add(occupation.Index);
            }
        }

        var skillsByCode = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var skillsFile = Path.Combine(directory, "Technology Skills.txt");
        foreach (var row in File.Exists(skillsFile) ? ReadRows(skillsFile) : [])
        {
            if (!skillsByCode.TryGetValue(row[0], out var list)) skillsByCode[row[0]] = list = [];
            if (row[1].Trim() is { Length: > 0 } skill && !list.Contains(skill)) list.Add(skill);
        }

        var heldTitles = held.Values
            .Select(e => new HeldTitle(e.Title, e.Occupations.ToArray(), HalfOf(e.Title, seed)))
            .OrderBy(t => t.Title, StringComparer.Ordinal)
            .ToArray();
        return new OnetDataset
        {
            Directory = directory, Occupations = occupations, Titles = heldTitles,
            TechnologySkills = occupations.Select(o => (IReadOnlyList<string>?)skillsByCode.GetValueOrDefault(o.Code) ?? []).ToArray(),
        };
    }

    /// <summary>FNV-1a over the seed and the lower-cased UTF-8 title, finished with a 64-bit mix: stable across
    /// processes and machines (string.GetHashCode is randomised per process).</summary>
    public static int HalfOf(string title, ulong seed) => BucketOf(title, seed, 2);

    /// <summary>The title's bucket among <paramref name="buckets"/>, by the same hash (for two buckets, its half).</summary>
    public static int BucketOf(string title, ulong seed, int buckets)
    {
        var hash = 14695981039346656037UL ^ seed;
        foreach (var b in Encoding.UTF8.GetBytes(title.ToLowerInvariant()))
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        hash ^= hash >> 33;
        hash *= 0xff51afd7ed558ccdUL;
        hash ^= hash >> 33;
        return (int)(hash % (ulong)buckets);
    }

    /// <summary>Up to <paramref name="perOccupation"/> titles of each occupation from one half, chosen by a seeded
    /// shuffle (null: all of them). A title listed by two occupations may be drawn for either.</summary>
    public IReadOnlyList<HeldTitle> Sample(int half, int? perOccupation, int seed)
    {
        var inHalf = Titles.Where(t => t.Half == half).ToArray();
        if (perOccupation is null) return inHalf;
        var byOccupation = new List<HeldTitle>[Occupations.Count];
        foreach (var title in inHalf)
        {
            foreach (var o in title.Occupations) (byOccupation[o] ??= []).Add(title);
        }

        var random = new Random(seed);
        var chosen = new HashSet<HeldTitle>();
        foreach (var list in byOccupation)
        {
            if (list is null) continue;
            var shuffled = list.ToArray();
            random.Shuffle(shuffled);
            foreach (var t in shuffled.Take(perOccupation.Value)) chosen.Add(t);
        }

        return inHalf.Where(chosen.Contains).ToArray();
    }

    private static List<string[]> ReadRows(string path)
    {
        var rows = new List<string[]>();
        foreach (var line in File.ReadLines(path, Encoding.UTF8).Skip(1))
        {
            if (line.Length > 0) rows.Add(line.Split('\t'));
        }

        return rows;
    }
}
