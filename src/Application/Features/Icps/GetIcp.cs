using LeadGen.Application.Common;
using LeadGen.Domain.Icps;
using Marten;
using Mediator;

namespace LeadGen.Application.Features.Icps;

public sealed record GetIcp(Guid Id) : IQuery<IcpView>;

public sealed class GetIcpHandler(IQuerySession session) : IQueryHandler<GetIcp, IcpView>
{
    public async ValueTask<IcpView> Handle(GetIcp query, CancellationToken ct) =>
        IcpView.From(await session.LoadAsync<Icp>(query.Id, ct) ?? throw new NotFound("ICP", query.Id));
}
