using LeadGen.Api.Auth;
using LeadGen.Application.Features.Compliance;
using Mediator;

namespace LeadGen.Api.Features.Compliance;

public static class RequestLogEndpoints
{
    public static void MapRequestLog(this IEndpointRouteBuilder api)
    {
        var log = api.MapGroup("/compliance/requests").WithTags("Compliance")
            .RequireAuthorization(policy => policy.RequireRole(Roles.Compliance, Roles.Admin));

        log.MapGet("/", async (DateTimeOffset? from, DateTimeOffset? to, string? actor, int? limit, string? after, IMediator mediator,
                CancellationToken ct) => Results.Ok(await mediator.Send(new ListRequestLog(from, to, actor, limit ?? 50, after), ct)))
            .WithName("ListRequestLog")
            .WithSummary("The tenant's state-changing requests, newest first: actor, method, route pattern, ids, status, time, trace id.")
            .Produces<RequestLogPage>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden);
    }
}
