using FluentValidation;
using LeadGen.Application.Common;
using LeadGen.Application.Compliance;
using LeadGen.Domain.Prospects;
using Marten;
using Mediator;

namespace LeadGen.Application.Features.Compliance;

/// <summary>Puts someone LeadGen may not even hold yet on the suppression list ("do not contact"), by any identifier the
/// tenant has: an email, a platform's id, or a name at a company. Only hashes are stored.</summary>
public sealed record AddSuppression(string? Email, string? Platform, string? ExternalId, string? Name, string? Company, string? Reason)
    : ICommand<SuppressionAdded>;

public sealed record SuppressionAdded(IReadOnlyList<string> Ids);

public sealed class AddSuppressionValidator : AbstractValidator<AddSuppression>
{
    public AddSuppressionValidator()
    {
        RuleFor(x => x).Must(x => x.Email is not null || x.ExternalId is not null || x.Name is not null)
            .WithName("email").WithMessage("Give an email, a platform and externalId, or a name and company.");
        RuleFor(x => x.Email).EmailAddress().MaximumLength(320).PlainText();
        RuleFor(x => x.Platform).NotEmpty().MaximumLength(50).When(x => x.ExternalId is not null);
        RuleFor(x => x.ExternalId).NotEmpty().MaximumLength(500).When(x => x.Platform is not null);
        RuleFor(x => x.Company).NotEmpty().MaximumLength(200).When(x => x.Name is not null);
        RuleFor(x => x.Name).NotEmpty().MaximumLength(200).When(x => x.Company is not null);
        RuleFor(x => x.Reason).MaximumLength(200);
        RuleFor(x => x.Platform).PlainText();
        RuleFor(x => x.ExternalId).PlainText();
        RuleFor(x => x.Company).PlainText();
        RuleFor(x => x.Name).PlainText();
        RuleFor(x => x.Reason).PlainText();
    }
}

public sealed class AddSuppressionHandler(IDocumentSession session, Caller caller, TimeProvider clock)
    : ICommandHandler<AddSuppression, SuppressionAdded>
{
    public async ValueTask<SuppressionAdded> Handle(AddSuppression command, CancellationToken ct)
    {
        var tenant = session.TenantId;
        var keys = new List<string>();
        if (command.Email is { } email) keys.Add(SuppressionKeys.Email(tenant, email));
        if (command.Platform is { } platform && command.ExternalId is { } externalId) keys.Add(SuppressionKeys.PlatformId(tenant, platform, externalId));
        if (command.Name is { } name && command.Company is { } company) keys.Add(SuppressionKeys.NameAtCompany(tenant, name, company));
        await SuppressionList.Add(session, keys, command.Reason?.Trim() is { Length: > 0 } r ? r : "do-not-contact", null, caller.Actor,
            clock.GetUtcNow(), ct);
        await session.SaveChangesAsync(ct);
        return new SuppressionAdded(keys);
    }
}
