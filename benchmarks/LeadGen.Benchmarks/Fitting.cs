using System.Numerics.Tensors;
using LeadGen.Application.Scoring;
using LeadGen.Domain.Icps;

namespace LeadGen.Benchmarks;

/// <summary>What the scorer learns, all from the training half (docs/adr/0007).</summary>
public sealed record FittedModel(ScoreCalibration Calibration, ScoringWeights Weights, double SemanticShare, string Log);

/// <summary>Fits the calibration constants and the semantic/title balance on training titles, each scored against its
/// own occupations' ICPs (fits) and 100 other ICPs drawn at random (non-fits: an unbiased sample of all non-fit pairs).
/// A training title is never compared with itself: the ICPs whose candidate titles include it are scored without it
/// (leave-one-out), as a test title would be.</summary>
public static class Fitting
{
    public const int NegativesPerTitle = 100;
    public const double MaxMissRate = 0.10;     // at 0.75 at least 90 % of fits pass …
    public const double MaxPassRate = 0.02;     // … and at most 2 % of non-fits

    public sealed record Pair(int Title, int Icp, bool Fit);

    public static FittedModel Fit(BenchmarkSet set, ScoringWeights baseWeights, int seed)
    {
        var log = new System.Text.StringBuilder();
        var random = new Random(seed);
        var pairs = new List<Pair>();
        for (var t = 0; t < set.Titles.Count; t++)
        {
            var fits = set.Titles[t].Occupations;
            foreach (var o in fits) pairs.Add(new Pair(t, o, true));
            for (var n = 0; n < NegativesPerTitle; n++)
            {
                var o = random.Next(set.Icps.Count);
                if (!fits.Contains(o)) pairs.Add(new Pair(t, o, false));
            }
        }

        var labels = pairs.Select(p => p.Fit).ToArray();
        log.AppendLine($"  fitting pairs: {labels.Count(l => l)} fits, {labels.Count(l => !l)} non-fits ({set.Titles.Count} training titles)");

        // 1. Persona cosine → [0, 1]: 0 at the median non-fit, 1 at the 90th percentile of fits.
        var cosines = pairs.Select(p => (double)TensorPrimitives.CosineSimilarity(set.Profiles[p.Title].Vector, set.Icps[p.Icp].Vector)).ToArray();
        var floor = Math.Round(Quantile(cosines.Where((_, i) => !labels[i]), 0.5), 3);
        var ceiling = Math.Round(Quantile(cosines.Where((_, i) => labels[i]), 0.9), 3);
        log.AppendLine($"  persona cosine: non-fit median {floor:0.000}, fit 90th percentile {ceiling:0.000}");

        // 2. Title match: the shares of meaning (embedding cosine), spelling (letter trigrams) and words (stems) in a
        //    title-to-title match, and the weights of the vocabulary and persona-word shares beside the two best
        //    matches, by AUC of the title component alone on the fits and the first 30 non-fits of each title.
        var best = (Setting: (Semantic: 0.0, Spelling: 0.0, Vocabulary: 0.0, PersonaWords: 0.0), Auc: 0.0);
        var gridPairs = new List<Pair>();
        var perTitle = new Dictionary<int, int>();
        foreach (var pair in pairs)
        {
            if (pair.Fit || (perTitle[pair.Title] = perTitle.GetValueOrDefault(pair.Title) + 1) <= 30) gridPairs.Add(pair);
        }

        var gridLabels = gridPairs.Select(p => p.Fit).ToArray();
        foreach (var (semantic, spelling) in new[] { (0.7, 0.0), (0.7, 0.15), (0.6, 0.2), (0.5, 0.25), (0.6, 0.4) })
        foreach (var (vocabulary, personaWords) in new[] { (0.0, 0.0), (0.1, 0.0), (0.1, 0.1), (0.2, 0.1) })
        {
            var calibration = ScoreCalibration.Default with
            {
                PersonaCosineFloor = floor, PersonaCosineCeiling = ceiling, TitleSemanticShare = semantic,
                TitleSpellingShare = spelling, TitleVocabularyWeight = vocabulary, TitlePersonaWordsWeight = personaWords,
            };
            var values = ComponentValues(set, gridPairs, new MatchScorer(set.Taxonomy, calibration), 1);
            var auc = PairAuc(values, gridLabels);
            log.AppendLine($"    title: meaning {semantic:0.00}, spelling {spelling:0.00}, vocabulary {vocabulary:0.0}, persona words {personaWords:0.0}: AUC {auc:0.0000}");
            if (auc > best.Auc) best = ((semantic, spelling, vocabulary, personaWords), auc);
        }

        log.AppendLine($"  title: meaning {best.Setting.Semantic:0.00}, spelling {best.Setting.Spelling:0.00}, vocabulary {best.Setting.Vocabulary:0.0}, persona words {best.Setting.PersonaWords:0.0} (AUC {best.Auc:0.0000})");
        var fitted = ScoreCalibration.Default with
        {
            PersonaCosineFloor = floor, PersonaCosineCeiling = ceiling, TitleSemanticShare = best.Setting.Semantic,
            TitleSpellingShare = best.Setting.Spelling, TitleVocabularyWeight = best.Setting.Vocabulary,
            TitlePersonaWordsWeight = best.Setting.PersonaWords,
        };
        var scorer = new MatchScorer(set.Taxonomy, fitted);
        var persona = ComponentValues(set, pairs, scorer, 0);
        var title = ComponentValues(set, pairs, scorer, 1);

        // 3. Weight of persona vs title: AUC over the pairs, and recall@10 over full rankings of a subset of titles.
        var subset = Enumerable.Range(0, set.Titles.Count).OrderBy(_ => random.Next()).Take(Math.Min(600, set.Titles.Count)).ToArray();
        var rows = subset.Select(t => Enumerable.Range(0, set.Icps.Count).Select(j =>
        {
            Span<double> v = stackalloc double[MatchScorer.ComponentCount];
            scorer.Values(set.IcpFor(t, j), set.Profiles[t], v);
            return (Persona: v[0], Title: double.IsNaN(v[1]) ? 0 : v[1]);
        }).ToArray()).ToArray();
        var candidates = new List<(double Share, double Auc, double Recall)>();
        for (var s = 0.05; s < 0.951; s += 0.05)
        {
            var share = Math.Round(s, 2);
            var raw = persona.Select((p, i) => share * p + (1 - share) * title[i]).ToArray();
            var auc = PairAuc(raw, labels);
            var recall = SubsetRecall(set, subset, r => rows[r].Select(x => share * x.Persona + (1 - share) * x.Title).ToArray());
            candidates.Add((share, auc, recall));
            log.AppendLine($"    persona share {share:0.00}: AUC {auc:0.0000}, recall@10 {recall:0.000}");
        }

        // Among the shares all but as good as the best on both counts (AUC within 0.002, recall@10 within 0.005), the
        // largest: title-only training profiles undervalue the persona, which says more of a profile with a headline
        // and skills, and the taxonomy the title leans on knows O*NET's titles better than anyone else's.
        var topAuc = candidates.Max(c => c.Auc);
        var topRecall = candidates.Max(c => c.Recall);
        var chosen = candidates.Where(c => c.Auc >= topAuc - 0.002 && c.Recall >= topRecall - 0.005).MaxBy(c => c.Share);
        var pool = baseWeights.Semantic + baseWeights.Title;
        var weights = baseWeights with
        {
            Semantic = Math.Round(pool * chosen.Share, 3), Title = Math.Round(pool * (1 - chosen.Share), 3),
        };
        log.AppendLine($"  persona share {chosen.Share:0.00} (AUC {chosen.Auc:0.0000}, recall@10 {chosen.Recall:0.000}) → weights semantic {weights.Semantic}, title {weights.Title}");

        // 4. Distinctness: the centre is the median training title's; the weight, by AUC over the pairs, is how far the
        //    mean moves per unit of distinctness away from it (at the title's share of the weights: 1 − persona share).
        var distinctness = pairs.Select(p => set.Profiles[p.Title].Distinctness?.Value ?? double.NaN).ToArray();
        var centre = Math.Round(Quantile(Enumerable.Range(0, set.Titles.Count)
            .Select(t => set.Profiles[t].Distinctness?.Value ?? double.NaN).Where(double.IsFinite), 0.5), 3);
        double[] Shifted(double weight) => persona.Select((p, i) => chosen.Share * p + (1 - chosen.Share) * title[i]
            + (double.IsFinite(distinctness[i]) ? -(1 - chosen.Share) * weight * (distinctness[i] - centre) : 0)).ToArray();
        var (distinctnessWeight, distinctnessAuc) = (0.0, 0.0);
        foreach (var weight in new[] { 0.0, 0.2, 0.4, 0.6, 0.8, 1.0, 1.2 })
        {
            var auc = PairAuc(Shifted(weight), labels);
            log.AppendLine($"    distinctness weight {weight:0.0} (centre {centre:0.000}): AUC {auc:0.0000}");
            if (auc > distinctnessAuc) (distinctnessWeight, distinctnessAuc) = (weight, auc);
        }

        log.AppendLine($"  distinctness: centre {centre:0.000}, weight {distinctnessWeight:0.0} (AUC {distinctnessAuc:0.0000})");
        fitted = fitted with { DistinctnessWeight = distinctnessWeight, DistinctnessCentre = centre };

        // 5. Threshold, 6. steepness of the criteria score.
        var combined = Shifted(distinctnessWeight);
        var threshold = Threshold(combined, labels, log, "criteria score");
        var steepness = Steepness(combined, labels, fitted with { Threshold = threshold }, (c, x) => c.Calibrate(x), log);
        fitted = fitted with { Threshold = threshold, Steepness = steepness };

        // 7. The occupation the title names: the weight of the classifier's evidence beside the criteria score, with each
        //    training title read by a classifier that never saw it (out of fold); then the second calibration's
        //    threshold and steepness as above.
        var evidence = new double[pairs.Count];
        var criteriaScorer = new MatchScorer(set.Taxonomy, fitted);
        Parallel.For(0, pairs.Count, i =>
        {
            Span<double> v = stackalloc double[MatchScorer.ComponentCount];
            var icp = set.IcpFor(pairs[i].Title, pairs[i].Icp);
            criteriaScorer.Values(icp, set.Profiles[pairs[i].Title], v);
            evidence[i] = MatchScorer.OccupationEvidence(icp, set.Profiles[pairs[i].Title], v) ?? double.NaN;
        });
        var criteria = combined.Select(fitted.Calibrate).ToArray();
        double[] Joined(double weight) => criteria.Select((c, i) => double.IsNaN(evidence[i]) ? c : (c + weight * evidence[i]) / (1 + weight)).ToArray();
        // Full rankings of the subset of step 3, for recall@10.
        var ranked = subset.Select(t => Enumerable.Range(0, set.Icps.Count).Select(j =>
        {
            Span<double> v = stackalloc double[MatchScorer.ComponentCount];
            var icp = set.IcpFor(t, j);
            criteriaScorer.Values(icp, set.Profiles[t], v);
            var score = fitted.Calibrate(criteriaScorer.Combined(v, weights, set.Profiles[t], out _));
            return (Criteria: score, Evidence: MatchScorer.OccupationEvidence(icp, set.Profiles[t], v) ?? double.NaN);
        }).ToArray()).ToArray();
        // The weight that keeps the most fits where 2 % of non-fits pass — what 0.75 promises — among those within
        // 0.001 of the best AUC.
        var occupationCandidates = new List<(double Weight, double Auc, double Kept, double Recall)>();
        foreach (var weight in new[] { 0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0 })
        {
            var joined = Joined(weight);
            var auc = PairAuc(joined, labels);
            var nonFits = joined.Where((_, i) => !labels[i]).Order().ToArray();
            var cut = nonFits[(int)(nonFits.Length * (1 - MaxPassRate))];
            var kept = (double)joined.Where((x, i) => labels[i] && x > cut).Count() / labels.Count(l => l);
            var recall = SubsetRecall(set, subset,
                r => ranked[r].Select(x => double.IsNaN(x.Evidence) ? x.Criteria : (x.Criteria + weight * x.Evidence) / (1 + weight)).ToArray());
            occupationCandidates.Add((weight, auc, kept, recall));
            log.AppendLine($"    occupation weight {weight:0.00}: AUC {auc:0.0000}, fits kept at 2 % of non-fits {kept:P1}, recall@10 {recall:0.000}");
        }

        var bestAuc = occupationCandidates.Max(c => c.Auc);
        var (occupationWeight, occupationAuc, _, _) = occupationCandidates.Where(c => c.Auc >= bestAuc - 0.001).MaxBy(c => c.Kept);
        log.AppendLine($"  occupation weight {occupationWeight:0.00} (AUC {occupationAuc:0.0000}; {evidence.Count(double.IsNaN)} pairs without evidence)");
        if (occupationWeight > 0)
        {
            var joined = Joined(occupationWeight);
            var occupationThreshold = Threshold(joined, labels, log, "joined score");
            var occupationSteepness = Steepness(joined, labels, fitted with { OccupationThreshold = occupationThreshold },
                (c, x) => c.CalibrateJoined(x), log);
            fitted = fitted with { OccupationWeight = occupationWeight, OccupationThreshold = occupationThreshold, OccupationSteepness = occupationSteepness };
        }
        else fitted = fitted with { OccupationWeight = 0 };

        return new FittedModel(fitted, weights, chosen.Share, log.ToString());
    }

