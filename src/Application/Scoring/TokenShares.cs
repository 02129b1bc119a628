namespace LeadGen.Application.Scoring;

public static class TokenShares
{
    /// <summary>Splits <paramref name="total"/> into whole shares proportional to <paramref name="weights"/> (largest
    /// remainder), so the shares always add up to the total: costs apportioned this way sum to the bill.</summary>
    public static long[] Apportion(long total, IReadOnlyList<long> weights)
    {
        var shares = new long[weights.Count];
        if (total <= 0 || weights.Count == 0) return shares;
        var sum = weights.Sum(w => Math.Max(w, 1));
        var remainders = new (decimal Remainder, int Index)[weights.Count];
        long given = 0;
        for (var i = 0; i < weights.Count; i++)
        {
            var exact = (decimal)total * Math.Max(weights[i], 1) / sum;
            shares[i] = (long)Math.Floor(exact);
            given += shares[i];
            remainders[i] = (exact - shares[i], i);
        }

        foreach (var (_, index) in remainders.OrderByDescending(r => r.Remainder).ThenBy(r => r.Index).Take((int)(total - given)))
            shares[index]++;
        return shares;
    }
}
