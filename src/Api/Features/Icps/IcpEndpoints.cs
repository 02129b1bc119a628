using LeadGen.Application.Features.Icps;
using Mediator;

namespace LeadGen.Api.Features.Icps;

public sealed record CreateIcpRequest(string? Name, string? Persona, IcpCriteriaInput? Criteria);

public static class IcpEndpoints
{
    public static void MapIcps(this IEndpointRouteBuilder api)
    {
        var icps = api.MapGroup("/icps").WithTags("ICPs");

        icps.MapPost("/", async (CreateIcpRequest body, IMediator mediator, CancellationToken ct) =>
            {
                var icp = await mediator.Send(new CreateIcp(body.Name ?? "", body.Persona ?? "", body.Criteria), ct);
                return Results.Created($"/api/v1/icps/{icp.Id}", icp);
            })
            .WithName("CreateIcp").Produces<IcpView>(StatusCodes.Status201Created).ProducesValidationProblem();

        icps.MapGet("/{id:guid}", async (Guid id, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(new GetIcp(id), ct)))
            .WithName("GetIcp").Produces<IcpView>().ProducesProblem(StatusCodes.Status404NotFound);

        icps.MapGet("/", async (int? limit, string? cursor, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(new ListIcps(limit ?? 50, cursor), ct)))
            .WithName("ListIcps").Produces<IcpPage>().ProducesValidationProblem();
    }
}