    /// <summary>Recall@10 over full rankings of a subset of the training titles: <paramref name="rowOf"/> gives the r-th
    /// subset title's score against every ICP.</summary>
    private static double SubsetRecall(BenchmarkSet set, int[] subset, Func<int, double[]> rowOf)
    {
        var hits = 0;
        var total = 0;
        for (var r = 0; r < subset.Length; r++)
        {
            var row = rowOf(r);
            var fits = set.Titles[subset[r]].Occupations;
            foreach (var o in fits)
            {
                total++;
                var better = row.Where((x, j) => j != o && x >= row[o] && !fits.Contains(j)).Count();
                if (better < 10) hits++;
            }
        }

        return (double)hits / total;
    }

    /// <summary>Where both error rates are the same multiple of their budgets (miss rate / 10 % = non-fit pass rate /
    /// 2 %), which lies within both budgets whenever that is possible at all. When it is not, the non-fit budget holds
    /// (the threshold where 2 % of non-fits pass) and fewer fits pass than wanted: a score of 0.75 then still means
    /// what it promises to a user who sees it, and the shortfall is reported.</summary>
    private static double Threshold(double[] scores, bool[] labels, System.Text.StringBuilder log, string what)
    {
        var fitsSorted = scores.Where((_, i) => labels[i]).Order().ToArray();
        var nonFitsSorted = scores.Where((_, i) => !labels[i]).Order().ToArray();
        double Miss(double t) => (double)LowerBound(fitsSorted, t) / fitsSorted.Length;
        double Pass(double t) => 1 - (double)LowerBound(nonFitsSorted, t) / nonFitsSorted.Length;
        double low = 0, high = 1;
        for (var k = 0; k < 60; k++)
        {
            var mid = (low + high) / 2;
            if (Miss(mid) / MaxMissRate < Pass(mid) / MaxPassRate) low = mid;
            else high = mid;
        }

        if (Pass((low + high) / 2) > MaxPassRate)
        {
            log.AppendLine($"  {what}: both budgets cannot be met on the training half (balanced point: fits kept {1 - Miss((low + high) / 2):P1}, non-fits passed {Pass((low + high) / 2):P2}): holding non-fits at 2 %");
            (low, high) = (0, 1);
            for (var k = 0; k < 60; k++)
            {
                var mid = (low + high) / 2;
                if (Pass(mid) > MaxPassRate) low = mid;
                else high = mid;
            }

            low = high;
        }

        var threshold = Math.Round((low + high) / 2, 4);
        log.AppendLine($"  {what}: threshold {threshold:0.0000}: training fits kept {1 - Miss(threshold):P1}, non-fits passed {Pass(threshold):P2}");
        return threshold;
    }

