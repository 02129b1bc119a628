namespace LeadGen.Application.Compliance;

/// <summary>Who LeadGen sends a person's data to, or gets it from, in this deployment: what an Art. 14 notice and the
/// records of processing name. Built from the adapters actually configured; "embedded" ones run inside LeadGen.</summary>
public sealed record DataProcessor(string Name, string Role, string DataSent, bool ThirdParty);

public sealed class DataProcessors(IReadOnlyList<DataProcessor> all)
{
    public IReadOnlyList<DataProcessor> All { get; } = all;

    public DataProcessor? Named(string name) => All.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));

    public static DataProcessors From(IEnumerable<string> platforms, IEnumerable<string> companyProviders, IEnumerable<string> emailProviders,
        string embedder, string vectorIndex)
    {
        var all = new List<DataProcessor>();
        all.AddRange(platforms.Distinct().Select(p => new DataProcessor(p, "source platform",
            "the ICP's search criteria (no personal data is sent; profiles are received)", !Embedded(p))));
        all.AddRange(companyProviders.Distinct().Select(p => new DataProcessor(p, "company enrichment", "the company name or domain", !Embedded(p))));
        all.AddRange(emailProviders.Distinct().Select(p => new DataProcessor(p, "email finder and verifier",
            "name and company domain; the work email found", !Embedded(p))));
        all.Add(new DataProcessor(embedder, "embedding model", "title, headline, skills and industry as text", !Embedded(embedder)));
        all.Add(new DataProcessor(vectorIndex, "vector index", "the profile's embedding vector under the prospect id", !Embedded(vectorIndex)));
        return new DataProcessors(all);
    }

    private static bool Embedded(string name) => name is "local" or "sample" or "postgres";
}
