using System.Diagnostics.Metrics;

namespace LeadGen.Infrastructure.Messaging;

/// <summary>The one meter LeadGen's own instruments are on, for OpenTelemetry or dotnet-counters to listen to.</summary>
public static class LeadGenMeter
{
    public const string Name = "LeadGen";

    public static readonly Meter Meter = new(Name);
}
