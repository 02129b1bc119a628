using LeadGen.Application.Common;
using LeadGen.Application.ReadModels;
using Marten;
using Mediator;

namespace LeadGen.Application.Features.Campaigns;

public sealed record GetCampaign(Guid Id) : IQuery<CampaignView>;

public sealed class GetCampaignHandler(IQuerySession session) : IQueryHandler<GetCampaign, CampaignView>
{
    public async ValueTask<CampaignView> Handle(GetCampaign query, CancellationToken ct) =>
        CampaignView.From(await session.LoadAsync<CampaignStatusView>(query.Id, ct) ?? throw new NotFound("Campaign", query.Id));
}
