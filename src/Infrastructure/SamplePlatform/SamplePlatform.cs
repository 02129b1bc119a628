using LeadGen.Application.Ports;
using LeadGen.Domain.Prospects;

namespace LeadGen.Infrastructure.SamplePlatform;

/// <summary>
/// The embedded default platform: searches the <see cref="SamplePopulation"/> the way a real platform would search
/// its members. Stateless apart from the read-only population, so it is safe for concurrent calls. Each page reruns
/// the query (about 10–20 ms over 50,000 people) rather than caching rankings: the ranking is deterministic, so
/// offsets stay valid from one page to the next.
/// </summary>
/// <remarks>The class shares its name with its namespace: outside the namespace write
/// <c>SamplePlatform.SamplePlatform</c> or use an alias.</remarks>
public sealed class SamplePlatform(SamplePopulation population) : IProspectingPlatform
{
    public const string PlatformName = "sample";

    public string Name => PlatformName;

    public Task<PlatformPage> SearchAsync(PlatformQuery query, string? cursor, int pageSize, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pageSize);
        ct.ThrowIfCancellationRequested();

        var offset = PageCursor.Decode(cursor);
        var search = SampleSearch.Compile(query);
        if (search.IsEmpty)
        {
            return Task.FromResult(new PlatformPage([], null));
        }

        var ranked = search.Run(population.Snapshot, ct);
        var start = Math.Min(offset, ranked.Length);
        var count = (int)Math.Min(pageSize, (long)ranked.Length - start);
        var people = population.Snapshot.People;
        var profiles = new List<ProspectProfile>(count);
        for (var i = start; i < start + count; i++)
        {
            profiles.Add(people[ranked[i]].ToProfile());
        }

        var next = start + count < ranked.Length ? PageCursor.Encode(start + count) : null;
        return Task.FromResult(new PlatformPage(profiles, next));
    }
}
