using FluentValidation;
using JasperFx;
using LeadGen.Api;
using LeadGen.Api.Auth;
using LeadGen.Api.Demo;
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
builder.Host.UseWolverine(opts => opts.ConfigurePipeline());

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

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages(context => Problems.Write(context.HttpContext, context.HttpContext.Response.StatusCode,
    ReasonPhrases.For(context.HttpContext.Response.StatusCode), $"{context.HttpContext.Request.Method} {context.HttpContext.Request.Path}"));
app.UseRequestLimits();
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

internal static class ReasonPhrases
{
    public static string For(int status) => Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } p ? p : "Error";
}
