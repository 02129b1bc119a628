using FluentValidation;
using LeadGen.Application.Common;
using LeadGen.Application.Compliance;
using LeadGen.Domain.Prospects;
using Marten;
using Mediator;
using Wolverine;

namespace LeadGen.Application.Features.Compliance;

/// <summary>Erases a data subject (Art. 17): what this request commits is described on <see cref="Erasure"/>; the stored
/// events, vectors and embedding cache are scrubbed right after by a durable message, and the subject's history shows
/// "erasure-completed" when that is done. Answered 202 with where to watch.</summary>
public sealed record EraseSubject(Guid SubjectId) : ICommand<ErasureAccepted>;

public sealed class EraseSubjectValidator : AbstractValidator<EraseSubject>
{
    public EraseSubjectValidator() => RuleFor(x => x.SubjectId).NotEmptyId().OverridePropertyName("id");
}

public sealed record ErasureAccepted(Guid SubjectId, string Status);

public sealed class EraseSubjectHandler(IDocumentSession session, IMessageBus bus, Caller caller, TimeProvider clock)
    : ICommandHandler<EraseSubject, ErasureAccepted>
{
    public const string ByRequest = "data subject request (Art. 17)";

    public async ValueTask<ErasureAccepted> Handle(EraseSubject command, CancellationToken ct)
    {
        // Exclusive: the pipeline cannot append to the stream between the erasure's read and its write.
        var stream = await session.Events.FetchForExclusiveWriting<Prospect>(command.SubjectId, ct);
        if (stream.Aggregate is null) throw new NotFound("Subject", command.SubjectId);
        var scrub = await Erasure.Begin(session, stream, ByRequest, caller.Actor, clock.GetUtcNow(), ct);
        await bus.PublishAsync(scrub);
        await session.SaveChangesAsync(ct);
        return new ErasureAccepted(command.SubjectId, "erasing");
    }
}
