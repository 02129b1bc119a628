using FluentValidation;
using LeadGen.Application.Common;
using Mediator;
using Wolverine.Persistence.Durability;
using Wolverine.Persistence.Durability.DeadLetterManagement;

namespace LeadGen.Application.Features.Admin;

/// <summary>Puts dead letters back into the pipeline (all of the tenant's, or those named): Wolverine's durability agent
/// moves them to the inbox, and their handlers, which check state first, run them as if they had just arrived.</summary>
public sealed record ReplayDeadLetters(IReadOnlyList<Guid>? Ids) : ICommand<ReplayResult>;

public sealed record ReplayResult(int Replayed);

public sealed class ReplayDeadLettersValidator : AbstractValidator<ReplayDeadLetters>
{
    public ReplayDeadLettersValidator() => RuleFor(x => x.Ids).Must(ids => ids!.Count <= 1_000).When(x => x.Ids is not null)
        .WithMessage("At most 1,000 ids at a time.");
}

public sealed class ReplayDeadLettersHandler(IMessageStore store, Caller caller) : ICommandHandler<ReplayDeadLetters, ReplayResult>
{
    public async ValueTask<ReplayResult> Handle(ReplayDeadLetters command, CancellationToken ct)
    {
        var mine = (await TenantDeadLetters.Find(store, caller.TenantId, command.Ids?.Distinct().ToArray(), ct)).Select(d => d.Id).ToHashSet();
        // Another tenant's dead letter is as unknown as one that does not exist.
        var unknown = command.Ids?.Where(id => !mine.Contains(id)).ToList() ?? [];
        if (unknown.Count > 0) throw new NotFound("Dead letter", unknown[0]);
        if (mine.Count > 0) await store.DeadLetters.ReplayAsync(new DeadLetterEnvelopeQuery(mine.ToArray()), ct);
        return new ReplayResult(mine.Count);
    }
}
