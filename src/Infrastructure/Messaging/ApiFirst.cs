using System.Diagnostics.Metrics;

namespace LeadGen.Infrastructure.Messaging;

/// <summary>
/// The API's readers go before the pipeline. On two cores a running campaign keeps both busy, and a reader polling
/// campaign status or paging prospects queued behind its work (p95 40–70 ms at 500 requests/s). While the API is
/// answering more requests a second than configured (<c>Pipeline:YieldToApiAboveRequestsPerSecond</c>; 0 never), pipeline handlers therefore take turns
/// one at a time (<see cref="ApiFirstMiddleware"/>), the model's threads already run at a lower priority, and the
/// campaign slows rather than the readers. A handler never waits longer than <see cref="LongestWait"/> for its turn,
/// well inside Wolverine's execution time-out, so yielding never fails a message.
/// </summary>
/// <param name="database">The database's name, tagged on the measurements: several hosts may share a process.</param>
public sealed class ApiFirst(TimeProvider clock, int requestsPerSecond, string database)
{
    public static readonly TimeSpan LongestWait = TimeSpan.FromSeconds(20);

    public const string InstrumentName = "leadgen.pipeline.yield";

    private static readonly Histogram<double> Yielded = LeadGenMeter.Meter.CreateHistogram<double>(InstrumentName, "ms",
        "How long a pipeline handler that started while the API was busy waited for its turn");

    private readonly SemaphoreSlim turn = new(1, 1);
    private readonly Lock counting = new();
    private long second;
    private int thisSecond, lastSecond;

    public void RequestArrived()
    {
        var now = Second();
        lock (counting)
        {
            if (now != second)
            {
                lastSecond = now == second + 1 ? thisSecond : 0;
                thisSecond = 0;
                second = now;
            }
            thisSecond++;
        }
    }

    /// <summary>Whether the API answered more than the configured number of requests in the last full second or has
    /// in this one so far.</summary>
    public bool Busy
    {
        get
        {
            var now = Second();
            lock (counting)
            {
                if (now == second) return Math.Max(thisSecond, lastSecond) > requestsPerSecond;
                return now == second + 1 && thisSecond > requestsPerSecond;
            }
        }
    }

    /// <summary>Waits, while the API is busy, until no other pipeline handler is running (or <see cref="LongestWait"/>).</summary>
    public async Task<PipelineTurn> WaitForTurn(CancellationToken ct)
    {
        if (requestsPerSecond <= 0 || !Busy) return PipelineTurn.Unheld;
        var asked = clock.GetTimestamp();
        var held = await turn.WaitAsync(LongestWait, ct);
        Yielded.Record(clock.GetElapsedTime(asked).TotalMilliseconds, new KeyValuePair<string, object?>("database", database));
        return held ? new PipelineTurn(turn) : PipelineTurn.Unheld;
    }

    private long Second() => clock.GetTimestamp() / clock.TimestampFrequency;
}

/// <summary>A pipeline handler's turn: ended when the handler is done, whatever its outcome.</summary>
public sealed class PipelineTurn(SemaphoreSlim? held)
{
    public static readonly PipelineTurn Unheld = new(null);

    public void End() => held?.Release();
}

/// <summary>Wolverine middleware around every pipeline handler: see <see cref="ApiFirst"/>.</summary>
public static class ApiFirstMiddleware
{
    public static Task<PipelineTurn> BeforeAsync(ApiFirst apiFirst, CancellationToken cancellation) => apiFirst.WaitForTurn(cancellation);

    public static void Finally(PipelineTurn turn) => turn.End();
}
