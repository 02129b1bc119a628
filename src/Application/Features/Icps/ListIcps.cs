using FluentValidation;
using LeadGen.Application.Common;
using LeadGen.Domain.Icps;
using Marten;
using Mediator;

namespace LeadGen.Application.Features.Icps;

/// <summary>The tenant's ICPs, newest first; archived ones only when asked for.</summary>
public sealed record ListIcps(int Limit = 50, string? Cursor = null, bool IncludeArchived = false) : IQuery<IcpPage>;

public sealed record IcpPage(IReadOnlyList<IcpView> Items, string? NextCursor);

public sealed class ListIcpsValidator : AbstractValidator<ListIcps>
{
    public ListIcpsValidator()
    {
        RuleFor(x => x.Limit).InclusiveBetween(1, 200);
        RuleFor(x => x.Cursor).Must(Cursor.IsValid<IcpPosition>).WithMessage("The cursor is not one this API issued.");
    }
}

/// <summary>Newest first; ICP ids are time-ordered (UUIDv7), so the creation time and id mark a position.</summary>
public sealed record IcpPosition(DateTimeOffset CreatedAt, Guid Id);

public sealed class ListIcpsHandler(IQuerySession session) : IQueryHandler<ListIcps, IcpPage>
{
    public async ValueTask<IcpPage> Handle(ListIcps query, CancellationToken ct)
    {
        Cursor.TryDecode<IcpPosition>(query.Cursor, out var after);
        var icps = session.Query<Icp>().AsQueryable();
        if (!query.IncludeArchived) icps = icps.Where(x => x.ArchivedAt == null);
        if (after is not null) icps = icps.Where(x => x.CreatedAt <= after.CreatedAt);
        // Items created in the same instant as the cursor are filtered in memory: there are never many.
        var page = (await icps.OrderByDescending(x => x.CreatedAt).Take(query.Limit + 50).ToListAsync(ct))
            .Where(x => after is null || x.CreatedAt < after.CreatedAt || x.Id.CompareTo(after.Id) < 0)
            .OrderByDescending(x => x.CreatedAt).ThenByDescending(x => x.Id)
            .Take(query.Limit + 1).ToList();
        var items = page.Take(query.Limit).Select(IcpView.From).ToList();
        var next = page.Count > query.Limit ? Cursor.Encode(new IcpPosition(items[^1].CreatedAt, items[^1].Id)) : null;
        return new IcpPage(items, next);
    }
}
