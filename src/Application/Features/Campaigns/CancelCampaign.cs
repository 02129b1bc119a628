using FluentValidation;
using LeadGen.Application.Common;
using LeadGen.Domain.Campaigns;
using Marten;
using Mediator;

namespace LeadGen.Application.Features.Campaigns;

public sealed record CancelCampaign(Guid Id, string? Reason) : ICommand<CampaignStartResult>;

public sealed class CancelCampaignValidator : AbstractValidator<CancelCampaign>
{
    public CancelCampaignValidator()
    {
        RuleFor(x => x.Id).NotEmptyId().OverridePropertyName("id");
        RuleFor(x => x.Reason).MaximumLength(1_000).PlainText();
    }
}

/// <summary>Stops a running campaign: discovery stops and no further provider is paid; prospects keep their stage.</summary>
public sealed class CancelCampaignHandler(IDocumentSession session, Caller caller) : ICommandHandler<CancelCampaign, CampaignStartResult>
{
    public async ValueTask<CampaignStartResult> Handle(CancelCampaign command, CancellationToken ct)
    {
        // An exclusive lock: a discovery page landing at the same moment waits for the cancellation instead of failing it.
        var stream = await session.Events.FetchForExclusiveWriting<Campaign>(command.Id, ct);
        var campaign = stream.Aggregate ?? throw new NotFound("Campaign", command.Id);
        stream.AppendOne(campaign.Cancel(caller.Actor, command.Reason));
        await session.SaveChangesAsync(ct);
        return new CampaignStartResult(campaign.Id, CampaignState.Cancelled.ToApiName(), Replayed: false);
    }
}
