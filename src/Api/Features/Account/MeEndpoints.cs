using System.Security.Claims;
using LeadGen.Api.Auth;

namespace LeadGen.Api.Features.Account;

/// <summary>The caller as the API sees them: the actor recorded on what they change, their tenant, their roles, and what
/// those roles let them do by the rules the authorization policy applies (<see cref="Roles"/>).</summary>
public sealed record Me(string Actor, string Tenant, IReadOnlyList<string> Roles, bool CanChange, bool CanUseCompliance);

public static class MeEndpoints
{
    /// <summary>GET /api/v1/me: what a client (the dashboard at sign-in) needs to offer only what the credential may do,
    /// without trying requests that would be refused. Read from the authenticated credential alone: nothing is stored or
    /// logged, and as a GET it is not on the request log. Any role may call it.</summary>
    public static void MapMe(this IEndpointRouteBuilder api) =>
        // Authentication refuses credentials without a tenant, so every caller that gets here has one.
        api.MapGet("/me", (ClaimsPrincipal user) => new Me(user.Identity?.Name ?? "unknown", user.FindFirstValue(LeadGenClaims.Tenant)!,
                RolesOf(user), Roles.MayChange(user), Roles.MayUseCompliance(user)))
            .WithTags("Account").WithName("GetMe")
            .WithSummary("Who the caller is: actor, tenant, roles, and whether they may change ICPs, campaigns and prospects and use the compliance endpoints.")
            .Produces<Me>().ProducesProblem(StatusCodes.Status403Forbidden);

    // The role claims IsInRole reads: each identity's own role claim type ("role" in a JWT).
    private static List<string> RolesOf(ClaimsPrincipal user) =>
        user.Identities.SelectMany(i => i.FindAll(i.RoleClaimType)).Select(c => c.Value).Distinct(StringComparer.Ordinal).ToList();
}
