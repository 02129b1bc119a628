using System.IO.Compression;
using System.Text;

namespace LeadGen.Application.Scoring;

/// <summary>One occupation of a title taxonomy: its code and canonical title.</summary>
public sealed record TaxonomyOccupation(int Index, string Code, string Title);

/// <summary>A known job title and the occupations it belongs to.</summary>
public sealed record KnownTitle(string Title, int[] Occupations, string[] Stems);

/// <summary>How strongly one of an ICP's criteria titles names an occupation, and through which known title.</summary>
public sealed record OccupationMatch(TaxonomyOccupation Occupation, double Strength, string Via);

/// <summary>
/// Job titles grouped by occupation: what lets "Aeronautics Commission Director" be recognised as a chief executive
/// although the two share no word. An ICP's criteria titles are looked up here (by words, see
/// <see cref="OccupationsOf"/>) and widened with the other titles of the occupations they name; a profile's title is
/// then compared with the widened list.
/// <para>The default taxonomy (<see cref="Default"/>) is O*NET 27.0's occupation titles plus the <em>training half</em>
/// of its alternate and reported titles (see docs/adr/0007): the titles the matching benchmark reports on are not in
/// it. O*NET® 27.0 Database by the U.S. Department of Labor, Employment and Training Administration (USDOL/ETA),
/// used under the CC BY 4.0 license; modified (split, titles only).</para>
/// </summary>
public sealed class TitleTaxonomy
{
    private readonly Dictionary<string, int[]> titlesByStem;
    private readonly Dictionary<string, double> idf;
    private readonly List<string>[] titlesByOccupation;
    private readonly double unknownIdf;
    private readonly Dictionary<string, double> gramIdf;

    public TitleTaxonomy(IReadOnlyList<(string Code, string Title)> occupations, IEnumerable<(string Title, int[] Occupations)> knownTitles)
    {
        Occupations = occupations.Select((o, i) => new TaxonomyOccupation(i, o.Code, o.Title)).ToArray();
        // Each occupation's canonical title is one of its known titles.
        var all = new Dictionary<string, HashSet<int>>(StringComparer.OrdinalIgnoreCase);
        foreach (var o in Occupations) Add(all, o.Title, o.Index);
        foreach (var (title, indices) in knownTitles)
        {
            foreach (var index in indices) Add(all, title, index);
        }

        Titles = all.Select(e => new KnownTitle(e.Key, e.Value.Order().ToArray(), JobTitle.Parse(e.Key).Role))
            .Where(t => t.Stems.Length > 0)
            .OrderBy(t => t.Title, StringComparer.Ordinal)
            .ToArray();
        titlesByOccupation = Occupations.Select(_ => new List<string>()).ToArray();
        var byStem = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var i = 0; i < Titles.Count; i++)
        {
            foreach (var o in Titles[i].Occupations) titlesByOccupation[o].Add(Titles[i].Title);
            foreach (var stem in Titles[i].Stems)
            {
                if (!byStem.TryGetValue(stem, out var list)) byStem[stem] = list = [];
                list.Add(i);
            }
        }

