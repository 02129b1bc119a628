using System.Diagnostics;
using System.Numerics.Tensors;
using LeadGen.Application.Scoring;
using LeadGen.Domain.Icps;

namespace LeadGen.Benchmarks;

/// <summary>
/// Does refining an ICP from fit feedback (Rocchio, <see cref="Rocchio.Apply"/>, as <see cref="IcpMatcher.Refine"/>
/// does it) help? On the test half: for every occupation with at least two fit titles in the test set, up to
/// <see cref="GoodExamples"/> of its fit titles (seeded shuffle, always leaving one) are "good" feedback, and the
/// <see cref="BadExamples"/> non-fit titles the shipped score ranked highest for that ICP before refinement are "bad"
/// feedback. The refined ICP keeps its candidate titles: only its persona vector moves. Every (title, ICP) pair used
/// as feedback is left out of the evaluation (neither scored as a pair nor counted as a competitor in recall@10); the
/// figures are on the remaining pairs of the refined ICPs, before and after, with the same metrics as the benchmark.
/// </summary>
public static class RefinementExperiment
{
    public const int GoodExamples = 3;
    public const int BadExamples = 2;
    public const int Seed = 41;

    private static readonly (string Name, double Alpha, double Beta, double Gamma)[] Settings =
    [
        ("default", Rocchio.DefaultAlpha, Rocchio.DefaultBeta, Rocchio.DefaultGamma),
        ("stronger", 1.0, 1.5, 0.3),
        ("good only", 1.0, 0.75, 0.0),
    ];

