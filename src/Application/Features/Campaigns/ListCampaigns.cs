using FluentValidation;
using LeadGen.Application.Common;
using LeadGen.Application.ReadModels;
using LeadGen.Domain.Campaigns;
using Marten;
using Mediator;

namespace LeadGen.Application.Features.Campaigns;

public sealed record ListCampaigns(string? Status = null, int Limit = 50, string? Cursor = null) : IQuery<CampaignPage>;

public sealed record CampaignPage(IReadOnlyList<CampaignView> Items, string? NextCursor);

/// <summary>Newest first: the start time and id of the last campaign shown.</summary>
public sealed record CampaignPosition(DateTimeOffset StartedAt, Guid Id);

public sealed class ListCampaignsValidator : AbstractValidator<ListCampaigns>
{
    public ListCampaignsValidator()
    {
        RuleFor(x => x.Status).Must(s => CampaignStateNames.TryParseApiName(s, out _)).When(x => x.Status is not null)
            .WithMessage("Status must be one of: running, completed, cancelled, budget-exhausted, failed.");
        RuleFor(x => x.Limit).InclusiveBetween(1, 200);
        RuleFor(x => x.Cursor).Must(Cursor.IsValid<CampaignPosition>).WithMessage("The cursor is not one this API issued.");
    }
}

public sealed class ListCampaignsHandler(IQuerySession session) : IQueryHandler<ListCampaigns, CampaignPage>
{
    public async ValueTask<CampaignPage> Handle(ListCampaigns query, CancellationToken ct)
    {
        Cursor.TryDecode<CampaignPosition>(query.Cursor, out var after);
        var campaigns = session.Query<CampaignStatusView>().AsQueryable();
        if (CampaignStateNames.TryParseApiName(query.Status, out var status) && query.Status is not null)
            campaigns = campaigns.Where(x => x.Status == status);
        if (after is not null) campaigns = campaigns.Where(x => x.StartedAt <= after.StartedAt);

        // Campaigns started in the same instant as the cursor's are told apart by id, in memory: there are never many.
        var rows = (await campaigns.OrderByDescending(x => x.StartedAt).Take(query.Limit + 64).ToListAsync(ct))
            .Where(x => after is null || x.StartedAt < after.StartedAt || x.Id.CompareTo(after.Id) < 0)
            .OrderByDescending(x => x.StartedAt).ThenByDescending(x => x.Id)
            .Take(query.Limit + 1)
            .ToList();
        var items = rows.Take(query.Limit).Select(CampaignView.From).ToList();
        var next = rows.Count > query.Limit ? Cursor.Encode(new CampaignPosition(items[^1].StartedAt, items[^1].Id)) : null;
        return new CampaignPage(items, next);
    }
}
