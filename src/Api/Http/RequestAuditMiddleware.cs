using System.Security.Claims;
using LeadGen.Api.Auth;
using LeadGen.Application.Features.Compliance;
using Marten;
using Microsoft.AspNetCore.Routing.Patterns;

namespace LeadGen.Api;

/// <summary>
/// Puts every authenticated state-changing request under /api/v1 on the caller's tenant's request log
/// (<see cref="RequestAuditEntry"/>): actor, method, route pattern, the ids in the route, status, time and trace id.
/// Never the body, the query string or the raw path, which can carry personal data.
/// </summary>
public static class RequestAuditMiddleware
{
    private static readonly PathString Api = "/api/v1";

    public static IApplicationBuilder UseRequestAudit(this IApplicationBuilder app)
    {
        var store = app.ApplicationServices.GetRequiredService<IDocumentStore>();
        var clock = app.ApplicationServices.GetRequiredService<TimeProvider>();
        var logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RequestAuditMiddleware).FullName!);

        return app.Use(async (context, next) =>
        {
            // Read before the endpoint runs: on an exception the exception handler clears the endpoint and route values.
            if (Audited(context) is { } pending)
                context.Response.OnCompleted(() => Record(pending, context.Response.StatusCode, store, clock, logger));
            await next(context);
        });
    }

    private sealed record Pending(string Tenant, string Actor, string Method, string? Route, Dictionary<string, Guid> Ids, string TraceId);

    private static Pending? Audited(HttpContext context)
    {
        var request = context.Request;
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method)) return null;
        if (!request.Path.StartsWithSegments(Api)) return null;
        if (context.User.Identity is not ClaimsIdentity { IsAuthenticated: true } identity
            || context.User.FindFirstValue(LeadGenClaims.Tenant) is not { } tenant) return null;

        var ids = new Dictionary<string, Guid>();
        foreach (var (name, value) in request.RouteValues)
            if (value is string text && Guid.TryParse(text, out var id)) ids[name] = id;
        var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern;
        // The same trace id the caller sees in problem details, so a complaint about a failed request finds its entry.
        return new Pending(tenant, identity.Name ?? "unknown", request.Method, route is null ? null : Template(route), ids,
            context.TraceIdentifier);
    }

    /// <summary>The pattern with bare parameter names, without constraints or a trailing slash: /api/v1/icps/{id}.</summary>
    private static string Template(RoutePattern pattern) =>
        "/" + string.Join('/', pattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternSeparatorPart separator => separator.Content,
            RoutePatternParameterPart parameter => $"{{{parameter.Name}}}",
            _ => "",
        }))));

    // Best-effort, after the response: by then the request's change is committed, so failing it would only make the
    // client retry a change that happened; the error is logged (without the actor or ids) so the gap gets noticed.
    private static async Task Record(Pending pending, int status, IDocumentStore store, TimeProvider clock, ILogger logger)
    {
        try
        {
            var now = clock.GetUtcNow();
            // PostgreSQL keeps microseconds: the stored time and the one in a paging cursor must be the same instant.
            var at = new DateTimeOffset(now.UtcTicks - now.UtcTicks % 10, TimeSpan.Zero);
            await using var session = store.LightweightSession(pending.Tenant);
            session.Insert(new RequestAuditEntry
            {
                Id = Guid.CreateVersion7(at), At = at, Actor = pending.Actor, Method = pending.Method, Route = pending.Route,
                Ids = pending.Ids, Status = status, TraceId = pending.TraceId,
            });
            await session.SaveChangesAsync(CancellationToken.None);
        }
        catch (Exception e)
        {
            logger.LogError(e, "The request log could not record {Method} {Route} ({Status}, trace {TraceId})",
                pending.Method, pending.Route, status, pending.TraceId);
        }
    }
}
