using LeadGen.Api.Auth;
using LeadGen.Application.Features.Admin;
using Mediator;

namespace LeadGen.Api.Features.Admin;

public sealed record ReplayRequest(IReadOnlyList<Guid>? Ids);

public static class DeadLetterEndpoints
{
    public static void MapDeadLetters(this IEndpointRouteBuilder api)
    {
        var deadLetters = api.MapGroup("/admin/dead-letters").WithTags("Admin").RequireAuthorization(policy => policy.RequireRole(Roles.Admin));

        deadLetters.MapGet("/", async (int? limit, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(new ListDeadLetters(limit ?? 100), ct)))
            .WithName("ListDeadLetters").Produces<DeadLetterList>().ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden);

        deadLetters.MapPost("/replay", async (ReplayRequest? body, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(new ReplayDeadLetters(body?.Ids), ct)))
            .WithName("ReplayDeadLetters").WithSummary("Replays the tenant's dead letters, or those named.")
            .Produces<ReplayResult>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status403Forbidden);

        api.MapPost("/admin/retention/run", async (IMediator mediator, CancellationToken ct) =>
                Results.Accepted(value: await mediator.Send(new RunRetentionCheck(), ct)))
            .WithTags("Admin").RequireAuthorization(policy => policy.RequireRole(Roles.Admin))
            .WithName("RunRetentionCheck").WithSummary("Runs the tenant's retention check now.")
            .Produces<RetentionCheckRequested>(StatusCodes.Status202Accepted).ProducesProblem(StatusCodes.Status403Forbidden);

        api.MapPost("/admin/erasures/remask", async (IMediator mediator, CancellationToken ct) =>
                Results.Accepted(value: await mediator.Send(new RemaskErasedSubjects(), ct)))
            .WithTags("Admin").RequireAuthorization(policy => policy.RequireRole(Roles.Admin))
            .WithName("RemaskErasedSubjects").WithSummary("Applies today's masking rules again to everyone the tenant has erased.")
            .Produces<RemaskRequested>(StatusCodes.Status202Accepted).ProducesProblem(StatusCodes.Status403Forbidden);
    }
}