    public static void Run(IReadOnlyList<HeldTitle> test, BenchmarkSet testSet, ScoringIcp[] prepared, MatchScorer scorer,
        float[][] cosineBefore, float[][] combinedBefore, string plainCosine)
    {
        var watch = Stopwatch.StartNew();
        var icpCount = prepared.Length;

        // Fit titles of every ICP in the test set.
        var fitsOf = new List<int>[icpCount];
        for (var j = 0; j < icpCount; j++) fitsOf[j] = [];
        for (var i = 0; i < test.Count; i++)
        {
            foreach (var o in test[i].Occupations) fitsOf[o].Add(i);
        }

        // Feedback per ICP: good = fit titles, bad = the best-scoring non-fit titles before refinement.
        var random = new Random(Seed);
        var good = new int[icpCount][];
        var bad = new int[icpCount][];
        var feedback = new HashSet<(int Title, int Icp)>();
        var refined = new bool[icpCount];
        for (var j = 0; j < icpCount; j++)
        {
            var fits = fitsOf[j].ToArray();
            if (fits.Length < 2) continue;
            random.Shuffle(fits);
            good[j] = fits.Take(Math.Min(GoodExamples, fits.Length - 1)).ToArray();
            var column = j;
            bad[j] = Enumerable.Range(0, test.Count)
                .Where(i => !test[i].Occupations.Contains(column))
                .OrderByDescending(i => combinedBefore[i][column]).ThenByDescending(i => cosineBefore[i][column]).ThenBy(i => i)
                .Take(BadExamples).ToArray();
            refined[j] = true;
            foreach (var i in good[j].Concat(bad[j])) feedback.Add((i, j));
        }

        var refinedCount = refined.Count(r => r);
        var evaluation = new Evaluation(test, refined, feedback);
        Console.WriteLine($"\nRefinement (Rocchio) from fit feedback, test half: {refinedCount} of {icpCount} ICPs refined " +
                          $"(those with ≥ 2 fit titles in the test set), each from up to {GoodExamples} of its fit titles as good examples " +
                          $"(always leaving ≥ 1 to evaluate; seed {Seed}) and the {BadExamples} non-fit titles the shipped score ranked highest " +
                          $"for it before refinement as bad examples ({good.Where(g => g is not null).Sum(g => g.Length)} good, " +
                          $"{bad.Where(b => b is not null).Sum(b => b.Length)} bad in all).");
        Console.WriteLine($"  Feedback examples are EXCLUDED from evaluation: figures are on the refined ICPs' other pairs only " +
                          $"({evaluation.FitPairs} fit pairs, {evaluation.NonFitPairs:N0} non-fit pairs); a feedback pair is neither scored " +
                          "nor counted as a competitor in recall@10. Candidate titles are unchanged: refinement moves only the persona vector.");
        var weights = ScoringWeights.Default;
        Console.WriteLine($"  In the combined score refinement moves only the persona component, weight {weights.Semantic:0.00} " +
                          $"(against title {weights.Title:0.00}, plus seniority {weights.Seniority:0.00} when the title implies one: " +
                          $"{weights.Semantic / (weights.Semantic + weights.Title + weights.Seniority):P0}–{weights.Semantic / (weights.Semantic + weights.Title):P0} " +
                          "of a title-only profile's score), so it can move the combined figures only a little.");

        var before = (Cosine: evaluation.Report($"before: {plainCosine}", cosineBefore),
            Combined: evaluation.Report("before: combined score (shipped)", combinedBefore));
        foreach (var (name, alpha, beta, gamma) in Settings)
        {
            var vectors = new float[icpCount][];
            for (var j = 0; j < icpCount; j++)
            {
                vectors[j] = !refined[j] ? prepared[j].Vector : Rocchio.Apply(prepared[j].Vector,
                    good[j].Select(i => testSet.Profiles[i].Vector).ToList(), bad[j].Select(i => testSet.Profiles[i].Vector).ToList(),
                    alpha, beta, gamma);
            }

            var icps = prepared.Select((p, j) => !refined[j] ? p
                : scorer.Prepare(p.Icp, vectors[j], p.Titles.Select(c => (c.Title, c.Strength, c.Source, c.Vector)).ToArray(), p.Weights)).ToArray();
            var cosine = testSet.Matrix((i, j) => TensorPrimitives.CosineSimilarity(testSet.Profiles[i].Vector, vectors[j]));
            var combined = testSet.Matrix((i, j) => (float)scorer.Score(icps[j], testSet.Profiles[i]));
            var moved = Enumerable.Range(0, icpCount).Where(j => refined[j])
                .Average(j => TensorPrimitives.CosineSimilarity(prepared[j].Vector, vectors[j]));
            Console.WriteLine($"  refined {name} (α {alpha:0.##}, β {beta:0.##}, γ {gamma:0.##}): mean cosine of refined to original persona vector {moved:0.000}");
            var afterCosine = evaluation.Report($"after {name}: {plainCosine}", cosine);
            var afterCombined = evaluation.Report($"after {name}: combined score (shipped)", combined);
            Console.WriteLine($"    change: cosine recall@10 {afterCosine.RecallAt10 - before.Cosine.RecallAt10:+0.000;-0.000;0.000}, " +
                              $"AUC {afterCosine.Auc - before.Cosine.Auc:+0.0000;-0.0000;0.0000}; " +
                              $"combined recall@10 {afterCombined.RecallAt10 - before.Combined.RecallAt10:+0.000;-0.000;0.000}, " +
                              $"AUC {afterCombined.Auc - before.Combined.Auc:+0.0000;-0.0000;0.0000}, " +
                              $"fits kept {100 * (afterCombined.FitsKept - before.Combined.FitsKept):+0.0;-0.0;0.0} pt, " +
                              $"non-fits passed {100 * (afterCombined.NonFitsPassed - before.Combined.NonFitsPassed):+0.00;-0.00;0.00} pt");
        }

        Console.WriteLine($"  (refinement experiment: {watch.Elapsed.TotalSeconds:0}s)");
    }

    /// <summary>The pairs evaluated: every (title, ICP) pair of a refined ICP that was not feedback for it.</summary>
    private sealed class Evaluation(IReadOnlyList<HeldTitle> titles, bool[] icps, HashSet<(int Title, int Icp)> excluded)
    {
        private readonly bool[][] evaluated = titles.Select((_, i) => icps.Select((r, j) => r && !excluded.Contains((i, j))).ToArray()).ToArray();

        public int FitPairs { get; } = Count(titles, icps, excluded, fit: true);
        public long NonFitPairs { get; } = Count(titles, icps, excluded, fit: false);

