using FluentValidation;
using LeadGen.Application.Common;
using LeadGen.Application.Compliance;
using LeadGen.Domain.Prospects;
using Marten;
using Mediator;

namespace LeadGen.Application.Features.Compliance;

/// <summary>Records an objection (Art. 21), a withdrawn consent or a "do not contact": the person's hashed identifiers go
/// on the suppression list, so no campaign collects, pays for or qualifies them again; campaigns where they are still in
/// flight stop at their next step.</summary>
public sealed record RecordObjection(Guid SubjectId, string? Kind, string? Reason) : ICommand<ObjectionRecorded>;

public sealed record ObjectionRecorded(Guid SubjectId, string Kind, int SuppressedIdentifiers);

public sealed class RecordObjectionValidator : AbstractValidator<RecordObjection>
{
    public RecordObjectionValidator()
    {
        RuleFor(x => x.SubjectId).NotEmptyId().OverridePropertyName("id");
        RuleFor(x => x.Kind).Must(k => k is null || ObjectionKinds.TryParse(k, out _))
            .WithMessage("Kind must be \"objection\", \"consent-withdrawn\" or \"do-not-contact\".");
        RuleFor(x => x.Reason).MaximumLength(1_000).PlainText();
    }
}

public static class ObjectionKinds
{
    public static bool TryParse(string? text, out ObjectionKind kind)
    {
        (var ok, kind) = text?.Trim().ToLowerInvariant() switch
        {
            null or "" or "objection" => (true, ObjectionKind.Objection),
            "consent-withdrawn" => (true, ObjectionKind.ConsentWithdrawn),
            "do-not-contact" => (true, ObjectionKind.DoNotContact),
            _ => (false, ObjectionKind.Objection),
        };
        return ok;
    }

    public static string ToApiName(this ObjectionKind kind) => kind switch
    {
        ObjectionKind.ConsentWithdrawn => "consent-withdrawn",
        ObjectionKind.DoNotContact => "do-not-contact",
        _ => "objection",
    };
}

public sealed class RecordObjectionHandler(IDocumentSession session, Caller caller, TimeProvider clock)
    : ICommandHandler<RecordObjection, ObjectionRecorded>
{
    public async ValueTask<ObjectionRecorded> Handle(RecordObjection command, CancellationToken ct)
    {
        var stream = await session.Events.FetchForWriting<Prospect>(command.SubjectId, ct);
        var prospect = stream.Aggregate ?? throw new NotFound("Subject", command.SubjectId);
        ObjectionKinds.TryParse(command.Kind, out var kind);
        var reason = string.IsNullOrWhiteSpace(command.Reason) ? null : command.Reason.Trim();
        stream.AppendOne(prospect.Object(kind, reason, caller.Actor));

        var keys = SuppressionList.KeysOf(session.TenantId, prospect);
        await SuppressionList.Add(session, keys, kind.ToApiName(), prospect.Id, caller.Actor, clock.GetUtcNow(), ct);
        await session.SaveChangesAsync(ct);
        return new ObjectionRecorded(prospect.Id, kind.ToApiName(), keys.Count);
    }
}
