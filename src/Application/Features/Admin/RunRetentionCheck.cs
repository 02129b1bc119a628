using LeadGen.Application.Common;
using LeadGen.Application.Pipeline;
using Mediator;
using Wolverine;

namespace LeadGen.Application.Features.Admin;

/// <summary>Runs the tenant's retention check now instead of at the next scheduled time (after changing the retention
/// period, or to verify it). The check itself is the durable job's.</summary>
public sealed record RunRetentionCheck : ICommand<RetentionCheckRequested>;

public sealed record RetentionCheckRequested(string Status);

public sealed class RunRetentionCheckHandler(IMessageBus bus, Caller caller) : ICommandHandler<RunRetentionCheck, RetentionCheckRequested>
{
    public async ValueTask<RetentionCheckRequested> Handle(RunRetentionCheck command, CancellationToken ct)
    {
        await bus.SendAsync(new EnforceRetention(), new DeliveryOptions { TenantId = caller.TenantId });
        return new RetentionCheckRequested("requested");
    }
}
