using FluentValidation;
using LeadGen.Application.Common;
using LeadGen.Application.ReadModels;
using LeadGen.Domain.Prospects;
using Marten;
using Mediator;

namespace LeadGen.Application.Features.Campaigns;

public sealed record ListCampaignProspects(Guid CampaignId, double? MinScore = null, string? Stage = null, int Limit = 50, string? Cursor = null)
    : IQuery<ProspectPage>;

public sealed record ProspectRow(
    Guid Id, string Name, string Title, string Company, string Location, string Platform, string ProfileUrl,
    double? Score, string Stage, string? Email, string? EmailStatus, string? Reason);

public sealed record ProspectPage(IReadOnlyList<ProspectRow> Items, string? NextCursor);

/// <summary>Best score first: the rank and tiebreak of the last row shown.</summary>
public sealed record ProspectPosition(double Rank, long Tiebreak);

public static class StageNames
{
    public static string ToApiName(this ProspectStage stage) => stage.ToString().ToLowerInvariant();

    public static bool TryParse(string? name, out ProspectStage stage) =>
        Enum.TryParse(name, ignoreCase: true, out stage) && Enum.IsDefined(stage) && !int.TryParse(name, out _);

    public static string ToApiName(this EmailStatus status) => status switch
    {
        EmailStatus.AcceptAll => "accept_all",
        _ => status.ToString().ToLowerInvariant(),
    };
}

public sealed class ListCampaignProspectsValidator : AbstractValidator<ListCampaignProspects>
{
    public ListCampaignProspectsValidator()
    {
        RuleFor(x => x.MinScore).InclusiveBetween(0, 1).When(x => x.MinScore is not null);
        RuleFor(x => x.Stage).Must(s => StageNames.TryParse(s, out _)).When(x => x.Stage is not null)
            .WithMessage("Stage must be one of: discovered, scored, rejected, enriched, qualified, failed, converted.");
        RuleFor(x => x.Limit).InclusiveBetween(1, 500);
        RuleFor(x => x.Cursor).Must(Cursor.IsValid<ProspectPosition>).WithMessage("The cursor is not one this API issued.");
    }
}

public sealed class ListCampaignProspectsHandler(IQuerySession session) : IQueryHandler<ListCampaignProspects, ProspectPage>
{
    public async ValueTask<ProspectPage> Handle(ListCampaignProspects query, CancellationToken ct)
    {
        Cursor.TryDecode<ProspectPosition>(query.Cursor, out var after);
        var rows = session.Query<CampaignProspect>().Where(x => x.CampaignId == query.CampaignId);
        if (query.MinScore is { } min) rows = rows.Where(x => x.Rank >= min);
        if (StageNames.TryParse(query.Stage, out var stage) && query.Stage is not null) rows = rows.Where(x => x.Stage == stage);
        // The bound on rank alone is implied by the condition after it, but PostgreSQL can start an index scan only
        // from a bound: without it every page read the campaign's rows from the best down to the cursor (the last page
        // of a 100,000-prospect campaign took 249 ms, against 2.5 ms with it).
        if (after is not null)
            rows = rows.Where(x => x.Rank <= after.Rank && (x.Rank < after.Rank || (x.Rank == after.Rank && x.Tiebreak > after.Tiebreak)));

        var page = await rows.OrderByDescending(x => x.Rank).ThenBy(x => x.Tiebreak).Take(query.Limit + 1).ToListAsync(ct);
        // Rows are the tenant's own, so rows prove the campaign is; only an empty page asks (a round trip less a page).
        if (page.Count == 0 && await session.Events.FetchStreamStateAsync(query.CampaignId, ct) is null)
            throw new NotFound("Campaign", query.CampaignId);
        var items = page.Take(query.Limit).Select(r => new ProspectRow(
            r.ProspectId, r.Name, r.Title, r.Company, r.Location, r.Platform, r.ProfileUrl, r.Score,
            r.Stage.ToApiName(), r.Email, r.EmailStatus?.ToApiName(), r.Reason)).ToList();
        var last = page.Count > query.Limit ? page[query.Limit - 1] : null;
        return new ProspectPage(items, last is null ? null : Cursor.Encode(new ProspectPosition(last.Rank, last.Tiebreak)));
    }
}
