using FluentValidation;
using LeadGen.Application.Common;
using LeadGen.Domain.Icps;

namespace LeadGen.Application.Features.Icps;

public sealed record IcpCriteriaInput(
    IReadOnlyList<string>? Titles,
    IReadOnlyList<string>? Seniorities,
    IReadOnlyList<string>? Industries,
    IReadOnlyList<string>? CompanySizes,
    IReadOnlyList<string>? Locations,
    IReadOnlyList<string>? Skills)
{
    public IcpCriteria ToCriteria() => new(
        Clean(Titles), Clean(Seniorities, lower: true), Clean(Industries), Clean(CompanySizes), Clean(Locations), Clean(Skills));

    private static IReadOnlyList<string> Clean(IReadOnlyList<string>? values, bool lower = false) =>
        (values ?? []).Select(v => v.Trim()).Select(v => lower ? v.ToLowerInvariant() : v)
            .Where(v => v.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
}

/// <summary>An ICP's own score weights; a component left out keeps its default weight.</summary>
public sealed record IcpWeightsInput(
    double? Semantic, double? Title, double? Seniority, double? Skills, double? Industry, double? Location, double? CompanySize)
{
    public ScoringWeights ToWeights()
    {
        var d = ScoringWeights.Default;
        return new ScoringWeights(Semantic ?? d.Semantic, Title ?? d.Title, Seniority ?? d.Seniority, Skills ?? d.Skills,
            Industry ?? d.Industry, Location ?? d.Location, CompanySize ?? d.CompanySize);
    }
}

/// <summary>What a user writes when creating or updating an ICP.</summary>
public interface IIcpContent
{
    string Name { get; }
    string Persona { get; }
    IcpCriteriaInput? Criteria { get; }
    IcpWeightsInput? Weights { get; }
}

public sealed class IcpContentValidator : AbstractValidator<IIcpContent>
{
    public const double MaxWeight = 100;

    public IcpContentValidator()
    {
        RuleFor(x => x.Name).NotEmpty().MaximumLength(200).PlainText();
        RuleFor(x => x.Persona).NotEmpty().MaximumLength(10_000).PlainText();
        RuleFor(x => x.Criteria).SetValidator(new IcpCriteriaValidator()!).When(x => x.Criteria is not null);
        RuleFor(x => x).Must(HaveSomethingToSearchFor).WithName("criteria").OverridePropertyName("criteria")
            .WithMessage("Give at least one title or skill, so discovery has something to search for.");
        RuleFor(x => x.Weights).Custom((weights, context) =>
        {
            foreach (var problem in weights?.ToWeights().Problems() ?? []) context.AddFailure("weights", problem);
            // Weights are relative, so none needs to exceed 100 (percentages); unbounded, huge ones overflow their sum to
            // infinity when they are normalised and every score of the ICP becomes NaN.
            foreach (var (name, value) in weights?.ToWeights().All() ?? [])
                if (double.IsFinite(value) && value > MaxWeight) context.AddFailure("weights", $"weight '{name}' must be at most {MaxWeight}, was {value}");
        });
    }

    private static bool HaveSomethingToSearchFor(IIcpContent icp) =>
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
        RuleForEach(x => x.Titles).PlainText();
        RuleForEach(x => x.Industries).PlainText();
        RuleForEach(x => x.Locations).PlainText();
        RuleForEach(x => x.Skills).PlainText();
        RuleFor(x => x.Seniorities).Must(s => s!.Count <= 100).When(x => x.Seniorities is not null).WithMessage("At most 100 entries.");
        RuleFor(x => x.CompanySizes).Must(s => s!.Count <= 100).When(x => x.CompanySizes is not null).WithMessage("At most 100 entries.");
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

public sealed record RefinementView(int FromVersion, int Good, int Bad, double Alpha, double Beta, double Gamma);

public sealed record IcpView(
    Guid Id, string Name, string Persona, IcpCriteria Criteria, ScoringWeights Weights, bool CustomWeights, int Version,
    RefinementView? Refinement, bool Archived, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? ArchivedAt)
{
    public static IcpView From(Icp icp) =>
        new(icp.Id, icp.Name, icp.Persona, icp.Criteria, icp.EffectiveWeights, icp.Weights is not null, icp.Version,
            icp.Refinement is { } r ? new RefinementView(r.FromVersion, r.Good.Count, r.Bad.Count, r.Alpha, r.Beta, r.Gamma) : null,
            icp.IsArchived, icp.CreatedAt, icp.UpdatedAt, icp.ArchivedAt);
}
