using FluentValidation;
using LeadGen.Application.Common;
using LeadGen.Application.Compliance;
using LeadGen.Domain.Prospects;
using Marten;
using Mediator;

namespace LeadGen.Application.Features.Compliance;

/// <summary>Finds the data subjects a request is about, by work email or by a platform's id for them, across all of the
/// tenant's campaigns. <see cref="SubjectSearch.Suppressed"/> says whether the identifier is on the suppression list,
/// which stays true after an erasure has removed everything else.</summary>
public sealed record FindSubjects(string? Email, string? Platform, string? ExternalId) : IQuery<SubjectSearch>;

public sealed record SubjectSearch(IReadOnlyList<SubjectSummary> Subjects, bool Suppressed);

public sealed record SubjectSummary(
    Guid Id, string Platform, string Name, string? Email, int Campaigns, bool Converted, string? Objection, bool Erased);

public sealed class FindSubjectsValidator : AbstractValidator<FindSubjects>
{
    public FindSubjectsValidator()
    {
        RuleFor(x => x.Email).NotEmpty().EmailAddress().MaximumLength(320)
            .When(x => x.Platform is null && x.ExternalId is null)
            .WithMessage("Give an email, or a platform and an externalId.");
        RuleFor(x => x.Email).Empty().When(x => x.Platform is not null || x.ExternalId is not null)
            .WithMessage("Search by email or by platform id, not both.");
        RuleFor(x => x.Platform).NotEmpty().MaximumLength(50).When(x => x.ExternalId is not null);
        RuleFor(x => x.ExternalId).NotEmpty().MaximumLength(500).When(x => x.Platform is not null);
        RuleFor(x => x.Email).PlainText();
        RuleFor(x => x.Platform).PlainText();
        RuleFor(x => x.ExternalId).PlainText();
    }
}

public sealed class FindSubjectsHandler(IQuerySession session) : IQueryHandler<FindSubjects, SubjectSearch>
{
    public async ValueTask<SubjectSearch> Handle(FindSubjects query, CancellationToken ct)
    {
        var tenant = session.TenantId;
        IReadOnlyList<Prospect> found;
        string key;
        if (query.Email is { } email)
        {
            var normalised = email.Trim().ToLowerInvariant();
            found = await session.Query<Prospect>()
                .Where(p => p.Enrichment != null && p.Enrichment.Email != null && p.Enrichment.Email.ToLower() == normalised)
                .Take(100).ToListAsync(ct);
            key = SuppressionKeys.Email(tenant, normalised);
        }
        else
        {
            var id = ProspectIdentity.For(tenant, query.Platform!.Trim(), query.ExternalId!.Trim());
            found = await session.LoadAsync<Prospect>(id, ct) is { } p ? [p] : [];
            key = SuppressionKeys.PlatformId(tenant, query.Platform, query.ExternalId);
        }

        var suppressed = (await SuppressionList.Listed(session, [key], ct)).Count > 0;
        return new SubjectSearch(found.Select(p => new SubjectSummary(p.Id, p.Platform, p.Profile.Name, p.Enrichment?.Email, p.Campaigns.Count,
            p.LeadId is not null, p.Objection?.ToString(), p.Erased)).ToList(), suppressed || found.Any(p => p.IsSuppressed));
    }
}
