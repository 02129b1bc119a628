using FluentValidation;
using LeadGen.Application.Common;
using LeadGen.Domain.Campaigns;
using LeadGen.Domain.Prospects;
using Marten;
using Mediator;

namespace LeadGen.Application.Features.Prospects;

public sealed record ConvertProspect(Guid Id) : ICommand<ConversionResult>;

public sealed record ConversionResult(Guid LeadId, Guid ProspectId, Guid CampaignId);

public sealed class ConvertProspectValidator : AbstractValidator<ConvertProspect>
{
    public ConvertProspectValidator() => RuleFor(x => x.Id).NotEmptyId().OverridePropertyName("id");
}

public sealed class ConvertProspectHandler(IDocumentSession session, Caller caller, TimeProvider clock)
    : ICommandHandler<ConvertProspect, ConversionResult>
{
    public async ValueTask<ConversionResult> Handle(ConvertProspect command, CancellationToken ct)
    {
        // An exclusive lock: two conversions at once are served one after the other, the second answered 409.
        var stream = await session.Events.FetchForExclusiveWriting<Prospect>(command.Id, ct);
        var prospect = stream.Aggregate ?? throw new NotFound("Prospect", command.Id);
        var converted = prospect.Convert(Guid.CreateVersion7(clock.GetUtcNow()), caller.Actor);
        stream.AppendOne(converted);
        // A conversion is the strongest sign of fit there is: refining the ICP learns from it like from a "good".
        var campaign = await session.Events.FetchLatest<Campaign>(converted.CampaignId, ct);
        if (campaign is not null)
            stream.AppendOne(new ProspectFitJudged(prospect.Id, converted.CampaignId, campaign.IcpId, campaign.IcpVersion,
                ProspectFit.Good, "converted to a lead", caller.Actor));
        await session.SaveChangesAsync(ct);
        return new ConversionResult(converted.LeadId, prospect.Id, converted.CampaignId);
    }
}
