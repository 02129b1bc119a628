using FluentValidation;
using LeadGen.Application.Common;
using LeadGen.Application.Scoring;
using LeadGen.Domain.Icps;
using LeadGen.Domain.Prospects;
using Marten;
using Mediator;

namespace LeadGen.Application.Features.Icps;

/// <summary>Scores a list a team already has against an ICP's current version, exactly as a campaign would score the
/// same people; nothing about the people is stored.</summary>
public sealed record MatchProfiles(Guid IcpId, IReadOnlyList<ProfileToMatch>? Profiles) : ICommand<MatchResponse>;

public sealed record ProfileToMatch(
    string? ExternalId, string? Name, string? Title, string? Headline, string? Summary, string? Company, string? Industry,
    string? Location, IReadOnlyList<string>? Skills)
{
    public ProspectProfile ToProfile() => new(
        ExternalId?.Trim() ?? "", Name?.Trim() ?? "", Title?.Trim() ?? "", Headline?.Trim() ?? "", Summary?.Trim() ?? "",
        Company?.Trim() ?? "", CompanyDomain: null, NullIfBlank(Industry), Location?.Trim() ?? "",
        (Skills ?? []).Select(s => s.Trim()).Where(s => s.Length > 0).ToList(), ProfileUrl: "", Seniority: null);

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

public sealed record MatchResponse(Guid IcpId, int IcpVersion, IReadOnlyList<ProfileMatch> Results);

public sealed record ProfileMatch(string? ExternalId, double Score, ScoreExplanation Explanation);

public sealed class MatchProfilesValidator : AbstractValidator<MatchProfiles>
{
    public const int MaxProfiles = 1_000;

    public MatchProfilesValidator()
    {
        RuleFor(x => x.Profiles).Cascade(CascadeMode.Stop).NotEmpty().Must(p => p!.Count <= MaxProfiles)
            .WithMessage($"Between 1 and {MaxProfiles} profiles per request.");
        RuleForEach(x => x.Profiles).NotNull().SetValidator(new ProfileToMatchValidator());
    }
}

public sealed class ProfileToMatchValidator : AbstractValidator<ProfileToMatch>
{
    public ProfileToMatchValidator()
    {
        RuleFor(x => x).Must(p => !string.IsNullOrWhiteSpace(p.Title) || !string.IsNullOrWhiteSpace(p.Headline))
            .OverridePropertyName("title").WithMessage("A profile needs a title or a headline to be matched.");
        RuleFor(x => x.ExternalId).MaximumLength(200).PlainText();
        RuleFor(x => x.Name).MaximumLength(300).PlainText();
        RuleFor(x => x.Title).MaximumLength(300).PlainText();
        RuleFor(x => x.Headline).MaximumLength(1_000).PlainText();
        RuleFor(x => x.Summary).MaximumLength(10_000).PlainText();
        RuleFor(x => x.Company).MaximumLength(300).PlainText();
        RuleFor(x => x.Industry).MaximumLength(200).PlainText();
        RuleFor(x => x.Location).MaximumLength(300).PlainText();
        RuleFor(x => x.Skills).Must(s => s!.Count <= 100 && s.All(x => x is { Length: <= 200 }))
            .When(x => x.Skills is not null).WithMessage("At most 100 skills of at most 200 characters each.");
        RuleForEach(x => x.Skills).PlainText();
    }
}

public sealed class MatchProfilesHandler(IDocumentSession session, IcpMatcher matcher) : ICommandHandler<MatchProfiles, MatchResponse>
{
    public async ValueTask<MatchResponse> Handle(MatchProfiles command, CancellationToken ct)
    {
        var icp = await session.LoadAsync<Icp>(command.IcpId, ct) ?? throw new NotFound("ICP", command.IcpId);
        var vector = await matcher.VectorOf(icp, session, ct);
        var profiles = command.Profiles!.Select(p => p.ToProfile()).ToList();
        var results = await matcher.Score(icp, vector, profiles, ct, icp.EffectiveWeights);
        // Only the ICP's vector is kept, when this was its first use.
        await session.SaveChangesAsync(ct);
        return new MatchResponse(icp.Id, icp.Version, command.Profiles!.Zip(results)
            .Select(x => new ProfileMatch(x.First.ExternalId, x.Second.Score, x.Second.Explanation)).ToList());
    }
}
