using LeadGen.Application.Common;
using LeadGen.Application.ReadModels;
using LeadGen.Domain.Prospects;
using Marten;
using Mediator;

namespace LeadGen.Application.Features.Compliance;

/// <summary>A data subject's audit trail and consent history, and their state, as they stood at <see cref="AsOf"/>
/// (default: now). The state is the prospect stream replayed up to that time; the trail is the audit projection's
/// lines up to it.</summary>
public sealed record GetSubjectHistory(Guid SubjectId, DateTimeOffset? AsOf) : IQuery<SubjectHistory>;

public sealed record SubjectHistory(
    Guid SubjectId, DateTimeOffset AsOf, SubjectState? State, IReadOnlyList<AuditLine> Consent, IReadOnlyList<AuditLine> Events);

/// <summary>Null fields are unknown as of the date (the subject had not been found yet).</summary>
public sealed record SubjectState(
    long Version, string Platform, IReadOnlyList<SourceView> Sources, IReadOnlyList<MembershipView> Campaigns, Guid? LeadId,
    string? Objection, bool Erased);

public sealed class GetSubjectHistoryHandler(IQuerySession session, TimeProvider clock) : IQueryHandler<GetSubjectHistory, SubjectHistory>
{
    public async ValueTask<SubjectHistory> Handle(GetSubjectHistory query, CancellationToken ct)
    {
        if (await session.Events.FetchStreamStateAsync(query.SubjectId, ct) is null) throw new NotFound("Subject", query.SubjectId);
        // An instant in UTC: PostgreSQL's timestamptz parameters refuse other offsets, and the caller may write any.
        var asOf = (query.AsOf ?? clock.GetUtcNow()).ToUniversalTime();

        var prospect = await session.Events.AggregateStreamAsync<Prospect>(query.SubjectId, timestamp: asOf, token: ct);
        var state = prospect is null
            ? null
            : new SubjectState(prospect.Version, prospect.Platform, prospect.Sources.Select(SubjectViews.Source).ToList(),
                SubjectViews.Memberships(prospect), prospect.LeadId, prospect.Objection?.ToString(), prospect.Erased);

        var lines = await session.Query<AuditEntry>()
            .Where(e => e.SubjectId == query.SubjectId && e.At <= asOf)
            .OrderBy(e => e.Sequence)
            .ToListAsync(ct);
        return new SubjectHistory(query.SubjectId, asOf, state, lines.Where(l => l.Consent).Select(AuditLine.From).ToList(),
            lines.Select(AuditLine.From).ToList());
    }
}
