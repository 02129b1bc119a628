using LeadGen.Application.Compliance;
using LeadGen.Domain.Prospects;
using Marten;
using Marten.Linq.LastModified;
using Microsoft.Extensions.Options;
using Wolverine;

namespace LeadGen.Application.Pipeline;

/// <summary>Look for the tenant's prospects past their retention period (the tenant travels on the envelope).</summary>
public sealed record EnforceRetention;

/// <summary>
/// Retention: a prospect never qualified nor converted, with no activity on their stream for the tenant's retention
/// period, is erased like on request, as the actor <see cref="Actor"/>. A batch per message; a full batch sends the
/// next, so one run works through any backlog without one huge transaction.
/// </summary>
public static class EnforceRetentionHandler
{
    public const string Actor = "system:retention";
    public const string Reason = "retention period ended";
    public const int Batch = 100;

    public static async Task<OutgoingMessages> Handle(EnforceRetention message, IDocumentSession session, IOptions<ComplianceOptions> options,
        TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var cutoff = now.AddDays(-options.Value.RetentionDaysOf(session.TenantId));
        var due = await session.Query<Prospect>()
            .Where(p => !p.Erased && !p.EverQualified && p.ModifiedBefore(cutoff))
            .Select(p => p.Id)
            .Take(Batch)
            .ToListAsync(ct);

        var outgoing = new OutgoingMessages();
        foreach (var id in due)
        {
            var stream = await session.Events.FetchForWriting<Prospect>(id, ct);
            if (stream.Aggregate is not { Erased: false, EverQualified: false }) continue;
            outgoing.Add(await Erasure.Begin(session, stream, Reason, Actor, now, ct));
        }
        if (due.Count == Batch) outgoing.Add(new EnforceRetention());
        return outgoing;
    }
}
