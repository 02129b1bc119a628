using System.Diagnostics.Metrics;
using Wolverine;

namespace LeadGen.Infrastructure.Messaging;

/// <summary>
/// How long pipeline messages wait in their durable queue before a handler starts on them — the first sign of a
/// pipeline that cannot keep up. Published as the histogram <c>leadgen.queue.wait</c> (ms, tagged with the message type)
/// on the <see cref="LeadGenMeter"/>, for OpenTelemetry or dotnet-counters. Only a first delivery counts: a retry or a
/// rescheduled message waits on purpose.
/// </summary>
public static class QueueWaitMiddleware
{
    public const string InstrumentName = "leadgen.queue.wait";

    private static readonly Histogram<double> Wait = LeadGenMeter.Meter.CreateHistogram<double>(InstrumentName, "ms",
        "Time from a message being sent to its handler starting, first deliveries only");

    public static void Before(Envelope envelope)
    {
        if (envelope.Attempts > 1 || envelope.ScheduledTime is not null) return;
        Wait.Record((DateTimeOffset.UtcNow - envelope.SentAt).TotalMilliseconds,
            new KeyValuePair<string, object?>("message", envelope.MessageType));
    }
}