        titlesByStem = byStem.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);
        // Inverse document frequency over the known titles: "manager" says little, "aeronautics" a lot.
        idf = byStem.ToDictionary(e => e.Key, e => Math.Log((Titles.Count + 1.0) / (e.Value.Count + 1.0)), StringComparer.Ordinal);
        unknownIdf = Math.Log(Titles.Count + 1.0);
        var gramCounts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var title in Titles)
        {
            foreach (var gram in Spelling.Of(title.Title).Keys) gramCounts[gram] = gramCounts.GetValueOrDefault(gram) + 1;
        }

        gramIdf = gramCounts.ToDictionary(e => e.Key, e => Math.Log((Titles.Count + 1.0) / (e.Value + 1.0)), StringComparer.Ordinal);
    }

    private static void Add(Dictionary<string, HashSet<int>> all, string title, int occupation)
    {
        if (string.IsNullOrWhiteSpace(title)) return;
        if (!all.TryGetValue(title.Trim(), out var set)) all[title.Trim()] = set = [];
        set.Add(occupation);
    }

    public static readonly TitleTaxonomy Empty = new([], []);

    private static readonly Lazy<TitleTaxonomy> DefaultTaxonomy = new(LoadDefault);

    /// <summary>O*NET 27.0 occupations and the training half of their titles (generated into TitleTaxonomy.Data.cs by
    /// <c>dotnet run --project benchmarks/LeadGen.Benchmarks -- taxonomy</c>).</summary>
    public static TitleTaxonomy Default => DefaultTaxonomy.Value;

    public IReadOnlyList<TaxonomyOccupation> Occupations { get; }
    public IReadOnlyList<KnownTitle> Titles { get; }

    /// <summary>The weight of a stem in title comparisons (its inverse document frequency over known titles; a stem
    /// no known title uses weighs as much as the rarest).</summary>
    public double Weight(string stem) => idf.TryGetValue(stem, out var w) ? w : unknownIdf;

    /// <summary>The weight of a letter trigram in spelling comparisons (its inverse document frequency over known
    /// titles; one no known title uses weighs as much as the rarest).</summary>
    public double GramWeight(string gram) => gramIdf.TryGetValue(gram, out var w) ? w : unknownIdf;

    public IReadOnlyList<string> TitlesOf(TaxonomyOccupation occupation) => titlesByOccupation[occupation.Index];

    /// <summary>IDF-weighted Dice overlap of two sets of title stems, in [0, 1].</summary>
    public double Overlap(string[] a, string[] b)
    {
        if (a.Length == 0 || b.Length == 0) return 0;
        double shared = 0, weightA = 0, weightB = 0;
        foreach (var s in a)
        {
            var w = Weight(s);
            weightA += w;
            if (Array.IndexOf(b, s) >= 0) shared += w;
        }

        foreach (var s in b) weightB += Weight(s);
        return weightA + weightB <= 0 ? 0 : 2 * shared / (weightA + weightB);
    }

    /// <summary>The occupations a title names: those whose known titles share its words, strongest first, each with
    /// the IDF-weighted overlap of its best known title; only overlaps of at least <paramref name="minimumStrength"/>.</summary>
    public IReadOnlyList<OccupationMatch> OccupationsOf(string title, double minimumStrength, int limit)
    {
        var stems = JobTitle.Parse(title).Role;
        var best = new Dictionary<int, (double Strength, string Via)>();
        var seen = new HashSet<int>();
        foreach (var stem in stems)
        {
            if (!titlesByStem.TryGetValue(stem, out var candidates)) continue;
            foreach (var t in candidates)
            {
                if (!seen.Add(t)) continue;
                var known = Titles[t];
                var strength = Overlap(stems, known.Stems);
                if (strength < minimumStrength) continue;
                foreach (var o in known.Occupations)
                {
                    if (!best.TryGetValue(o, out var current) || strength > current.Strength
                        || (strength == current.Strength && string.Equals(known.Title, Occupations[o].Title, StringComparison.OrdinalIgnoreCase)))
                        best[o] = (strength, known.Title);
                }
            }
        }

        return best.OrderByDescending(e => e.Value.Strength).ThenBy(e => e.Key).Take(limit)
            .Select(e => new OccupationMatch(Occupations[e.Key], e.Value.Strength, e.Value.Via)).ToArray();
    }

    /// <summary>Reads the compact form: gzip of UTF-8 lines "O\tcode\ttitle" (occupations, in index order) and
    /// "T\tindex,index…\ttitle" (known titles).</summary>
    public static TitleTaxonomy Parse(Stream gzip)
    {
        using var reader = new StreamReader(new GZipStream(gzip, CompressionMode.Decompress), Encoding.UTF8);
        var occupations = new List<(string, string)>();
        var titles = new List<(string, int[])>();
        while (reader.ReadLine() is { } line)
        {
            var fields = line.Split('\t');
            if (fields is ["O", var code, var title]) occupations.Add((code, title));
            else if (fields is ["T", var indices, var known]) titles.Add((known, indices.Split(',').Select(int.Parse).ToArray()));
        }

        return new TitleTaxonomy(occupations, titles);
    }

    /// <summary>Writes the compact form <see cref="Parse"/> reads.</summary>
    public static byte[] Serialize(IReadOnlyList<(string Code, string Title)> occupations, IEnumerable<(string Title, int[] Occupations)> knownTitles)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.SmallestSize, leaveOpen: true))
        using (var writer = new StreamWriter(gzip, new UTF8Encoding(false)) { NewLine = "\n" })
        {
            foreach (var (code, title) in occupations) writer.WriteLine($"O\t{code}\t{title}");
            foreach (var (title, indices) in knownTitles.OrderBy(t => t.Title, StringComparer.Ordinal))
                writer.WriteLine($"T\t{string.Join(',', indices)}\t{title}");
        }

        return buffer.ToArray();
    }

    private static TitleTaxonomy LoadDefault()
    {
        var data = TitleTaxonomyData.Compressed;
        return data.Length == 0 ? Empty : Parse(new MemoryStream(Convert.FromBase64String(data)));
    }
}
