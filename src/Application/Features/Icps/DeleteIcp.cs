using LeadGen.Application.Common;
using LeadGen.Application.Scoring;
using LeadGen.Domain.Campaigns;
using LeadGen.Domain.Common;
using LeadGen.Domain.Icps;
using Marten;
using Mediator;

namespace LeadGen.Application.Features.Icps;

/// <summary>Deletes an ICP no campaign has used, with every version and every vector computed for it. An ICP that
/// campaigns used stays (their history refers to it): archive it instead.</summary>
public sealed record DeleteIcp(Guid Id) : ICommand;

public sealed class DeleteIcpHandler(IDocumentSession session) : ICommandHandler<DeleteIcp>
{
    public async ValueTask<Unit> Handle(DeleteIcp command, CancellationToken ct)
    {
        var icp = await session.LoadAsync<Icp>(command.Id, ct) ?? throw new NotFound("ICP", command.Id);
        if (await session.Query<Campaign>().AnyAsync(c => c.IcpId == icp.Id, ct))
            throw new BusinessRuleViolation($"ICP {icp.Id} was used by campaigns; archive it instead.");

        session.Delete(icp);
        session.DeleteWhere<IcpRevision>(r => r.IcpId == icp.Id);
        session.DeleteWhere<IcpVector>(v => v.IcpId == icp.Id);
        await session.SaveChangesAsync(ct);
        return Unit.Value;
    }
}
