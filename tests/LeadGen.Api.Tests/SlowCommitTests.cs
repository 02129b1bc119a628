using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using LeadGen.Infrastructure.Persistence;
using Npgsql;

namespace LeadGen.Api.Tests;

/// <summary>The async read models (audit trail, campaign status, cost ledger) follow the event sequence, and the daemon
/// gives up on a hole in it after a while, taking it for a dead write. A write that is only slow must not be taken for
/// one: with Marten's default 3 s, writes slowed down on CI's loaded machine had their events missing from every async
/// read model for good (a completed campaign's status counted 450 of its 600 enriched prospects). While a write holds
/// them back, the <c>leadgen.projections.lag</c> gauge shows it.</summary>
public class SlowCommitTests
{
    [Fact]
    public async Task A_write_that_takes_longer_than_the_daemons_patience_still_reaches_the_audit_trail()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await CustomHost.Start("slowcommit", new Dictionary<string, string>());
        using var lag = new LagGauge(new NpgsqlConnectionStringBuilder(host.ConnectionString).Database!);
        var api = host.Client(1);
        var campaign = await api.StartCampaign(await api.CreateIcp(), maxProspects: 10, minMatchScore: 0.5);
        await api.WaitUntilSettled(campaign);
        var prospect = (await api.AllProspects(campaign))[0].GetProperty("id").GetGuid();

        // The feedback's write is held up twice, as CPU starvation would: first while it reads the campaign's prospect
        // rows, long enough for the daemon to see the hole its events will fill, then while it writes them, for 10 s, in
        // a transaction begun after the daemon saw the hole (so PostgreSQL shows no sign of it the daemon could trust).
        await using var reading = await Hold(host.ConnectionString, "access exclusive", ct);
        var feedback = api.Post($"/api/v1/prospecting/prospects/{prospect}/feedback", new { fit = "good", reason = "slow but sure" });
        await Task.Delay(TimeSpan.FromSeconds(2), ct);
        var writing = Hold(host.ConnectionString, "share", ct);
        await Task.Delay(500, ct); // queued behind the first lock, so it is taken the moment that is released
        await reading.DisposeAsync();
        await using (await writing)
        {
            await Task.Delay(TimeSpan.FromSeconds(10), ct);
            feedback.IsCompleted.ShouldBeFalse("the feedback waits to write the held rows");
            lag.Of("AuditTrail").ShouldBeGreaterThan(0, "the held write shows as the audit trail's lag");
            lag.Of("HighWaterMark").ShouldBeGreaterThan(0);
        }
        (await feedback).ShouldHave(HttpStatusCode.OK);

        var compliance = host.Client(1, "compliance");
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var history = (await compliance.Get($"/api/v1/compliance/subjects/{prospect}/history")).ShouldHave(HttpStatusCode.OK).Json;
            if (history.GetProperty("events").EnumerateArray().Any(e => e.GetProperty("event").GetString() == "fit-judged")) break;
            DateTime.UtcNow.ShouldBeLessThan(deadline, "the feedback never reached the audit trail: the daemon skipped its events");
            await Task.Delay(250, ct);
        }
        await Until(() => lag.Of("AuditTrail") == 0 && lag.Of("CampaignStatusView") == 0, "the read models caught up", ct);
    }

    private static async Task Until(Func<bool> condition, string what, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            DateTime.UtcNow.ShouldBeLessThan(deadline, what);
            await Task.Delay(250, ct);
        }
    }

    /// <summary>The gauge's latest values for one database, as dotnet-counters or OpenTelemetry would read them.</summary>
    private sealed class LagGauge : IDisposable
    {
        private readonly MeterListener listener = new();
        private readonly ConcurrentDictionary<string, long> latest = new();

        public LagGauge(string database)
        {
            listener.InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Name == ProjectionLag.InstrumentName) l.EnableMeasurementEvents(instrument);
            };
            listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
            {
                string? projection = null, db = null;
                foreach (var tag in tags)
                {
                    if (tag.Key == "projection") projection = tag.Value as string;
                    if (tag.Key == "database") db = tag.Value as string;
                }
                if (db == database && projection is not null) latest[projection] = value;
            });
            listener.Start();
        }

        /// <summary>Observes the gauge now (its reading is at most a couple of seconds old) and gives the projection's lag.</summary>
        public long Of(string projection)
        {
            listener.RecordObservableInstruments();
            return latest.TryGetValue(projection, out var value) ? value : -1;
        }

        public void Dispose() => listener.Dispose();
    }

    /// <summary>Locks the campaigns' prospect rows in the given mode until disposed (which rolls back).</summary>
    private static async Task<NpgsqlConnection> Hold(string connectionString, string mode, CancellationToken ct)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await new NpgsqlCommand($"begin; lock table leadgen.mt_doc_campaignprospect in {mode} mode", connection).ExecuteNonQueryAsync(ct);
        return connection;
    }
}
