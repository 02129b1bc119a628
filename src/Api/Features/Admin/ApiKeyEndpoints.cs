using LeadGen.Api.Auth;
using LeadGen.Application.Features.Admin;
using Mediator;

namespace LeadGen.Api.Features.Admin;

public sealed record IssueApiKeyRequest(string? Name, IReadOnlyList<string>? Roles);

public static class ApiKeyEndpoints
{
    public static void MapApiKeys(this IEndpointRouteBuilder api)
    {
        var keys = api.MapGroup("/admin/api-keys").WithTags("Admin").RequireAuthorization(policy => policy.RequireRole(Roles.Admin));

        keys.MapPost("/", async (IssueApiKeyRequest body, HttpContext context, IMediator mediator, CancellationToken ct) =>
            {
                var issued = await mediator.Send(new IssueApiKey(body.Name ?? "", body.Roles), ct);
                // The one answer that carries the key must not linger in a cache on the way.
                context.Response.Headers.CacheControl = "no-store";
                return Results.Created((string?)null, issued);
            })
            .WithName("IssueApiKey").WithSummary("Issues an API key for the caller's tenant; the key is shown in this answer only.")
            .Produces<NewApiKey>(StatusCodes.Status201Created).ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden);

        keys.MapGet("/", async (IMediator mediator, CancellationToken ct) => Results.Ok(await mediator.Send(new ListApiKeys(), ct)))
            .WithName("ListApiKeys").WithSummary("The tenant's issued keys, revoked ones included, without the keys themselves.")
            .Produces<ApiKeyList>().ProducesProblem(StatusCodes.Status403Forbidden);

        keys.MapDelete("/{id:guid}", async (Guid id, IMediator mediator, CancellationToken ct) =>
            {
                await mediator.Send(new RevokeApiKey(id), ct);
                return Results.NoContent();
            })
            .WithName("RevokeApiKey").WithSummary("Revokes the key from the next request on; revoking it again is a 204 too.")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status403Forbidden);
    }
}
