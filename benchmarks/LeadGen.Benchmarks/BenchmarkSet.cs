using System.Collections.Concurrent;
using LeadGen.Application.Scoring;

namespace LeadGen.Benchmarks;

/// <summary>Titles (as title-only profiles) to score against every occupation's ICP. With leave-one-out (training
/// titles, whose text is in the taxonomy), an ICP whose candidate titles include the title being scored is scored
/// without that candidate, so a training title never matches itself.</summary>
public sealed class BenchmarkSet
{
    private readonly ConcurrentDictionary<(int Title, int Icp), ScoringIcp> variants = new();
    private readonly Dictionary<string, int[]> icpsByCandidate;

    public BenchmarkSet(IReadOnlyList<HeldTitle> titles, IReadOnlyList<ScoringProfile> profiles, IReadOnlyList<ScoringIcp> icps,
        TitleTaxonomy taxonomy, MatchScorer preparer, bool leaveOneOut)
    {
        Titles = titles;
        Profiles = profiles;
        Icps = icps;
        Taxonomy = taxonomy;
        Preparer = preparer;
        LeaveOneOut = leaveOneOut;
        icpsByCandidate = icps.SelectMany((icp, j) => icp.Titles.Select(c => (c.Title, j)))
            .GroupBy(x => x.Title, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.Select(x => x.j).Distinct().ToArray(), StringComparer.OrdinalIgnoreCase);
    }

    public IReadOnlyList<HeldTitle> Titles { get; }
    public IReadOnlyList<ScoringProfile> Profiles { get; }
    public IReadOnlyList<ScoringIcp> Icps { get; }
    public TitleTaxonomy Taxonomy { get; }
    public MatchScorer Preparer { get; }
    public bool LeaveOneOut { get; }

    /// <summary>Whether a test title reached any ICP as a candidate (it must not: the taxonomy holds training titles only).</summary>
    public int TitlesFoundAmongCandidates => Titles.Count(t => icpsByCandidate.ContainsKey(t.Title));

    /// <param name="remember">Keep the variant for the next call. The fitting asks for the same pairs again and again;
    /// a whole matrix of the training half asks once for each of ~74,000 variants of a few hundred kB each, which
    /// would not fit in memory.</param>
    public ScoringIcp IcpFor(int title, int icp, bool remember = true)
    {
        if (!LeaveOneOut || !icpsByCandidate.TryGetValue(Titles[title].Title, out var holders) || !holders.Contains(icp)) return Icps[icp];
        if (variants.TryGetValue((title, icp), out var known)) return known;
        return remember ? variants.GetOrAdd((title, icp), Without) : Without((title, icp));
    }

    /// <summary>Lets go of the variants the fitting kept.</summary>
    public void Forget() => variants.Clear();

    private ScoringIcp Without((int Title, int Icp) key)
    {
        var original = Icps[key.Icp];
        var kept = original.Titles.Where(c => !string.Equals(c.Title, Titles[key.Title].Title, StringComparison.OrdinalIgnoreCase))
            .Select(c => (c.Title, c.Strength, c.Source, c.Vector)).ToArray();
        return Preparer.Prepare(original.Icp, original.Vector, kept, original.Weights);
    }

    /// <summary>Score matrix: one row per title, one column per ICP. Filled an ICP at a time, the way the pipeline
    /// scores (one ICP, a batch of profiles), so that the ICP's candidate vectors stay in the CPU cache.</summary>
    public float[][] Matrix(Func<int, int, float> score)
    {
        var rows = new float[Titles.Count][];
        for (var i = 0; i < rows.Length; i++) rows[i] = new float[Icps.Count];
        Parallel.For(0, Icps.Count, j =>
        {
            for (var i = 0; i < rows.Length; i++) rows[i][j] = score(i, j);
        });
        return rows;
    }
}
