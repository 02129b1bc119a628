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
    }
}
