using LeadGen.Application.Common;
using LeadGen.Domain.Icps;
using Marten;
using Mediator;

namespace LeadGen.Application.Features.Icps;

public sealed record ListIcpVersions(Guid Id) : IQuery<IcpVersionList>;

public sealed record IcpVersionList(Guid IcpId, int CurrentVersion, IReadOnlyList<IcpVersionView> Versions);

public sealed record IcpVersionView(
    int Version, string Origin, string CreatedBy, DateTimeOffset CreatedAt, string Name, string Persona, IcpCriteria Criteria,
    ScoringWeights Weights, RefinementView? Refinement);

/// <summary>Every version of an ICP, newest first: what each said, who made it and how.</summary>
public sealed class ListIcpVersionsHandler(IQuerySession session) : IQueryHandler<ListIcpVersions, IcpVersionList>
{
    public async ValueTask<IcpVersionList> Handle(ListIcpVersions query, CancellationToken ct)
    {
        var icp = await session.LoadAsync<Icp>(query.Id, ct) ?? throw new NotFound("ICP", query.Id);
        var revisions = await session.Query<IcpRevision>().Where(r => r.IcpId == query.Id)
            .OrderByDescending(r => r.Version).ToListAsync(ct);
        return new IcpVersionList(icp.Id, icp.Version, revisions.Select(r => new IcpVersionView(
            r.Version, r.Origin, r.CreatedBy, r.CreatedAt, r.Name, r.Persona, r.Criteria, r.Weights ?? ScoringWeights.Default,
            IcpView.From(r.AsIcp(icp)).Refinement)).ToList());
    }
}