    /// <summary>The slope of a calibration curve by balanced log-loss of the calibrated score as a probability of fit.</summary>
    private static double Steepness(double[] scores, bool[] labels, ScoreCalibration calibration,
        Func<ScoreCalibration, double, double> calibrate, System.Text.StringBuilder log)
    {
        var (bestSteepness, bestLoss) = (0.0, double.MaxValue);
        foreach (var k in new[] { 4.0, 6, 8, 10, 12, 15, 18, 22, 27, 33, 40 })
        {
            var c = calibration with { Steepness = k, OccupationSteepness = k };
            double lossFit = 0, lossNon = 0;
            int fits = 0, nonFits = 0;
            for (var i = 0; i < scores.Length; i++)
            {
                var p = Math.Clamp(calibrate(c, scores[i]), 1e-6, 1 - 1e-6);
                if (labels[i]) { lossFit -= Math.Log(p); fits++; }
                else { lossNon -= Math.Log(1 - p); nonFits++; }
            }

            var loss = 0.5 * lossFit / fits + 0.5 * lossNon / nonFits;
            if (loss < bestLoss) (bestSteepness, bestLoss) = (k, loss);
        }

        log.AppendLine($"  steepness {bestSteepness} (balanced log-loss {bestLoss:0.000})");
        return bestSteepness;
    }

