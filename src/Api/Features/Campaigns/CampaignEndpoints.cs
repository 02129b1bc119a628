using LeadGen.Application.Features.Campaigns;
using Mediator;
using Microsoft.AspNetCore.Mvc;

namespace LeadGen.Api.Features.Campaigns;

public sealed record StartCampaignRequest(
    Guid? IcpId, List<string>? Platforms, int? MaxProspects, double? MinMatchScore, string? Name, decimal? Budget);

public sealed record CancelCampaignRequest(string? Reason);

public static class CampaignEndpoints
{
    public static void MapCampaigns(this IEndpointRouteBuilder api)
    {
        var campaigns = api.MapGroup("/prospecting/campaigns").WithTags("Campaigns");

        campaigns.MapPost("/", async (StartCampaignRequest body, [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey,
                IMediator mediator, CancellationToken ct) =>
            {
                var started = await mediator.Send(new StartCampaign(body.IcpId, body.Platforms, body.MaxProspects, body.MinMatchScore,
                    body.Name, body.Budget, idempotencyKey), ct);
                return Results.Accepted($"/api/v1/prospecting/campaigns/{started.Id}", new { started.Id, started.Status });
            })
            .WithName("StartCampaign").Produces(StatusCodes.Status202Accepted).ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        campaigns.MapGet("/", async (string? status, int? limit, string? cursor, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(new ListCampaigns(status, limit ?? 50, cursor), ct)))
            .WithName("ListCampaigns").Produces<CampaignPage>().ProducesValidationProblem();

        campaigns.MapGet("/{id:guid}", async (Guid id, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(new GetCampaign(id), ct)))
            .WithName("GetCampaign").Produces<CampaignView>().ProducesProblem(StatusCodes.Status404NotFound);

        campaigns.MapGet("/{id:guid}/events", async (Guid id, IMediator mediator, CancellationToken ct) =>
            {
                var first = await mediator.Send(new GetCampaign(id), ct); // 404 before the stream starts, not inside it
                return TypedResults.ServerSentEvents(CampaignProgress.Stream(first, mediator, ct), eventType: "progress");
            })
            .WithName("StreamCampaignProgress")
            .WithSummary("Server-Sent Events: the campaign's status and stage counts each time they change, until it settles.")
            .Produces(StatusCodes.Status200OK, contentType: "text/event-stream").ProducesProblem(StatusCodes.Status404NotFound);

        campaigns.MapPost("/{id:guid}/cancel", async (Guid id, CancelCampaignRequest? body, IMediator mediator, CancellationToken ct) =>
            {
                var cancelled = await mediator.Send(new CancelCampaign(id, body?.Reason), ct);
                return Results.Ok(new { cancelled.Id, cancelled.Status });
            })
            .WithName("CancelCampaign").ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

        campaigns.MapGet("/{id:guid}/costs", async (Guid id, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(new GetCampaignCosts(id), ct)))
            .WithName("GetCampaignCosts").Produces<CampaignCosts>().ProducesProblem(StatusCodes.Status404NotFound);

        campaigns.MapGet("/{id:guid}/prospects", async (Guid id, double? minScore, string? stage, int? limit, string? cursor,
                IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(new ListCampaignProspects(id, minScore, stage, limit ?? 50, cursor), ct)))
            .WithName("ListCampaignProspects").Produces<ProspectPage>().ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        campaigns.MapGet("/{id:guid}/prospects.csv", async (Guid id, double? minScore, string? stage, IMediator mediator, CancellationToken ct) =>
            {
                var table = await mediator.Send(new ExportCampaignProspects(id, minScore, stage), ct);
                return Results.Stream(body => Application.Common.CsvWriter.WriteAsync(body, table, ct), Application.Common.CsvWriter.ContentType,
                    table.FileName);
            })
            .WithName("ExportCampaignProspects").WithSummary("Every prospect of the campaign as CSV, best score first, streamed.")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv").ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
