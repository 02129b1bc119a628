using FluentValidation;
using LeadGen.Domain.Icps;
using Marten;
using Mediator;

namespace LeadGen.Application.Features.Icps;

public sealed record CreateIcp(string Name, string Persona, IcpCriteriaInput? Criteria) : ICommand<IcpView>;

public sealed class CreateIcpValidator : AbstractValidator<CreateIcp>
{
    public CreateIcpValidator()
    {
        RuleFor(x => x.Name).NotEmpty().MaximumLength(200);
        RuleFor(x => x.Persona).NotEmpty().MaximumLength(10_000);
        RuleFor(x => x.Criteria).SetValidator(new IcpCriteriaValidator()!).When(x => x.Criteria is not null);
        RuleFor(x => x).Must(HaveSomethingToSearchFor).WithName("criteria")
            .WithMessage("Give at least one title or skill, so discovery has something to search for.");
    }

    private static bool HaveSomethingToSearchFor(CreateIcp icp) =>
        icp.Criteria?.Titles?.Any(t => !string.IsNullOrWhiteSpace(t)) == true
        || icp.Criteria?.Skills?.Any(s => !string.IsNullOrWhiteSpace(s)) == true;
}

public sealed class IcpCriteriaValidator : AbstractValidator<IcpCriteriaInput>
{
    public IcpCriteriaValidator()
    {
        RuleFor(x => x.Titles).Must(BeAShortList!).When(x => x.Titles is not null).WithMessage(ShortListMessage);
        RuleFor(x => x.Industries).Must(BeAShortList!).When(x => x.Industries is not null).WithMessage(ShortListMessage);
        RuleFor(x => x.Locations).Must(BeAShortList!).When(x => x.Locations is not null).WithMessage(ShortListMessage);
        RuleFor(x => x.Skills).Must(BeAShortList!).When(x => x.Skills is not null).WithMessage(ShortListMessage);
        RuleForEach(x => x.Seniorities)
            .Must(s => IcpVocabulary.Seniorities.Contains(s?.Trim().ToLowerInvariant()))
            .WithMessage($"Seniority must be one of: {string.Join(", ", IcpVocabulary.Seniorities)}.");
        RuleForEach(x => x.CompanySizes)
            .Must(s => IcpVocabulary.CompanySizes.Contains(s?.Trim()))
            .WithMessage($"Company size must be one of: {string.Join(", ", IcpVocabulary.CompanySizes)}.");
    }

    private const string ShortListMessage = "At most 100 entries of at most 200 characters each, none empty.";

    private static bool BeAShortList(IReadOnlyList<string> values) =>
        values.Count <= 100 && values.All(v => !string.IsNullOrWhiteSpace(v) && v.Length <= 200);
}

public sealed class CreateIcpHandler(IDocumentSession session, TimeProvider clock) : ICommandHandler<CreateIcp, IcpView>
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
            Version = 1,
            CreatedAt = now,
            UpdatedAt = now,
        };
        session.Store(icp);
        await session.SaveChangesAsync(ct);
        return IcpView.From(icp);
    }
}
