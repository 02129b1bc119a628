using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using LeadGen.Infrastructure.Messaging;
using Marten;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace LeadGen.Infrastructure.Persistence;

/// <summary>How many events each async read model (campaign status, audit trail, cost ledgers) and the daemon's
/// high-water mark are behind the newest event sequence number, as the gauge <c>leadgen.projections.lag</c> (tags
/// <c>projection</c>, <c>database</c>). It is a few events while campaigns run; it stays up while a write is in flight,
/// for up to <see cref="MartenSetup.StaleSequenceThreshold"/> behind a write that died, and for good when a projection
/// has stopped. Read from the database every few seconds, because a gauge's callback cannot wait for a query.</summary>
public sealed class ProjectionLag(IDocumentStore store, ILogger<ProjectionLag> logger) : BackgroundService
{
    public const string InstrumentName = "leadgen.projections.lag";

    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    /// <summary>The latest reading of every running host: tests and the two-host benchmark run several in a process.</summary>
    private static readonly ConcurrentDictionary<ProjectionLag, IReadOnlyList<Measurement<long>>> Readings = new();

    static ProjectionLag() => LeadGenMeter.Meter.CreateObservableGauge(InstrumentName, () => Readings.Values.SelectMany(r => r), "{event}",
        "Events committed or in flight that an async projection (or the daemon's high-water mark) has not reached yet");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var schema = store.Options.Events.DatabaseSchemaName;
        // The daemon's rows for its bookkeeping (stuck gap, allocation fence) are not positions of a read model.
        var sql = $"""
                   select p.name, greatest(case when s.is_called then s.last_value else 0 end - p.last_seq_id, 0)
                   from {schema}.mt_event_progression p cross join {schema}.mt_events_sequence s
                   where p.name = 'HighWaterMark' or p.name like '%:%'
                   """;
        using var timer = new PeriodicTimer(Interval);
        try
        {
            do
            {
                try
                {
                    Readings[this] = await Read(sql, stoppingToken);
                }
                catch (NpgsqlException e) when (!stoppingToken.IsCancellationRequested)
                {
                    // PostgreSQL restarting, or the schema not created yet: the gauge keeps its last reading.
                    logger.LogDebug(e, "Could not read the projections' progress");
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    // A gauge must never stop the host, which is what an exception leaving a background service does.
                    logger.LogWarning(e, "Could not read the projections' progress");
                }
            } while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            Readings.TryRemove(this, out _);
        }
    }

    private async Task<IReadOnlyList<Measurement<long>>> Read(string sql, CancellationToken ct)
    {
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        var database = new KeyValuePair<string, object?>("database", connection.Database);
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var readings = new List<Measurement<long>>();
        while (await reader.ReadAsync(ct))
        {
            // "CampaignStatusView:All" is the projection's only shard: its name is what an operator looks for.
            var projection = reader.GetString(0).Split(':')[0];
            readings.Add(new Measurement<long>(reader.GetInt64(1), new("projection", projection), database));
        }
        return readings;
    }
}
