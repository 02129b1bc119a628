using LeadGen.Application.Features.Icps;
using Mediator;

namespace LeadGen.Api.Features.Icps;

public sealed record IcpRequest(string? Name, string? Persona, IcpCriteriaInput? Criteria, IcpWeightsInput? Weights);

public sealed record MatchRequest(IReadOnlyList<ProfileToMatch>? Profiles);

public sealed record RefineRequest(double? Alpha, double? Beta, double? Gamma);

public static class IcpEndpoints
{
    public static void MapIcps(this IEndpointRouteBuilder api)
    {
        var icps = api.MapGroup("/icps").WithTags("ICPs");

        icps.MapPost("/", async (IcpRequest body, IMediator mediator, CancellationToken ct) =>
            {
                var icp = await mediator.Send(new CreateIcp(body.Name ?? "", body.Persona ?? "", body.Criteria, body.Weights), ct);
                return Results.Created($"/api/v1/icps/{icp.Id}", icp);
            })
            .WithName("CreateIcp").Produces<IcpView>(StatusCodes.Status201Created).ProducesValidationProblem();

        icps.MapGet("/{id:guid}", async (Guid id, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(new GetIcp(id), ct)))
            .WithName("GetIcp").Produces<IcpView>().ProducesProblem(StatusCodes.Status404NotFound);

        icps.MapGet("/", async (int? limit, string? cursor, bool? includeArchived, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(new ListIcps(limit ?? 50, cursor, includeArchived ?? false), ct)))
            .WithName("ListIcps").Produces<IcpPage>().ProducesValidationProblem();

        icps.MapPut("/{id:guid}", async (Guid id, IcpRequest body, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(new UpdateIcp(id, body.Name ?? "", body.Persona ?? "", body.Criteria, body.Weights), ct)))
            .WithName("UpdateIcp").WithSummary("Replaces the ICP's content with a new version; running campaigns keep theirs.")
            .Produces<IcpView>().ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

        icps.MapPost("/{id:guid}/archive", async (Guid id, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(new ArchiveIcp(id), ct)))
            .WithName("ArchiveIcp").Produces<IcpView>()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

        icps.MapDelete("/{id:guid}", async (Guid id, IMediator mediator, CancellationToken ct) =>
            {
                await mediator.Send(new DeleteIcp(id), ct);
                return Results.NoContent();
            })
            .WithName("DeleteIcp").WithSummary("Deletes an ICP no campaign used, with its versions and vectors; 409 otherwise.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

        icps.MapGet("/{id:guid}/versions", async (Guid id, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(new ListIcpVersions(id), ct)))
            .WithName("ListIcpVersions").Produces<IcpVersionList>().ProducesProblem(StatusCodes.Status404NotFound);

        icps.MapPost("/{id:guid}/match", async (Guid id, MatchRequest body, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(new MatchProfiles(id, body.Profiles), ct)))
            .WithName("MatchProfiles").WithSummary("Scores 1..1,000 profiles against the ICP; results in input order.")
            .Produces<MatchResponse>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);

        icps.MapGet("/{id:guid}/lookalikes", async (Guid id, int? limit, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(new FindLookalikes(id, limit ?? 20), ct)))
            .WithName("FindLookalikes").WithSummary("The tenant's stored prospects nearest to the ICP, across campaigns.")
            .Produces<LookalikeList>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);

        icps.MapPost("/{id:guid}/refine", async (Guid id, RefineRequest? body, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(new RefineIcp(id, body?.Alpha, body?.Beta, body?.Gamma), ct)))
            .WithName("RefineIcp").WithSummary("A new version whose persona vector learns from fit feedback (Rocchio).")
            .Produces<IcpView>().ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
    }
}
