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
            if (allowed.Any(context.User.IsInRole)) context.Succeed(requirement);
            return Task.CompletedTask;
        }
    }
}
