using FluentValidation;
using LeadGen.Application.Common;
using Marten;
using Mediator;

namespace LeadGen.Application.Features.Compliance;

/// <summary>The tenant's log of state-changing requests, newest first, between <paramref name="From"/> (inclusive) and
/// <paramref name="To"/> (exclusive), optionally of one actor.</summary>
public sealed record ListRequestLog(DateTimeOffset? From = null, DateTimeOffset? To = null, string? Actor = null, int Limit = 50,
    string? After = null) : IQuery<RequestLogPage>;

public sealed record RequestLogPage(IReadOnlyList<RequestLogEntry> Items, string? NextCursor);

public sealed record RequestLogEntry(Guid Id, DateTimeOffset At, string Actor, string Method, string? Route,
    IReadOnlyDictionary<string, Guid> Ids, int Status, string TraceId)
{
    public static RequestLogEntry From(RequestAuditEntry e) => new(e.Id, e.At, e.Actor, e.Method, e.Route, e.Ids, e.Status, e.TraceId);
}

/// <summary>Newest first: the time and id of the last entry shown.</summary>
public sealed record RequestLogPosition(DateTimeOffset At, Guid Id);

public sealed class ListRequestLogValidator : AbstractValidator<ListRequestLog>
{
    public ListRequestLogValidator()
    {
        RuleFor(x => x.Limit).InclusiveBetween(1, 200);
        RuleFor(x => x.To).GreaterThan(x => x.From).When(x => x.From is not null && x.To is not null)
            .WithMessage("'to' must be after 'from'.");
        RuleFor(x => x.Actor).MaximumLength(200).PlainText();
        RuleFor(x => x.After).Must(Cursor.IsValid<RequestLogPosition>).WithMessage("The cursor is not one this API issued.");
    }
}

public sealed class ListRequestLogHandler(IQuerySession session) : IQueryHandler<ListRequestLog, RequestLogPage>
{
    public async ValueTask<RequestLogPage> Handle(ListRequestLog query, CancellationToken ct)
    {
        Cursor.TryDecode<RequestLogPosition>(query.After, out var after);
        var entries = session.Query<RequestAuditEntry>().AsQueryable();
        // Instants in UTC: PostgreSQL's timestamptz parameters refuse other offsets, and the caller may write any.
        if (query.From?.ToUniversalTime() is { } from) entries = entries.Where(x => x.At >= from);
        if (query.To?.ToUniversalTime() is { } to) entries = entries.Where(x => x.At < to);
        if (query.Actor is { } actor) entries = entries.Where(x => x.Actor == actor);

        // Entries recorded in the cursor's very instant are read apart and told apart by id, so a page never skips or
        // repeats one, however many share that instant (times are stored to the microsecond, as PostgreSQL keeps them).
        var rows = new List<RequestAuditEntry>();
        if (after is not null)
        {
            rows.AddRange((await entries.Where(x => x.At == after.At).ToListAsync(ct)).Where(x => x.Id.CompareTo(after.Id) < 0));
            entries = entries.Where(x => x.At < after.At);
        }
        rows.AddRange(await entries.OrderByDescending(x => x.At).ThenByDescending(x => x.Id).Take(query.Limit + 1).ToListAsync(ct));
        var page = rows.OrderByDescending(x => x.At).ThenByDescending(x => x.Id).Take(query.Limit + 1).ToList();

        var items = page.Take(query.Limit).Select(RequestLogEntry.From).ToList();
        var next = page.Count > query.Limit ? Cursor.Encode(new RequestLogPosition(items[^1].At, items[^1].Id)) : null;
        return new RequestLogPage(items, next);
    }
}