        private static int Count(IReadOnlyList<HeldTitle> titles, bool[] icps, HashSet<(int, int)> excluded, bool fit)
        {
            var n = 0;
            for (var i = 0; i < titles.Count; i++)
            for (var j = 0; j < icps.Length; j++)
            {
                if (icps[j] && titles[i].Occupations.Contains(j) == fit && !excluded.Contains((i, j))) n++;
            }

            return n;
        }

        public MatchingBenchmark.Figures Report(string name, float[][] scores)
        {
            var recall = RecallAtK(scores, MatchingBenchmark.TopK);
            var auc = RocAuc(scores);
            var (kept, passed) = AtThreshold(scores, MatchingBenchmark.Threshold);
            Console.WriteLine($"    {name,-46} recall@10 {recall:0.000}  AUC {auc:0.0000}  at 0.75: fits kept {kept,6:P1}, non-fits passed {passed,6:P2}");
            return new MatchingBenchmark.Figures(recall, auc, kept, passed);
        }

        private bool Evaluated(int i, int j) => evaluated[i][j];

        /// <summary>As <see cref="Metrics.RecallAtK"/>, over the evaluated fit pairs; a pair that was feedback does not compete.</summary>
        private double RecallAtK(float[][] scores, int k)
        {
            int hits = 0, total = 0;
            for (var r = 0; r < titles.Count; r++)
            {
                var row = scores[r];
                var fits = titles[r].Occupations;
                foreach (var o in fits)
                {
                    if (!Evaluated(r, o)) continue;
                    total++;
                    var own = row[o];
                    var better = 0;
                    for (var j = 0; j < row.Length && better < k; j++)
                    {
                        if (j != o && row[j] >= own && !fits.Contains(j) && !excluded.Contains((r, j))) better++;
                    }

                    if (better < k) hits++;
                }
            }

            return total == 0 ? double.NaN : (double)hits / total;
        }

        /// <summary>As <see cref="Metrics.RocAuc"/> (histogram Mann-Whitney, ties half), over the evaluated pairs.</summary>
        private double RocAuc(float[][] scores)
        {
            const int bins = 100_000;
            var positives = new long[bins + 1];
            var negatives = new long[bins + 1];
            double minimum = double.MaxValue, maximum = double.MinValue;
            for (var r = 0; r < titles.Count; r++)
            for (var j = 0; j < icps.Length; j++)
            {
                if (!Evaluated(r, j)) continue;
                minimum = Math.Min(minimum, scores[r][j]);
                maximum = Math.Max(maximum, scores[r][j]);
            }

            var width = maximum > minimum ? maximum - minimum : 1;
            for (var r = 0; r < titles.Count; r++)
            for (var j = 0; j < icps.Length; j++)
            {
                if (!Evaluated(r, j)) continue;
                var bin = (int)((scores[r][j] - minimum) / width * bins);
                if (titles[r].Occupations.Contains(j)) positives[bin]++;
                else negatives[bin]++;
            }

            double area = 0, negativesBelow = 0, totalPositives = positives.Sum(), totalNegatives = negatives.Sum();
            for (var b = 0; b <= bins; b++)
            {
                area += positives[b] * (negativesBelow + 0.5 * negatives[b]);
                negativesBelow += negatives[b];
            }

            return area / (totalPositives * totalNegatives);
        }

        private (double FitsKept, double NonFitsPassed) AtThreshold(float[][] scores, double threshold)
        {
            long fits = 0, fitsKept = 0, nonFits = 0, nonFitsPassed = 0;
            for (var r = 0; r < titles.Count; r++)
            for (var j = 0; j < icps.Length; j++)
            {
                if (!Evaluated(r, j)) continue;
                var pass = scores[r][j] >= threshold;
                if (titles[r].Occupations.Contains(j)) { fits++; if (pass) fitsKept++; }
                else { nonFits++; if (pass) nonFitsPassed++; }
            }

            return ((double)fitsKept / fits, (double)nonFitsPassed / nonFits);
        }
    }
}
