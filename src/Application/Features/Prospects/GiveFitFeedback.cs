using FluentValidation;
using LeadGen.Application.Common;
using LeadGen.Domain.Campaigns;
using LeadGen.Domain.Prospects;
using Marten;
using Mediator;

namespace LeadGen.Application.Features.Prospects;

/// <summary>A user's judgement of whether a prospect fits the ICP that found them: "good" or "bad", with a reason.
/// Without a campaign id it is about the campaign that scored the prospect highest (the latest of equals).</summary>
public sealed record GiveFitFeedback(Guid ProspectId, string? Fit, string? Reason, Guid? CampaignId) : ICommand<FitFeedbackView>;

public sealed record FitFeedbackView(Guid ProspectId, Guid CampaignId, Guid IcpId, int IcpVersion, string Fit, string? Reason);

public sealed class GiveFitFeedbackValidator : AbstractValidator<GiveFitFeedback>
{
    public GiveFitFeedbackValidator()
    {
        RuleFor(x => x.ProspectId).NotEmptyId().OverridePropertyName("id");
        RuleFor(x => x.Fit).Must(f => f?.Trim().ToLowerInvariant() is "good" or "bad").WithMessage("Fit must be \"good\" or \"bad\".");
        RuleFor(x => x.Reason).MaximumLength(1_000).PlainText();
    }
}

public sealed class GiveFitFeedbackHandler(IDocumentSession session, Caller caller) : ICommandHandler<GiveFitFeedback, FitFeedbackView>
{
    public async ValueTask<FitFeedbackView> Handle(GiveFitFeedback command, CancellationToken ct)
    {
        var stream = await session.Events.FetchForWriting<Prospect>(command.ProspectId, ct);
        var prospect = stream.Aggregate ?? throw new NotFound("Prospect", command.ProspectId);
        var campaignId = command.CampaignId
                         ?? prospect.Campaigns.OrderByDescending(c => c.Value.Score ?? -1).ThenByDescending(c => c.Key).Select(c => c.Key).First();
        if (!prospect.Campaigns.ContainsKey(campaignId))
            throw new Unprocessable("campaignId", "The prospect was not found by that campaign.");
        var campaign = await session.Events.FetchLatest<Campaign>(campaignId, ct)
                       ?? throw new InvalidOperationException($"Prospect {prospect.Id} refers to a missing campaign.");

        var fit = Enum.Parse<ProspectFit>(command.Fit!.Trim(), ignoreCase: true);
        var reason = string.IsNullOrWhiteSpace(command.Reason) ? null : command.Reason.Trim();
        var judged = prospect.JudgeFit(campaignId, campaign.IcpId, campaign.IcpVersion, fit, reason, caller.Actor);
        stream.AppendOne(judged);
        await session.SaveChangesAsync(ct);
        return new FitFeedbackView(prospect.Id, campaignId, judged.IcpId, judged.IcpVersion, fit.ToString().ToLowerInvariant(), reason);
    }
}
