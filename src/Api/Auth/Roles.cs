using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;

namespace LeadGen.Api.Auth;

/// <summary>
/// Who may do what: prospectors work ICPs, campaigns and prospects; analysts read; compliance officers read everything
/// of their tenant and alone (with admins) work the compliance endpoints, reads and changes; admins may do everything.
/// Reading is a GET or HEAD; anything else changes state. One policy over the whole API decides by method and path, so
/// a new endpoint is covered the day it is mapped; stricter endpoints (admin) add their own.
/// </summary>
public static class Roles
{
    public const string Prospector = "prospector";
    public const string Analyst = "analyst";
    public const string Compliance = "compliance";
    public const string Admin = "admin";

    public const string ReadOrChangePolicy = "read-or-change";

    public static readonly string[] Readers = [Prospector, Analyst, Compliance, Admin];
    public static readonly string[] Writers = [Prospector, Admin];
    public static readonly string[] ComplianceOfficers = [Compliance, Admin];
    public const string CompliancePath = "/api/v1/compliance";

    /// <summary>The one test the policy makes: the user holds at least one of the roles. Also what tells a caller what they
    /// may do (GET /api/v1/me), so the answer and the decisions cannot drift apart.</summary>
    public static bool HoldsAny(this ClaimsPrincipal user, IEnumerable<string> roles) => roles.Any(user.IsInRole);

    /// <summary>May change ICPs, campaigns and prospects (any method but GET and HEAD outside the compliance endpoints).</summary>
    public static bool MayChange(ClaimsPrincipal user) => user.HoldsAny(Writers);

    /// <summary>May use the compliance endpoints, reads and changes.</summary>
    public static bool MayUseCompliance(ClaimsPrincipal user) => user.HoldsAny(ComplianceOfficers);

    public static AuthorizationBuilder AddRolePolicies(this AuthorizationBuilder authorization) =>
        authorization.AddPolicy(ReadOrChangePolicy, policy => policy.RequireAuthenticatedUser().AddRequirements(new ReadOrChange()));

    public sealed class ReadOrChange : IAuthorizationRequirement;

    public sealed class ReadOrChangeHandler : AuthorizationHandler<ReadOrChange>
    {
        protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ReadOrChange requirement)
        {
            var request = (context.Resource as HttpContext)?.Request;
            var method = request?.Method ?? "";
            var allowed = request?.Path.StartsWithSegments(CompliancePath) == true ? ComplianceOfficers
                : HttpMethods.IsGet(method) || HttpMethods.IsHead(method) ? Readers
                : Writers;
            if (context.User.HoldsAny(allowed)) context.Succeed(requirement);
            return Task.CompletedTask;
        }
    }
}
