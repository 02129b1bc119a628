using System.Diagnostics;
using System.Globalization;
using System.Net;
using LeadGen.Application.ReadModels;

namespace LeadGen.Api.Tests;

/// <summary>The cost ledger's CSV streams in constant memory. Measured alone, after the parallel tests: the live heap it
/// samples is the whole host's, and other tests' campaigns and requests running at the same moment would count too.</summary>
[Collection(MeasuredAlone.Name)]
public class CsvStreamingMemoryTests(AppFixture app)
{
    [Fact]
    public async Task A_hundred_thousand_ledger_lines_stream_without_being_held_in_memory()
    {
        const int count = 100_000;
        var start = new DateTimeOffset(2001, 1, 1, 0, 0, 0, TimeSpan.Zero); // far from the other tests' last-30-days views
        // Taken before the insert, whose documents some pooled object may hold on to for a while: anything the insert
        // leaves behind counts against the streaming, never for it.
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        var insert = Stopwatch.StartNew();
        await InsertLedgerLines(count, start);
        insert.Stop();

        var period = $"from={Uri.EscapeDataString(start.ToString("O"))}&to={Uri.EscapeDataString(start.AddDays(2).ToString("O"))}";

        var peak = long.MinValue;
        var sampling = new Stopwatch();
        var clock = Stopwatch.StartNew();
        using var http = app.Host.Server.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/analytics/costs.csv?{period}");
        request.Headers.Add("X-Api-Key", AppFixture.KeyOf(Tenant37.Number, "analyst"));
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, TestContext.Current.CancellationToken);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var firstByte = clock.Elapsed;
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(TestContext.Current.CancellationToken));
        var lines = 0;
        var characters = 0L;
        var sum = 0m;
        var previous = DateTimeOffset.MinValue;
        while (await reader.ReadLineAsync(TestContext.Current.CancellationToken) is { } line)
        {
            characters += line.Length + 2;
            if (lines++ == 0) continue;
            var fields = line.Split(',');
            var at = DateTimeOffset.Parse(fields[0], CultureInfo.InvariantCulture);
            at.ShouldBeGreaterThanOrEqualTo(previous);
            previous = at;
            sum += decimal.Parse(fields[7], CultureInfo.InvariantCulture);
            if (lines % 20_000 != 0) continue;
            sampling.Start();
            peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: true));
            sampling.Stop();
        }
        clock.Stop();

        lines.ShouldBe(count + 1);
        sum.ShouldBe(count * 0.02m);
        var growth = (peak - baseline) / (1024.0 * 1024.0);
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{count:N0} ledger lines bulk-inserted in {insert.Elapsed.TotalMilliseconds:N0} ms, streamed as CSV " +
            $"({characters / 1048576.0:N1} M characters) in " +
            $"{(clock.Elapsed - sampling.Elapsed).TotalMilliseconds:N0} ms (first byte after {firstByte.TotalMilliseconds:N0} ms, " +
            $"not counting {sampling.Elapsed.TotalMilliseconds:N0} ms of sampling); " +
            $"live managed heap {baseline / 1048576.0:N1} MB before, at most {peak / 1048576.0:N1} MB while streaming ({growth:+0.0;-0.0} MB)");
        // Live objects only (a full collection before each sample), so garbage does not count: the whole file held as a
        // string would be twice its characters in bytes (some 35 MB), the rows held as objects more.
        growth.ShouldBeLessThan(50);

        var view = (await app.Client(Tenant37.Number, "analyst").Get($"/api/v1/analytics/costs?{period}")).Json;
        view.GetProperty("total").GetDecimal().ShouldBe(sum);
    }

    /// <summary>Lines one second apart, newest inserted first, so that the file's order is the query's doing.</summary>
    private async Task InsertLedgerLines(int count, DateTimeOffset start)
    {
        var campaign = Guid.NewGuid();
        var lines = Enumerable.Range(0, count).Select(i => new CostRecord
        {
            Id = Guid.NewGuid(), At = start.AddSeconds(count - i), CampaignId = campaign, ProspectId = Guid.NewGuid(), Provider = "bulk",
            Operation = "email-finder", Units = 1, UnitPrice = 0.02m, Cost = 0.02m, Billable = true, Outcome = "found",
        }).ToList();
        await app.Store.BulkInsertAsync(Tenant37.Name, lines, Weasel.Core.BulkInsertMode.InsertsOnly, 1000, TestContext.Current.CancellationToken);
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MeasuredAlone
{
    public const string Name = "measured alone";
}
