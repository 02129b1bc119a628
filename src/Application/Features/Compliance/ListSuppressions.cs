using FluentValidation;
using LeadGen.Application.Compliance;
using Marten;
using Mediator;

namespace LeadGen.Application.Features.Compliance;

/// <summary>The tenant's suppression list, newest first: hashed identifiers, why and by whom, never who.</summary>
public sealed record ListSuppressions(int? Limit) : IQuery<IReadOnlyList<SuppressionView>>;

public sealed record SuppressionView(string Id, string Kind, string Reason, Guid? SubjectId, string RecordedBy, DateTimeOffset RecordedAt);

public sealed class ListSuppressionsValidator : AbstractValidator<ListSuppressions>
{
    public ListSuppressionsValidator() => RuleFor(x => x.Limit).InclusiveBetween(1, 1_000);
}

public sealed class ListSuppressionsHandler(IQuerySession session) : IQueryHandler<ListSuppressions, IReadOnlyList<SuppressionView>>
{
    public async ValueTask<IReadOnlyList<SuppressionView>> Handle(ListSuppressions query, CancellationToken ct)
    {
        var rows = await session.Query<Suppression>().OrderByDescending(s => s.RecordedAt).Take(query.Limit ?? 200).ToListAsync(ct);
        return rows.Select(s => new SuppressionView(s.Id, s.Kind, s.Reason, s.SubjectId, s.RecordedBy, s.RecordedAt)).ToList();
    }
}
