using FluentValidation;
using LeadGen.Application.Common;
using LeadGen.Application.Pipeline;
using LeadGen.Application.Ports;
using LeadGen.Application.Scoring;
using LeadGen.Domain.Icps;
using LeadGen.Domain.Prospects;
using Marten;
using Mediator;

namespace LeadGen.Application.Features.Icps;

/// <summary>The tenant's stored prospects nearest to an ICP's persona, across all campaigns, through the vector index.</summary>
public sealed record FindLookalikes(Guid IcpId, int Limit = 20) : IQuery<LookalikeList>;

public sealed record LookalikeList(Guid IcpId, int IcpVersion, string Model, IReadOnlyList<Lookalike> Items);

public sealed record Lookalike(
    Guid ProspectId, double Similarity, string Name, string Title, string Company, string Location, string Platform, string ProfileUrl);

public sealed class FindLookalikesValidator : AbstractValidator<FindLookalikes>
{
    public FindLookalikesValidator() => RuleFor(x => x.Limit).InclusiveBetween(1, 200);
}

public sealed class FindLookalikesHandler(IDocumentSession session, IcpMatcher matcher, IVectorIndex index)
    : IQueryHandler<FindLookalikes, LookalikeList>
{
    public async ValueTask<LookalikeList> Handle(FindLookalikes query, CancellationToken ct)
    {
        var icp = await session.LoadAsync<Icp>(query.IcpId, ct) ?? throw new NotFound("ICP", query.IcpId);
        var vector = await matcher.VectorOf(icp, session, ct);
        await session.SaveChangesAsync(ct);

        var matches = await index.QueryAsync(session.TenantId, matcher.Model, vector.Vector, query.Limit, ProspectVectors.Filter, ct);
        var ids = matches.Select(m => Guid.TryParse(m.Id, out var id) ? id : Guid.Empty).Where(id => id != Guid.Empty).ToArray();
        var prospects = (await session.LoadManyAsync<Prospect>(ct, ids)).ToDictionary(p => p.Id);
        // A prospect erased after it was indexed is skipped, whatever the index still says.
        var items = matches
            .Select(m => (Match: m, Prospect: Guid.TryParse(m.Id, out var id) ? prospects.GetValueOrDefault(id) : null))
            .Where(x => x.Prospect is not null)
            .Select(x => new Lookalike(x.Prospect!.Id, Math.Round(x.Match.Similarity, 4), x.Prospect.Profile.Name, x.Prospect.Profile.Title,
                x.Prospect.Profile.Company, x.Prospect.Profile.Location, x.Prospect.Platform, x.Prospect.Profile.ProfileUrl))
            .ToList();
        return new LookalikeList(icp.Id, icp.Version, matcher.Model, items);
    }
}
