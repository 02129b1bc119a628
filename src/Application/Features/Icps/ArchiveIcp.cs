using LeadGen.Application.Common;
using LeadGen.Domain.Icps;
using Marten;
using Mediator;

namespace LeadGen.Application.Features.Icps;

/// <summary>Retires an ICP: it starts no new campaigns and takes no new versions, is left out of the ICP list unless
/// asked for, and stays readable with its versions for the campaigns that used it.</summary>
public sealed record ArchiveIcp(Guid Id) : ICommand<IcpView>;

public sealed class ArchiveIcpHandler(IDocumentSession session, TimeProvider clock) : ICommandHandler<ArchiveIcp, IcpView>
{
    public async ValueTask<IcpView> Handle(ArchiveIcp command, CancellationToken ct)
    {
        var icp = await session.LoadAsync<Icp>(command.Id, ct) ?? throw new NotFound("ICP", command.Id);
        icp.Archive(clock.GetUtcNow());
        session.Store(icp);
        await session.SaveChangesAsync(ct);
        return IcpView.From(icp);
    }
}
