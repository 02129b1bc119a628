using FluentValidation;
using LeadGen.Application.Common;
using Mediator;
using Wolverine.Persistence.Durability;
using Wolverine.Persistence.Durability.DeadLetterManagement;

namespace LeadGen.Application.Features.Admin;

/// <summary>The pipeline messages of the caller's tenant that failed for good (after their retries) and wait in
/// Wolverine's dead-letter storage, oldest first. Messages carry ids only, never personal data.</summary>
public sealed record ListDeadLetters(int Limit = 100) : IQuery<DeadLetterList>;

public sealed record DeadLetterList(IReadOnlyList<DeadLetterView> Items);

public sealed record DeadLetterView(
    Guid Id, string MessageType, object? Message, string ExceptionType, string ExceptionMessage, DateTimeOffset SentAt,
    int Attempts, bool Replayable);

public sealed class ListDeadLettersValidator : AbstractValidator<ListDeadLetters>
{
    public ListDeadLettersValidator() => RuleFor(x => x.Limit).InclusiveBetween(1, 500);
}

public sealed class ListDeadLettersHandler(IMessageStore store, Caller caller) : IQueryHandler<ListDeadLetters, DeadLetterList>
{
    public async ValueTask<DeadLetterList> Handle(ListDeadLetters query, CancellationToken ct) =>
        new((await TenantDeadLetters.Find(store, caller.TenantId, null, ct)).Take(query.Limit).Select(d => new DeadLetterView(
            d.Id, d.MessageType, d.Message ?? d.Envelope.Message, d.ExceptionType, d.ExceptionMessage, d.SentAt, d.Envelope.Attempts,
            d.Replayable)).ToList());
}

public static class TenantDeadLetters
{
    /// <summary>The caller's dead letters (all, or those of <paramref name="ids"/>), oldest first. One table holds every
    /// tenant's; Wolverine's own tenant filter is about tenant databases, so each envelope's tenant is checked here.</summary>
    public static async Task<List<DeadLetterEnvelope>> Find(IMessageStore store, string tenant, Guid[]? ids, CancellationToken ct)
    {
        var found = new List<DeadLetterEnvelope>();
        for (var page = 1; ; page++)
        {
            var query = ids is null ? new DeadLetterEnvelopeQuery() : new DeadLetterEnvelopeQuery(ids);
            query.PageSize = 500;
            query.PageNumber = page;
            var results = await store.DeadLetters.QueryAsync(query, ct);
            found.AddRange(results.Envelopes.Where(d => d.Envelope.TenantId == tenant));
            if (results.Envelopes.Count < query.PageSize) return found;
        }
    }
}
