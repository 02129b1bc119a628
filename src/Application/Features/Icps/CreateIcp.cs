using FluentValidation;
using LeadGen.Application.Common;
using LeadGen.Domain.Icps;
using Marten;
using Mediator;

namespace LeadGen.Application.Features.Icps;

public sealed record CreateIcp(string Name, string Persona, IcpCriteriaInput? Criteria, IcpWeightsInput? Weights = null)
    : ICommand<IcpView>, IIcpContent;

public sealed class CreateIcpValidator : AbstractValidator<CreateIcp>
{
    public CreateIcpValidator() => Include(new IcpContentValidator());
}

public sealed class CreateIcpHandler(IDocumentSession session, Caller caller, TimeProvider clock) : ICommandHandler<CreateIcp, IcpView>
{
    public async ValueTask<IcpView> Handle(CreateIcp command, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var icp = new Icp
        {
            Id = Guid.CreateVersion7(now),
            Name = command.Name.Trim(),
            Persona = command.Persona.Trim(),
            Criteria = command.Criteria?.ToCriteria() ?? IcpCriteria.None,
            Weights = command.Weights?.ToWeights(),
            Version = 1,
            CreatedAt = now,
            UpdatedAt = now,
        };
        session.Store(icp);
        session.Insert(icp.Revision("created", caller.Actor));
        await session.SaveChangesAsync(ct);
        return IcpView.From(icp);
    }
}
