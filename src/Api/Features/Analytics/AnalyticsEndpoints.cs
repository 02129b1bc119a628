using LeadGen.Application.Common;
using LeadGen.Application.Features.Analytics;
using Mediator;

namespace LeadGen.Api.Features.Analytics;

public static class AnalyticsEndpoints
{
    public static void MapAnalytics(this IEndpointRouteBuilder api)
    {
        var analytics = api.MapGroup("/analytics").WithTags("Analytics");

        analytics.MapGet("/costs", async (DateTimeOffset? from, DateTimeOffset? to, string? groupBy, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(new GetCostAnalytics(from, to, groupBy), ct)))
            .WithName("GetCostAnalytics").WithSummary("Spend by provider, campaign, ICP or day, with cache savings.")
            .Produces<CostAnalytics>().ProducesValidationProblem();

        analytics.MapGet("/costs.csv", async (DateTimeOffset? from, DateTimeOffset? to, IMediator mediator, CancellationToken ct) =>
            {
                var table = await mediator.Send(new ExportCostLedger(from, to), ct);
                return Results.Stream(body => CsvWriter.WriteAsync(body, table, ct), CsvWriter.ContentType, table.FileName);
            })
            .WithName("ExportCostLedger").WithSummary("The cost ledger's lines of the period as CSV, oldest first, streamed.")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv").ProducesValidationProblem();

        analytics.MapGet("/roi", async (string? groupBy, DateTimeOffset? from, DateTimeOffset? to, decimal? valuePerLead, IMediator mediator,
                CancellationToken ct) =>
                Results.Ok(await mediator.Send(new GetRoi(groupBy, from, to, valuePerLead), ct)))
            .WithName("GetRoi")
            .WithSummary("Prospects found, qualified and converted, cost, value and return by campaign, ICP or platform.")
            .Produces<Roi>().ProducesValidationProblem();
    }
}
