using LeadGen.Application.Ports;
using LeadGen.Application.Scoring;
using LeadGen.Domain.Prospects;
using Marten;

namespace LeadGen.Application.Pipeline;

/// <summary>Indexes prospects' profile vectors under their ids (an upsert, so a redelivery changes nothing). The vectors
/// were computed moments ago for scoring; the embedding cache gives them back without computing or paying again.</summary>
public static class IndexProspectsHandler
{
    public static async Task Handle(IndexProspects message, IDocumentSession session, IcpMatcher matcher, IVectorIndex index, CancellationToken ct)
    {
        // An erased person is never indexed again, whatever was queued before the erasure.
        var prospects = (await session.LoadManyAsync<Prospect>(ct, message.ProspectIds)).Where(p => !p.Erased).ToList();
        if (prospects.Count == 0) return;
        var vectors = await matcher.ProfileVectors(prospects.Select(p => p.Profile).ToList(), ct);
        await index.UpsertAsync(session.TenantId, prospects.Select((p, i) =>
            new IndexedVector(p.Id.ToString(), matcher.Model, vectors[i], ProspectVectors.Metadata(p))).ToList(), ct);
    }
}

/// <summary>How prospects are labelled in the vector index; never with personal data.</summary>
public static class ProspectVectors
{
    public const string KindKey = "kind";
    public const string Kind = "prospect";

    public static IReadOnlyDictionary<string, string> Metadata(Prospect p) =>
        new Dictionary<string, string> { [KindKey] = Kind, ["platform"] = p.Platform };

    public static readonly IReadOnlyDictionary<string, string> Filter = new Dictionary<string, string> { [KindKey] = Kind };
}