    private static double[] ComponentValues(BenchmarkSet set, List<Pair> pairs, MatchScorer scorer, int component)
    {
        var values = new double[pairs.Count];
        Parallel.For(0, pairs.Count, i =>
        {
            Span<double> v = stackalloc double[MatchScorer.ComponentCount];
            scorer.Values(set.IcpFor(pairs[i].Title, pairs[i].Icp), set.Profiles[pairs[i].Title], v);
            values[i] = double.IsNaN(v[component]) ? 0 : v[component];
        });
        return values;
    }

    /// <summary>Mann-Whitney AUC of labelled values (ties half).</summary>
    public static double PairAuc(double[] values, bool[] labels)
    {
        var order = Enumerable.Range(0, values.Length).OrderBy(i => values[i]).ToArray();
        double negativesBelow = 0, area = 0, positives = 0;
        for (var k = 0; k < order.Length;)
        {
            var end = k;
            double pos = 0, neg = 0;
            while (end < order.Length && values[order[end]] == values[order[k]])
            {
                if (labels[order[end]]) pos++;
                else neg++;
                end++;
            }

            area += pos * (negativesBelow + 0.5 * neg);
            negativesBelow += neg;
            positives += pos;
            k = end;
        }

        return area / (positives * negativesBelow);
    }

    private static int LowerBound(double[] sorted, double value)
    {
        int low = 0, high = sorted.Length;
        while (low < high)
        {
            var mid = (low + high) / 2;
            if (sorted[mid] < value) low = mid + 1;
            else high = mid;
        }

        return low;
    }

    private static double Quantile(IEnumerable<double> values, double p)
    {
        var sorted = values.Order().ToArray();
        return Metrics.Percentile(sorted, p);
    }
}
