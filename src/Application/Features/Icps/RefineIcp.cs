using FluentValidation;
using LeadGen.Application.Common;
using LeadGen.Application.ReadModels;
using LeadGen.Application.Scoring;
using LeadGen.Domain.Campaigns;
using LeadGen.Domain.Icps;
using LeadGen.Domain.Prospects;
using Marten;
using Mediator;

namespace LeadGen.Application.Features.Icps;

/// <summary>Makes a new version of an ICP that learns from the fit feedback its campaigns' prospects received
/// (conversions count as good): its persona vector moves toward the good profiles and away from the bad
/// (<see cref="Rocchio"/>). A prospect judged both ways across campaigns says nothing and is left out.</summary>
public sealed record RefineIcp(Guid Id, double? Alpha = null, double? Beta = null, double? Gamma = null) : ICommand<IcpView>;

public sealed class RefineIcpValidator : AbstractValidator<RefineIcp>
{
    public RefineIcpValidator()
    {
        RuleFor(x => x.Alpha).InclusiveBetween(0, 10);
        RuleFor(x => x.Beta).InclusiveBetween(0, 10);
        RuleFor(x => x.Gamma).InclusiveBetween(0, 10);
    }
}

public sealed class RefineIcpHandler(IDocumentSession session, IcpMatcher matcher, Caller caller, TimeProvider clock)
    : ICommandHandler<RefineIcp, IcpView>
{
    public async ValueTask<IcpView> Handle(RefineIcp command, CancellationToken ct)
    {
        var icp = await session.LoadAsync<Icp>(command.Id, ct) ?? throw new NotFound("ICP", command.Id);
        icp.EnsureNotArchived();

        var campaigns = await session.Query<Campaign>().Where(c => c.IcpId == icp.Id).Select(c => c.Id).ToListAsync(ct);
        var judged = campaigns.Count == 0
            ? []
            : await session.Query<CampaignProspect>().Where(r => r.CampaignId.IsOneOf(campaigns.ToArray()) && r.Fit != null).ToListAsync(ct);
        var verdicts = judged.GroupBy(r => r.ProspectId)
            .Select(g => (Prospect: g.Key, Fits: g.Select(r => r.Fit!.Value).Distinct().ToList()))
            .Where(x => x.Fits.Count == 1)
            .ToList();
        var refinement = new IcpRefinement(icp.Version,
            verdicts.Where(v => v.Fits[0] == ProspectFit.Good).Select(v => v.Prospect).Order().ToList(),
            verdicts.Where(v => v.Fits[0] == ProspectFit.Bad).Select(v => v.Prospect).Order().ToList(),
            command.Alpha ?? Rocchio.DefaultAlpha, command.Beta ?? Rocchio.DefaultBeta, command.Gamma ?? Rocchio.DefaultGamma);

        icp.Refine(refinement, clock.GetUtcNow());
        // Computed now, in the same transaction as the version: the first campaign on it does not pay for the examples.
        await matcher.VectorOf(icp, session, ct);
        await IcpVersions.Save(session, icp, "refined", caller.Actor, ct);
        return IcpView.From(icp);
    }
}
