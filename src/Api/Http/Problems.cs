using System.Text.Json;
using FluentValidation;
using LeadGen.Application.Common;
using LeadGen.Domain.Common;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace LeadGen.Api;

/// <summary>Every error is RFC 7807 problem details; bad input is a 4xx with the offending fields, never a 500.</summary>
public static class Problems
{
    public static Task Write(HttpContext context, int status, string title, string detail, IDictionary<string, string[]>? errors = null)
    {
        var problem = errors is null
            ? new ProblemDetails { Status = status, Title = title, Detail = detail }
            : new HttpValidationProblemDetails(errors) { Status = status, Title = title, Detail = detail };
        problem.Extensions["traceId"] = context.TraceIdentifier;
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(problem, problem.GetType(), options: null, contentType: "application/problem+json");
    }

    internal static string FieldName(string propertyPath) =>
        string.Join('.', propertyPath.Split('.').Select(p => p.Length == 0 ? p : char.ToLowerInvariant(p[0]) + p[1..]));
}

public sealed class ProblemExceptionHandler(ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
    {
        switch (exception)
        {
            case ValidationException v:
                var errors = v.Errors.GroupBy(e => Problems.FieldName(e.PropertyName))
                    .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).Distinct().ToArray());
                await Problems.Write(context, 400, "The request is not valid", "See errors for each field.", errors);
                return true;
            case BadHttpRequestException bad:
                await Problems.Write(context, bad.StatusCode, "The request could not be read", Describe(bad), JsonFieldError(bad));
                return true;
            case NotFound nf:
                await Problems.Write(context, 404, "Not found", nf.Message);
                return true;
            case Unprocessable u:
                await Problems.Write(context, 422, "The request cannot be processed", u.Message,
                    new Dictionary<string, string[]> { [u.Field] = [u.Message] });
                return true;
            case BusinessRuleViolation rule:
                await Problems.Write(context, 409, "Conflict with the current state", rule.Message);
                return true;
            case JasperFx.ConcurrencyException:
                await Problems.Write(context, 409, "Changed concurrently", "The resource changed while the request was processed; retry it.");
                return true;
            case OperationCanceledException when context.RequestAborted.IsCancellationRequested:
                return true;
            default:
                logger.LogError(exception, "Unhandled error on {Method} {Path}", context.Request.Method, context.Request.Path);
                await Problems.Write(context, 500, "Internal error", "The error was logged; the request may be retried.");
                return true;
        }
    }

    // The JSON reader's messages name the field and position but never echo the value, so they are safe to show.
    private static string Describe(BadHttpRequestException bad) => bad.InnerException switch
    {
        JsonException json => $"Malformed or mistyped JSON at {json.Path ?? "$"}.",
        _ => bad.Message,
    };

    private static Dictionary<string, string[]>? JsonFieldError(BadHttpRequestException bad) =>
        bad.InnerException is JsonException { Path: { Length: > 1 } path }
            ? new Dictionary<string, string[]> { [path.TrimStart('$', '.')] = ["The value is malformed or of the wrong type."] }
            : null;
}
