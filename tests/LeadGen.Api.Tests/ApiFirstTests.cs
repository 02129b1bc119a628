using System.Diagnostics.Metrics;
using System.Net;
using LeadGen.Infrastructure.Messaging;
using Npgsql;

namespace LeadGen.Api.Tests;

/// <summary>The API's readers go first: while it answers more requests a second than configured, pipeline handlers
/// take turns one at a time and say how long they waited (<c>leadgen.pipeline.yield</c>); none fails for it and the
/// campaign completes. While the API is quiet, no handler waits.</summary>
public class ApiFirstTests
{
    [Fact]
    public async Task A_busy_api_makes_the_pipeline_take_turns_and_the_campaign_still_completes()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await CustomHost.Start("apifirst",
            new Dictionary<string, string> { ["Pipeline:YieldToApiAboveRequestsPerSecond"] = "20" });
        using var waits = new YieldWaits(new NpgsqlConnectionStringBuilder(host.ConnectionString).Database!);
        var api = host.Client(1);
        var campaign = await api.StartCampaign(await api.CreateIcp(Scenarios.SoftwareAndDataIcp()), maxProspects: 1_000, minMatchScore: 0.5);
        var status = $"/api/v1/prospecting/campaigns/{campaign}";

        // A dashboard's pace, four polls a second, until the pipeline is under way (the model loaded, the ICP embedded).
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while ((await api.Get(status)).ShouldHave(HttpStatusCode.OK).Json.GetProperty("scored").GetInt32() < 25)
        {
            DateTime.UtcNow.ShouldBeLessThan(deadline, "the campaign never got going");
            await Task.Delay(250, ct);
        }
        waits.Count.ShouldBe(0, "no handler waits while the API is quiet");

        // Four readers as fast as they are answered, for 5 s.
        var until = DateTime.UtcNow.AddSeconds(5);
        await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
        {
            while (DateTime.UtcNow < until) (await api.Get(status)).ShouldHave(HttpStatusCode.OK);
        }));
        var during = (await api.Get(status)).Json;
        during.GetProperty("status").GetString().ShouldBe("running", "the campaign was still running when the readers stopped");
        // A wait is recorded once the handler has its turn, which may be after the readers stopped.
        deadline = DateTime.UtcNow.AddSeconds(30);
        while (waits.Count == 0)
        {
            DateTime.UtcNow.ShouldBeLessThan(deadline, "no handler waited for its turn while the API was busy");
            await Task.Delay(250, ct);
        }

        var settled = await api.WaitUntilSettled(campaign);
        settled.GetProperty("status").GetString().ShouldBe("completed");
        settled.GetProperty("scored").GetInt32().ShouldBe(settled.GetProperty("discovered").GetInt32());
    }

    /// <summary>The pipeline's waits for its turn on one database, as OpenTelemetry or dotnet-counters would see them.</summary>
    private sealed class YieldWaits : IDisposable
    {
        private readonly MeterListener listener = new();
        private int count;

        public YieldWaits(string database)
        {
            listener.InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Name == ApiFirst.InstrumentName) l.EnableMeasurementEvents(instrument);
            };
            listener.SetMeasurementEventCallback<double>((_, _, tags, _) =>
            {
                foreach (var tag in tags)
                    if (tag.Key == "database" && tag.Value as string == database) Interlocked.Increment(ref count);
            });
            listener.Start();
        }

        public int Count => Volatile.Read(ref count);

        public void Dispose() => listener.Dispose();
    }
}
