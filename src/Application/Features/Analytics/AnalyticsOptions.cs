namespace LeadGen.Application.Features.Analytics;

/// <summary>Assumptions of the analysts' views (configuration section <c>Analytics</c>).</summary>
public sealed class AnalyticsOptions
{
    /// <summary>What a converted lead is worth when a request does not say (<c>valuePerLead</c>): the seed assumes 50.</summary>
    public decimal ValuePerLead { get; set; } = 50m;
}
