using System.Security.Claims;
using LeadGen.Application.Common;

namespace LeadGen.Api.Auth;

/// <summary>Hands the authenticated tenant and actor to the request's use cases.</summary>
public static class CallerMiddleware
{
    public static IApplicationBuilder UseCaller(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var user = context.User;
        if (user.Identity is ClaimsIdentity { IsAuthenticated: true } identity && user.FindFirstValue(LeadGenClaims.Tenant) is { } tenant)
        {
            context.RequestServices.GetRequiredService<Caller>().Authenticate(
                tenant, identity.Name ?? "unknown", user.FindAll(identity.RoleClaimType).Select(c => c.Value).ToList());
        }
        await next(context);
    });
}
