using FluentValidation;
using LeadGen.Application.Common;
using LeadGen.Application.Compliance;
using LeadGen.Application.Features.Prospects;
using LeadGen.Application.ReadModels;
using LeadGen.Domain.Prospects;
using Marten;
using Mediator;
using Microsoft.Extensions.Options;

namespace LeadGen.Application.Features.Compliance;

/// <summary>Answers an access request (Art. 15): everything LeadGen holds about the person, where it came from, the
/// processors it was sent to, and the notice they are owed. The export itself goes on the audit trail.</summary>
public sealed record ExportSubjectData(Guid SubjectId) : ICommand<SubjectExport>;

public sealed class ExportSubjectDataValidator : AbstractValidator<ExportSubjectData>
{
    public ExportSubjectDataValidator() => RuleFor(x => x.SubjectId).NotEmptyId().OverridePropertyName("id");
}

public sealed record SubjectExport(
    Guid SubjectId, DateTimeOffset ExportedAt, string Platform, ProspectProfile Profile, EnrichmentView? Enrichment,
    IReadOnlyList<CampaignStanding> Campaigns, Guid? LeadId, string? Objection, IReadOnlyList<DataProcessor> SentTo, NoticeView Notice,
    IReadOnlyList<AuditLine> History);

public sealed class ExportSubjectDataHandler(
    IDocumentSession session, Caller caller, TimeProvider clock, DataProcessors processors, IOptions<ComplianceOptions> compliance)
    : ICommandHandler<ExportSubjectData, SubjectExport>
{
    public async ValueTask<SubjectExport> Handle(ExportSubjectData command, CancellationToken ct)
    {
        var stream = await session.Events.FetchForWriting<Prospect>(command.SubjectId, ct);
        var prospect = stream.Aggregate ?? throw new NotFound("Subject", command.SubjectId);
        stream.AppendOne(prospect.Export(caller.Actor));

        var events = await session.Events.FetchStreamAsync(prospect.Id, token: ct);
        // A provider answer taken from the cache was not sent anywhere this time; the purchase it came from was.
        var providers = events.Select(e => e.Data).OfType<ProviderCallCharged>().Select(c => c.Provider).Distinct().ToList();
        var sentTo = processors.All
            .Where(p => providers.Contains(p.Name, StringComparer.OrdinalIgnoreCase) || p.Role is "embedding model" or "vector index"
                        || prospect.Platform.Equals(p.Name, StringComparison.OrdinalIgnoreCase))
            .ToList();
        // The audit trail is projected asynchronously and may lag the last second's events; an access request is
        // answered as of now, so its history is read off the subject's own stream, line for line as the trail has it.
        var history = events.Select(AuditTrailProjection.EntryFor).OfType<AuditEntry>().Where(e => e.SubjectId == prospect.Id)
            .OrderBy(e => e.Sequence).ToList();
        var options = compliance.Value;
        var notice = new NoticeView(prospect.Sources.Select(SubjectViews.Source).ToList(), SubjectViews.DataCategories, options.Purpose,
            options.Controller, sentTo.Where(p => p.ThirdParty).Select(p => $"{p.Name} ({p.Role})").ToList(),
            options.RetentionDaysOf(session.TenantId), SubjectViews.Rights);

        await session.SaveChangesAsync(ct);
        return new SubjectExport(prospect.Id, clock.GetUtcNow(), prospect.Platform, prospect.Profile, EnrichmentView.Of(prospect),
            CampaignStanding.Of(prospect), prospect.LeadId,
            prospect.Objection?.ToString(), sentTo, notice, history.Select(AuditLine.From).ToList());
    }
}
