using LeadGen.Application.Compliance;
using LeadGen.Domain.Prospects;
using Marten;
using Wolverine;

namespace LeadGen.Application.Pipeline;

/// <summary>Masks the stored events of the tenant's erased prospects again, in id order, after the first
/// <paramref name="Done"/> (the tenant travels on the envelope).</summary>
public sealed record RemaskErasedProspects(int Done);

/// <summary>
/// Masking rules apply to the events of a stream when it is scrubbed, so a rule added later (ADR 12: the employer and
/// the score's sentences, 2026-11-28) leaves the people erased before it as they were. This sends each of them the
/// erasure's final pass (<see cref="ScrubErasedProspectHandler"/>), which masks their events with today's rules and
/// rebuilds their record. A batch per message; a full batch sends the next. Idempotent.
/// </summary>
public static class RemaskErasedProspectsHandler
{
    public const int Batch = 100;

    public static async Task<OutgoingMessages> Handle(RemaskErasedProspects message, IDocumentSession session, CancellationToken ct)
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
        outgoing.AddRange(erased.Select(id => new ScrubErasedProspect(id, [], FinalPass: true)));
        if (erased.Count == Batch) outgoing.Add(new RemaskErasedProspects(message.Done + Batch));
        return outgoing;
    }
}
