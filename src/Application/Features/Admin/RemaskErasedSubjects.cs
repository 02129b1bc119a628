using LeadGen.Application.Common;
using LeadGen.Application.Pipeline;
using Mediator;
using Wolverine;

namespace LeadGen.Application.Features.Admin;

/// <summary>Applies the current masking rules again to everyone the tenant has erased, for people erased before a rule
/// was added (docs/adr/0012). The work is the durable job's; an erasure from now on is masked by the rules it meets.</summary>
public sealed record RemaskErasedSubjects : ICommand<RemaskRequested>;

public sealed record RemaskRequested(string Status);

public sealed class RemaskErasedSubjectsHandler(IMessageBus bus, Caller caller) : ICommandHandler<RemaskErasedSubjects, RemaskRequested>
{
    public async ValueTask<RemaskRequested> Handle(RemaskErasedSubjects command, CancellationToken ct)
    {
        await bus.SendAsync(new RemaskErasedProspects(Done: 0), new DeliveryOptions { TenantId = caller.TenantId });
        return new RemaskRequested("requested");
    }
}
