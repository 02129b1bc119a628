using FluentValidation;
using JasperFx;
using LeadGen.Api;
using LeadGen.Api.Auth;
using LeadGen.Api.Demo;
using LeadGen.Api.Features.Account;
using LeadGen.Api.Features.Admin;
using LeadGen.Api.Features.Analytics;
using LeadGen.Api.Features.Campaigns;
using LeadGen.Api.Features.Compliance;
using LeadGen.Api.Features.Icps;
using LeadGen.Api.Features.Prospects;
using LeadGen.Api.Features.Webhooks;
using LeadGen.Application.Common;
using LeadGen.Application.Features.Icps;
using LeadGen.Infrastructure;
using LeadGen.Infrastructure.Messaging;
using Mediator;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http.Json;
using Scalar.AspNetCore;
using Wolverine;

var demo = args.FirstOrDefault() == "demo";
var builder = WebApplication.CreateBuilder(args);
if (demo) DemoRunner.ConfigureHost(builder);

var connectionString = builder.Configuration.GetConnectionString("Postgres")
    ?? throw new InvalidOperationException(
        "ConnectionStrings:Postgres is not set. Set ConnectionStrings__Postgres, or use ./leadgen demo, which provides a local PostgreSQL.");

builder.Services.AddLeadGenInfrastructure(builder.Configuration, connectionString);
builder.Host.UseWolverine(opts => opts.ConfigurePipeline(typeof(Program).Assembly));

builder.Services.AddMediator((MediatorOptions options) =>
{
    options.Assemblies = [typeof(CreateIcp)];
    options.ServiceLifetime = ServiceLifetime.Scoped;
    options.PipelineBehaviors = [typeof(ValidationBehavior<,>)];
});
builder.Services.AddValidatorsFromAssemblyContaining<CreateIcpValidator>(ServiceLifetime.Singleton);
builder.Services.AddTenantSessions();

builder.Services.Configure<AuthOptions>(builder.Configuration.GetSection("Auth"));
builder.Services.AddLeadGenAuthentication(builder.Configuration);
builder.Services.AddAuthorizationBuilder()
    .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
    .AddRolePolicies();
builder.Services.AddSingleton<IAuthorizationHandler, Roles.ReadOrChangeHandler>();

builder.Services.AddProblemDetails();
builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
builder.Services.Configure<JsonOptions>(o => o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));
// A property named twice means one thing to this parser (the last wins) and maybe another to the next: refused (400).
builder.Services.Configure<JsonOptions>(o => o.SerializerOptions.AllowDuplicateProperties = false);
builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = RequestLimits.MaxBodyBytes);
builder.Services.AddOpenApi();
builder.Services.AddHealthChecks().AddNpgSql(connectionString, name: "postgres", tags: ["ready"]);
// The dashboard is served from src/Api/wwwroot also when the build output runs outside Development (the process tests
// run it as Production; Development does this by itself); a published app carries its wwwroot and has no such manifest.
if (!builder.Environment.IsDevelopment())
{
    try
    {
        builder.WebHost.UseStaticWebAssets();
    }
    catch (DirectoryNotFoundException)
    {
        // wwwroot was deleted after the build: the API runs without the dashboard.
    }
}

var app = builder.Build();

app.UseApiFirst();
app.UseExceptionHandler();
app.UseStatusCodePages(context => Problems.Write(context.HttpContext, context.HttpContext.Response.StatusCode,
    ReasonPhrases.For(context.HttpContext.Response.StatusCode), $"{context.HttpContext.Request.Method} {context.HttpContext.Request.Path}"));
app.UseRequestLimits();
// The dashboard's files are public (before authentication); the API calls it makes carry the user's credentials.
app.UseDefaultFiles();
app.UseStaticFiles(Dashboard.Files);
app.UseDashboardClientRoutes();
app.UseAuthentication();
app.UseAuthorization();
app.UseCaller();
app.UseRequestAudit();

app.MapOpenApi().AllowAnonymous();
app.MapScalarApiReference().AllowAnonymous();
app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") }).AllowAnonymous();

var api = app.MapGroup("/api/v1").RequireAuthorization(Roles.ReadOrChangePolicy);
api.MapIcps();
api.MapCampaigns();
api.MapProspects();
api.MapDeadLetters();
api.MapCompliance();
api.MapAnalytics();
api.MapApiKeys();
api.MapRequestLog();
api.MapMe();
app.MapFacebookWebhook();

if (demo) return await DemoRunner.Run(app);
if (args.Length == 0)
{
    await app.RunAsync();
    return 0;
}
// Administration from the same binary: db-apply, db-assert, codegen, projections, describe (JasperFx commands).
return await app.RunJasperFxCommands(args);

public partial class Program;

/// <summary>The web dashboard (src/Dashboard, built into wwwroot): its files, and index.html for its client routes.</summary>
internal static class Dashboard
{
    // Only the dashboard's own files: no inline script or style, no other origin, no framing.
    private const string ContentSecurityPolicy =
        "default-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public static readonly StaticFileOptions Files = new()
    {
        OnPrepareResponse = context =>
        {
            var headers = context.Context.Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            // The page names its hashed assets: it must be revalidated so that a new build is picked up.
            if (context.File.Name.EndsWith(".html", StringComparison.Ordinal)) headers.CacheControl = "no-cache";
        },
    };

    /// <summary>A reload of /campaigns/{id} gets index.html, which routes in the browser: a GET or HEAD that no endpoint
    /// matched, for a path that is not a file and not under the server's own prefixes. Decided after routing and
    /// before authorization, rather than as a fallback endpoint, so that it can never stand in for an endpoint (a
    /// fallback route took part in routing's method and content-type decisions and turned real 404s into 405s).
    /// Does nothing when the dashboard was not built, so the API works the same without it.</summary>
    public static IApplicationBuilder UseDashboardClientRoutes(this WebApplication app)
    {
        var page = app.Environment.WebRootFileProvider.GetFileInfo("index.html");
        return app.Use(async (context, next) =>
        {
            var request = context.Request;
            if (!page.Exists || context.GetEndpoint() is not null || !(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
                || ServerPrefixes.Any(p => request.Path.StartsWithSegments(p)) || Path.HasExtension(request.Path.Value))
            {
                await next(context);
                return;
            }
            Files.OnPrepareResponse(new Microsoft.AspNetCore.StaticFiles.StaticFileResponseContext(context, page));
            context.Response.ContentType = "text/html; charset=utf-8";
            context.Response.ContentLength = page.Length;
            if (HttpMethods.IsGet(request.Method)) await context.Response.SendFileAsync(page, context.RequestAborted);
        });
    }

    private static readonly string[] ServerPrefixes = ["/api", "/openapi", "/health", "/scalar", "/webhooks"];
}

internal static class ReasonPhrases
{
    public static string For(int status) => Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } p ? p : "Error";
}
