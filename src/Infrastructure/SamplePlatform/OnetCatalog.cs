using System.IO.Compression;
using System.Reflection;
using System.Text;

namespace LeadGen.Infrastructure.SamplePlatform;

/// <summary>One O*NET occupation as shipped in the embedded data file (see Data/ATTRIBUTION.md).</summary>
public sealed record OnetOccupation(
    string Code,
    string Title,
    IReadOnlyList<string> ReportedTitles,
    IReadOnlyList<string> AlternateTitles,
    IReadOnlyList<string> HotSkills,
    IReadOnlyList<string> OtherSkills)
{
    /// <summary>The SOC major group ("15" for 15-1252.00): it decides which industries employ the occupation.</summary>
    public string MajorGroup { get; } = Code[..2];

    /// <summary>The SOC minor group ("15-12"): used to borrow skills for occupations O*NET lists none for.</summary>
    public string MinorGroup { get; } = Code[..5];
}

/// <summary>Reads the O*NET extract embedded in this assembly (written by tools/build-sample-data.py).</summary>
public static class OnetCatalog
{
    public const string ResourceName = "LeadGen.SamplePlatform.onet-occupations.tsv.gz";

    public static IReadOnlyList<OnetOccupation> LoadEmbedded()
    {
        var assembly = typeof(OnetCatalog).Assembly;
        using var stream = assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException(
                $"Embedded resource '{ResourceName}' is missing from {assembly.GetName().Name}; run tools/build-sample-data.py.");
        return Parse(stream);
    }

    /// <summary>Parses the gzip file: tab-separated code, title, reported titles, alternate titles, hot skills,
    /// other skills; lists joined by '|'; '#' lines are comments.</summary>
    public static IReadOnlyList<OnetOccupation> Parse(Stream gzipStream)
    {
        using var gzip = new GZipStream(gzipStream, CompressionMode.Decompress);
        using var reader = new StreamReader(gzip, Encoding.UTF8);
        var occupations = new List<OnetOccupation>(1_024);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var fields = line.Split('\t');
            if (fields.Length != 6)
            {
                throw new InvalidDataException($"Expected 6 tab-separated fields in the O*NET extract, got {fields.Length}: '{line[..Math.Min(60, line.Length)]}'.");
            }

            occupations.Add(new OnetOccupation(fields[0], fields[1], SplitList(fields[2]), SplitList(fields[3]),
                SplitList(fields[4]), SplitList(fields[5])));
        }

        return occupations;
    }

    private static string[] SplitList(string field) =>
        field.Length == 0 ? [] : field.Split('|', StringSplitOptions.RemoveEmptyEntries);
}
