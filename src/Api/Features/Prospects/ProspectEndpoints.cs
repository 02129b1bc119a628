using LeadGen.Application.Features.Prospects;
using Mediator;

namespace LeadGen.Api.Features.Prospects;

public sealed record FeedbackRequest(string? Fit, string? Reason, Guid? CampaignId);

public static class ProspectEndpoints
{
    public static void MapProspects(this IEndpointRouteBuilder api)
    {
        var prospects = api.MapGroup("/prospecting/prospects").WithTags("Prospects");

        prospects.MapGet("/{id:guid}", async (Guid id, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(new GetProspect(id), ct)))
            .WithName("GetProspect").Produces<ProspectDetails>().ProducesProblem(StatusCodes.Status404NotFound);

        prospects.MapPost("/{id:guid}/convert", async (Guid id, IMediator mediator, CancellationToken ct) =>
            {
                var lead = await mediator.Send(new ConvertProspect(id), ct);
                return Results.Created($"/api/v1/prospecting/prospects/{id}", lead);
            })
            .WithName("ConvertProspect").Produces<ConversionResult>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

        prospects.MapPost("/{id:guid}/feedback", async (Guid id, FeedbackRequest body, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(new GiveFitFeedback(id, body.Fit, body.Reason, body.CampaignId), ct)))
            .WithName("GiveFitFeedback").WithSummary("Says whether the prospect fits the ICP (good | bad); refining the ICP learns from it.")
            .Produces<FitFeedbackView>().ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
    }
}
