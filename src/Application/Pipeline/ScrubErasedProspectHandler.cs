using LeadGen.Application.Compliance;
using LeadGen.Application.Ports;
using LeadGen.Domain.Prospects;
using Marten;

namespace LeadGen.Application.Pipeline;

/// <summary>Finishes an erasure: every step is idempotent, so a crash or a provider outage only means it runs again
/// (Wolverine's retries, then the dead-letter queue, which an admin can replay).</summary>
public static class ScrubErasedProspectHandler
{
    public static readonly IReadOnlyList<string> Places =
    [
        "event payloads", "prospect snapshot", "campaign prospect rows", "enrichment answer cache", "facebook lead notifications",
        "vector index", "embedding cache",
    ];

    public static async Task Handle(ScrubErasedProspect message, IDocumentSession session, IDocumentStore store, IVectorIndex index,
        IEmbeddingCache embeddings, CancellationToken ct)
    {
        var stream = await session.Events.FetchForWriting<Prospect>(message.ProspectId, ct);
        if (stream.Aggregate is not { Erased: true, ErasureCompleted: false } prospect) return;

        var tenant = session.TenantId;
        await store.Advanced.ApplyEventDataMasking(m => m.IncludeStream(message.ProspectId).ForTenant(tenant), ct);
        await index.DeleteAsync(tenant, [prospect.Id.ToString()], ct);
        await embeddings.ForgetDigestsAsync(message.EmbeddingDigests, ct);

        stream.AppendOne(new ProspectErasureCompleted(prospect.Id, Places));
    }
}
