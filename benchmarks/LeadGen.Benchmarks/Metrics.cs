namespace LeadGen.Benchmarks;

/// <summary>Ranking and classification figures over a matrix of scores: one row per held-out title, one column per
/// occupation's ICP; a (title, occupation) pair is a fit when the occupation lists the title.</summary>
public static class Metrics
{
    /// <summary>Share of fit pairs whose ICP ranks among the k best of all ICPs for that title (ties count against).</summary>
    public static double RecallAtK(IReadOnlyList<HeldTitle> titles, float[][] scores, int k)
    {
        var hits = 0;
        var total = 0;
        for (var r = 0; r < titles.Count; r++)
        {
            var row = scores[r];
            foreach (var o in titles[r].Occupations)
            {
                total++;
                var own = row[o];
                var better = 0;
                for (var j = 0; j < row.Length && better < k; j++)
                {
                    if (j != o && row[j] >= own && !titles[r].Occupations.Contains(j)) better++;
                }

                if (better < k) hits++;
            }
        }

        return total == 0 ? double.NaN : (double)hits / total;
    }

    /// <summary>ROC AUC of fit pairs against all non-fit pairs (the Mann-Whitney statistic, ties counted half), from a
    /// fine histogram of scores in [0, 1]: exact to within the bin width.</summary>
    public static double RocAuc(IReadOnlyList<HeldTitle> titles, float[][] scores)
    {
        const int bins = 100_000;
        var positives = new long[bins + 1];
        var negatives = new long[bins + 1];
        double minimum = double.MaxValue, maximum = double.MinValue;
        foreach (var row in scores)
        foreach (var s in row)
        {
            if (s < minimum) minimum = s;
            if (s > maximum) maximum = s;
        }

        var width = maximum > minimum ? maximum - minimum : 1;
        for (var r = 0; r < titles.Count; r++)
        {
            var fits = titles[r].Occupations;
            var row = scores[r];
            for (var j = 0; j < row.Length; j++)
            {
                var bin = (int)((row[j] - minimum) / width * bins);
                if (fits.Contains(j)) positives[bin]++;
                else negatives[bin]++;
            }
        }

        double area = 0, negativesBelow = 0, totalPositives = positives.Sum(), totalNegatives = negatives.Sum();
        for (var b = 0; b <= bins; b++)
        {
            area += positives[b] * (negativesBelow + 0.5 * negatives[b]);
            negativesBelow += negatives[b];
        }

        return area / (totalPositives * totalNegatives);
    }

    /// <summary>Share of fit pairs and of non-fit pairs scoring at or above the threshold.</summary>
    public static (double FitsKept, double NonFitsPassed) AtThreshold(IReadOnlyList<HeldTitle> titles, float[][] scores, double threshold)
    {
        long fits = 0, fitsKept = 0, nonFits = 0, nonFitsPassed = 0;
        for (var r = 0; r < titles.Count; r++)
        {
            var row = scores[r];
            for (var j = 0; j < row.Length; j++)
            {
                var pass = row[j] >= threshold;
                if (titles[r].Occupations.Contains(j)) { fits++; if (pass) fitsKept++; }
                else { nonFits++; if (pass) nonFitsPassed++; }
            }
        }

        return ((double)fitsKept / fits, (double)nonFitsPassed / nonFits);
    }

    public static double Percentile(IReadOnlyList<double> sortedValues, double p)
    {
        if (sortedValues.Count == 0) return double.NaN;
        var rank = p * (sortedValues.Count - 1);
        var low = (int)Math.Floor(rank);
        var high = Math.Min(low + 1, sortedValues.Count - 1);
        return sortedValues[low] + (sortedValues[high] - sortedValues[low]) * (rank - low);
    }
}
