namespace LeadGen.Infrastructure.Providers;

/// <summary>Puts providers' company facts into the shapes the rest of LeadGen compares: the size bands the sample
/// population and ICP criteria use (LinkedIn's), and "City, Country" locations.</summary>
public static class Firmographics
{
    private static readonly (int UpTo, string Band)[] Bands =
    [
        (10, "1-10"), (50, "11-50"), (200, "51-200"), (500, "201-500"), (1_000, "501-1000"), (5_000, "1001-5000"),
        (10_000, "5001-10000"),
    ];

    /// <summary>The band for a head count, or null when the provider gave none (or nonsense).</summary>
    public static string? SizeBand(int? employees)
    {
        if (employees is not > 0) return null;
        foreach (var (upTo, band) in Bands)
        {
            if (employees <= upTo) return band;
        }

        return "10001+";
    }

    public static string? Location(string? city, string? country)
    {
        var parts = new[] { city, country }.Where(p => !string.IsNullOrWhiteSpace(p)).Select(p => p!.Trim()).ToArray();
        return parts.Length == 0 ? null : string.Join(", ", parts);
    }
}
