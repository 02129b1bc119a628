using LeadGen.Domain.Prospects;
using Marten;
using Wolverine;

namespace LeadGen.Application.Pipeline;

/// <summary>Masks the stored events of the tenant's erased prospects again, in id order, after the first
/// <paramref name="Done"/> (the tenant travels on the envelope).</summary>
public sealed record RemaskErasedProspects(int Done);

/// <summary>
/// Masking rules apply to the events of a stream when it is scrubbed, so a rule added later (ADR 12: the employer and
/// the score's sentences, 2026-11-28) leaves the people erased before it as they were. This applies today's rules to
/// their events again and rebuilds their record from the masked events. A batch per message; a full batch sends the
/// next. Idempotent: masking masked events changes nothing.
/// </summary>
public static class RemaskErasedProspectsHandler
{
    public const int Batch = 100;

    public static async Task<OutgoingMessages> Handle(RemaskErasedProspects message, IDocumentSession session, IDocumentStore store,
        CancellationToken ct)
    {
        // By offset: the people erased meanwhile that land among those done were masked by their own erasure's rules.
        var erased = await session.Query<Prospect>()
            .Where(p => p.Erased)
            .OrderBy(p => p.Id)
            .Select(p => p.Id)
            .Skip(message.Done)
            .Take(Batch)
            .ToListAsync(ct);
        var outgoing = new OutgoingMessages();
        if (erased.Count == 0) return outgoing;

        var tenant = session.TenantId;
        await store.Advanced.ApplyEventDataMasking(masking =>
        {
            foreach (var id in erased) masking.IncludeStream(id);
            masking.ForTenant(tenant);
        }, ct);
        foreach (var id in erased)
        {
            if (await session.Events.AggregateStreamAsync<Prospect>(id, token: ct) is { } prospect) session.Store(prospect);
        }
        if (erased.Count == Batch) outgoing.Add(new RemaskErasedProspects(message.Done + Batch));
        return outgoing;
    }
}
