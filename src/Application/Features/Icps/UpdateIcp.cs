using FluentValidation;
using LeadGen.Application.Common;
using LeadGen.Domain.Icps;
using Marten;
using Mediator;

namespace LeadGen.Application.Features.Icps;

/// <summary>Replaces an ICP's content with a new version; campaigns already running keep scoring with theirs.</summary>
public sealed record UpdateIcp(Guid Id, string Name, string Persona, IcpCriteriaInput? Criteria, IcpWeightsInput? Weights)
    : ICommand<IcpView>, IIcpContent;

public sealed class UpdateIcpValidator : AbstractValidator<UpdateIcp>
{
    public UpdateIcpValidator() => Include(new IcpContentValidator());
}

public sealed class UpdateIcpHandler(IDocumentSession session, Caller caller, TimeProvider clock) : ICommandHandler<UpdateIcp, IcpView>
{
    public async ValueTask<IcpView> Handle(UpdateIcp command, CancellationToken ct)
    {
        var icp = await session.LoadAsync<Icp>(command.Id, ct) ?? throw new NotFound("ICP", command.Id);
        icp.Revise(command.Name.Trim(), command.Persona.Trim(), command.Criteria?.ToCriteria() ?? IcpCriteria.None,
            command.Weights?.ToWeights(), clock.GetUtcNow());
        await IcpVersions.Save(session, icp, "updated", caller.Actor, ct);
        return IcpView.From(icp);
    }
}
