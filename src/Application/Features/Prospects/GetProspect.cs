using LeadGen.Application.Common;
using LeadGen.Application.Features.Campaigns;
using LeadGen.Domain.Prospects;
using Marten;
using Mediator;

namespace LeadGen.Application.Features.Prospects;

public sealed record GetProspect(Guid Id) : IQuery<ProspectDetails>;

public sealed record ProspectDetails(
    Guid Id, string Platform, ProspectProfile Profile, IReadOnlyList<CampaignStanding> Campaigns,
    EnrichmentView? Enrichment, Guid? LeadId, IReadOnlyList<StageChange> History);

public sealed record CampaignStanding(Guid CampaignId, string Stage, double? Score, ScoreExplanation? Explanation, string? Reason)
{
    public static IReadOnlyList<CampaignStanding> Of(Prospect prospect) => prospect.Campaigns
        .Select(c => new CampaignStanding(c.Key, c.Value.Stage.ToApiName(), c.Value.Score, c.Value.Explanation, c.Value.Reason))
        .ToList();
}

public sealed record EnrichmentView(CompanyData? Company, string? Email, string EmailStatus, string? CompanyProvider, string? EmailProvider)
{
    public static EnrichmentView? Of(Prospect prospect) => prospect.Enrichment is { } x
        ? new EnrichmentView(x.Company, x.Email, x.EmailStatus.ToApiName(), x.CompanyProvider, x.EmailProvider)
        : null;
}

public sealed record StageChange(long Version, string Event, Guid? CampaignId, DateTimeOffset At);

public sealed class GetProspectHandler(IQuerySession session) : IQueryHandler<GetProspect, ProspectDetails>
{
    public async ValueTask<ProspectDetails> Handle(GetProspect query, CancellationToken ct)
    {
        var prospect = await session.LoadAsync<Prospect>(query.Id, ct) ?? throw new NotFound("Prospect", query.Id);
        var events = await session.Events.FetchStreamAsync(query.Id, token: ct);
        var history = events
            .Select(e => new StageChange(e.Version, e.EventTypeName, (e.Data as IProspectCampaignEvent)?.CampaignId, e.Timestamp))
            .ToList();
        return new ProspectDetails(prospect.Id, prospect.Platform, prospect.Profile, CampaignStanding.Of(prospect), EnrichmentView.Of(prospect),
            prospect.LeadId, history);
    }
}
