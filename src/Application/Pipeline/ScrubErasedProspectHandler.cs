using LeadGen.Application.Compliance;
using LeadGen.Application.Ports;
using LeadGen.Domain.Prospects;
using Marten;
using Microsoft.Extensions.Options;
using Wolverine;

namespace LeadGen.Application.Pipeline;

/// <summary>Finishes an erasure: every step is idempotent, so a crash or a provider outage only means it runs again
/// (Wolverine's retries, then the dead-letter queue, which an admin can replay). Scoring and indexing append without a
/// version check, so one that read the person just before the erasure may commit after this scrub; a final pass,
/// <see cref="ComplianceOptions.ErasureFinalPassAfter"/> later, masks and deletes again whatever such a step left.</summary>
public static class ScrubErasedProspectHandler
{
    public static readonly IReadOnlyList<string> Places =
    [
        "event payloads", "prospect snapshot", "campaign prospect rows", "enrichment answer cache", "facebook lead notifications",
        "vector index", "embedding cache",
    ];

    public static async Task<object?> Handle(ScrubErasedProspect message, IDocumentSession session, IDocumentStore store, IVectorIndex index,
        IEmbeddingCache embeddings, IOptions<ComplianceOptions> options, CancellationToken ct)
    {
        var stream = await session.Events.FetchForWriting<Prospect>(message.ProspectId, ct);
        if (stream.Aggregate is not { Erased: true } prospect || prospect.ErasureCompleted != message.FinalPass) return null;

        var tenant = session.TenantId;
        await store.Advanced.ApplyEventDataMasking(m => m.IncludeStream(message.ProspectId).ForTenant(tenant), ct);
        await index.DeleteAsync(tenant, [prospect.Id.ToString()], ct);
        await embeddings.ForgetDigestsAsync(message.EmbeddingDigests, ct);
        if (message.FinalPass)
        {
            // The record from the masked events: a late step's event may have put its sentences back in it.
            // In a session of its own: the handler's holds the record as it read it before masking.
            await using var rebuild = store.LightweightSession(tenant);
            if (await rebuild.Events.AggregateStreamAsync<Prospect>(prospect.Id, token: ct) is { } masked)
            {
                rebuild.Store(masked);
                await rebuild.SaveChangesAsync(ct);
            }
            return null;
        }

        stream.AppendOne(new ProspectErasureCompleted(prospect.Id, Places));
        return (message with { FinalPass = true }).DelayedFor(options.Value.ErasureFinalPassAfter);
    }
}
