using FluentValidation;
using LeadGen.Application.Common;
using Marten;
using Mediator;

namespace LeadGen.Application.Features.Admin;

/// <summary>Issues an API key for the caller's tenant with the given roles. The answer is the only place the key
/// appears: what is stored is its hash.</summary>
public sealed record IssueApiKey(string Name, IReadOnlyList<string>? Roles) : ICommand<NewApiKey>;

public sealed record NewApiKey(Guid Id, string Name, IReadOnlyList<string> Roles, string Key, string Prefix, DateTimeOffset CreatedAt,
    string CreatedBy);

public sealed class IssueApiKeyValidator : AbstractValidator<IssueApiKey>
{
    /// <summary>The API's roles (LeadGen.Api.Auth.Roles), repeated here because use cases do not see the API layer.</summary>
    public static readonly string[] KnownRoles = ["prospector", "analyst", "compliance", "admin"];

    public IssueApiKeyValidator()
    {
        RuleFor(x => x.Name).NotEmpty().MaximumLength(100).PlainText();
        RuleFor(x => x.Roles).Cascade(CascadeMode.Stop).NotEmpty().WithMessage("Give at least one role.")
            .Must(roles => roles!.Count <= KnownRoles.Length).WithMessage($"At most {KnownRoles.Length} roles.");
        RuleForEach(x => x.Roles).Must(role => KnownRoles.Contains(role))
            .WithMessage($"A role must be one of: {string.Join(", ", KnownRoles)}.");
    }
}

public sealed class IssueApiKeyHandler(IDocumentSession session, Caller caller, TimeProvider clock) : ICommandHandler<IssueApiKey, NewApiKey>
{
    public async ValueTask<NewApiKey> Handle(IssueApiKey command, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var key = ApiKeySecret.NewKey();
        var issued = new IssuedApiKey
        {
            Id = Guid.CreateVersion7(now),
            Name = command.Name.Trim(),
            Roles = command.Roles!.Distinct().ToList(),
            KeyHash = ApiKeySecret.Hash(key),
            Prefix = ApiKeySecret.PrefixOf(key),
            CreatedAt = now,
            CreatedBy = caller.Actor,
        };
        session.Insert(issued);
        await session.SaveChangesAsync(ct);
        return new NewApiKey(issued.Id, issued.Name, issued.Roles, key, issued.Prefix, issued.CreatedAt, issued.CreatedBy);
    }
}
