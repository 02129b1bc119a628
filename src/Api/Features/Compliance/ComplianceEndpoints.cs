using LeadGen.Api.Auth;
using LeadGen.Application.Features.Compliance;
using Mediator;

namespace LeadGen.Api.Features.Compliance;

public sealed record ObjectionRequest(string? Kind, string? Reason);

public sealed record SuppressionRequest(string? Email, string? Platform, string? ExternalId, string? Name, string? Company, string? Reason);

public static class ComplianceEndpoints
{
    public static void MapCompliance(this IEndpointRouteBuilder api)
    {
        var compliance = api.MapGroup("/compliance").WithTags("Compliance")
            .RequireAuthorization(policy => policy.RequireRole(Roles.Compliance, Roles.Admin));

        compliance.MapGet("/subjects", async (string? email, string? platform, string? externalId, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(new FindSubjects(email, platform, externalId), ct)))
            .WithName("FindSubjects").WithSummary("Finds data subjects by work email, or by platform and externalId.")
            .Produces<SubjectSearch>().ProducesValidationProblem();

        compliance.MapGet("/subjects/{id:guid}/history", async (Guid id, DateTimeOffset? asOf, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(new GetSubjectHistory(id, asOf), ct)))
            .WithName("GetSubjectHistory").WithSummary("A subject's audit trail, consent history and state as of a date.")
            .Produces<SubjectHistory>().ProducesProblem(StatusCodes.Status404NotFound);

        compliance.MapGet("/subjects/{id:guid}/export", async (Guid id, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(new ExportSubjectData(id), ct)))
            .WithName("ExportSubjectData").WithSummary("Everything held about the subject (Art. 15); recorded on the audit trail.")
            .Produces<SubjectExport>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

        compliance.MapPost("/subjects/{id:guid}/objection", async (Guid id, ObjectionRequest? body, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(new RecordObjection(id, body?.Kind, body?.Reason), ct)))
            .WithName("RecordObjection").WithSummary("Objection, consent withdrawn or do-not-contact: the subject is suppressed everywhere.")
            .Produces<ObjectionRecorded>().ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

        compliance.MapPost("/subjects/{id:guid}/erasure", async (Guid id, IMediator mediator, CancellationToken ct) =>
                Results.Accepted($"/api/v1/compliance/subjects/{id}/history", await mediator.Send(new EraseSubject(id), ct)))
            .WithName("EraseSubject").WithSummary("Erases the subject's personal data everywhere (Art. 17); the history shows when it completed.")
            .Produces<ErasureAccepted>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

        compliance.MapGet("/campaigns/{id:guid}/audit", async (Guid id, DateTimeOffset? asOf, int? limit, string? after, IMediator mediator,
                    CancellationToken ct) =>
                Results.Ok(await mediator.Send(new GetCampaignAudit(id, asOf, limit, after), ct)))
            .WithName("GetCampaignAudit").WithSummary("A campaign's audit trail and state as of a date, paged.")
            .Produces<CampaignAudit>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);

        compliance.MapGet("/processing-records", async (IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(new GetProcessingRecords(), ct)))
            .WithName("GetProcessingRecords").WithSummary("Records of processing activities (Art. 30) for the tenant.")
            .Produces<ProcessingRecords>();

        compliance.MapPost("/suppressions", async (SuppressionRequest body, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(new AddSuppression(body.Email, body.Platform, body.ExternalId, body.Name, body.Company, body.Reason), ct)))
            .WithName("AddSuppression").WithSummary("Do not contact: puts hashed identifiers on the tenant's suppression list.")
            .Produces<SuppressionAdded>().ProducesValidationProblem();

        compliance.MapGet("/suppressions", async (int? limit, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(new ListSuppressions(limit), ct)))
            .WithName("ListSuppressions").Produces<IReadOnlyList<SuppressionView>>().ProducesValidationProblem();
    }
}
