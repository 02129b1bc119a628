using System.Diagnostics;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LeadGen.Benchmarks;

/// <summary>
/// The API's read latency while a campaign runs: the built API as its own process on a loopback port (Kestrel, as in
/// production), a campaign started on it, and an open-loop load of <c>rate</c> requests per second for
/// <c>seconds</c> — half campaign status, half prospect pages — at most 512 in flight (requests beyond are counted as
/// dropped, not queued, so a slow server cannot hide behind a slow client). Ends with one JSON line.
/// </summary>
public static class ApiLoadBenchmark
{
    private const string Key = "load-key";

    public static async Task<int> Run(int rate, int seconds, int warmupSeconds, int prospects, CancellationToken ct)
    {
        var server = Environment.GetEnvironmentVariable("ConnectionStrings__Postgres")
                     ?? "Host=127.0.0.1;Port=55432;Username=postgres;Database=postgres";
        var database = $"leadgen_load_{Guid.NewGuid():N}"[..28];
        var connectionString = await CampaignBenchmark.CreateDatabase(server, database, ct);
        var port = FreePort();
        using var host = await StartHost(connectionString, port, ct);
        try
        {
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 512 })
            {
                BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30),
            };
            http.DefaultRequestHeaders.Add("X-Api-Key", Key);
            var icp = await Post(http, "/api/v1/icps", CampaignBenchmark.BroadIcp, ct);
            var campaign = await Post(http, "/api/v1/prospecting/campaigns",
                new { icpId = icp.GetProperty("id").GetGuid(), platforms = new[] { "sample" }, maxProspects = prospects, minMatchScore = 0.75 }, ct);
            var id = campaign.GetProperty("id").GetGuid();
            await Task.Delay(TimeSpan.FromSeconds(5), ct); // the first pages are in, so prospect pages have rows
            Console.WriteLine($"load: {rate}/s, {warmupSeconds} s unrecorded then {seconds} s recorded, on campaign {id} ({prospects} prospects)");

            // A freshly started API and client spend their first seconds compiling code and opening connections (p95
            // 1.3–2.7 s in the first 5 s, 7–18 ms after, measured with no campaign): the same load runs unrecorded first,
            // so the figures describe the API while a campaign runs, not its start-up.
            if (warmupSeconds > 0) await Drive(http, id, rate, warmupSeconds, ct);
            var (apiCpuAtStart, postgresCpuAtStart) = (CpuSeconds(host), CampaignBenchmark.LocalPostgresCpuSeconds());
            var (answers, errors, dropped, elapsed) = await Drive(http, id, rate, seconds, ct);
            var apiCpu = CpuSeconds(host) - apiCpuAtStart;
            var postgresCpu = CampaignBenchmark.LocalPostgresCpuSeconds() - postgresCpuAtStart;
            foreach (var window in answers.GroupBy(a => (int)(a.At / WindowSeconds)).OrderBy(w => w.Key))
            {
                var ms = window.Select(a => a.Ms).Order().ToList();
                Console.WriteLine($"  {window.Key * WindowSeconds,3}–{(window.Key + 1) * WindowSeconds,3} s: {ms.Count,5} answered, " +
                                  $"p50 {Percentile(ms, 0.50),6:F1} ms, p95 {Percentile(ms, 0.95),6:F1} ms, max {ms[^1],6:F1} ms");
            }
            var status = answers.Where(a => a.IsStatus).Select(a => a.Ms).Order().ToList();
            var pages = answers.Where(a => !a.IsStatus).Select(a => a.Ms).Order().ToList();
            var progress = await http.GetFromJsonAsync<JsonElement>($"/api/v1/prospecting/campaigns/{id}", ct);

            var figures = new JsonObject
            {
                ["rate"] = rate,
                ["warmupSeconds"] = warmupSeconds,
                ["seconds"] = Math.Round(elapsed, 1),
                ["requests"] = status.Count + pages.Count,
                ["achievedRate"] = Math.Round((status.Count + pages.Count) / elapsed, 1),
                ["statusP50Ms"] = Math.Round(Percentile(status, 0.50), 2),
                ["statusP95Ms"] = Math.Round(Percentile(status, 0.95), 2),
                ["statusP99Ms"] = Math.Round(Percentile(status, 0.99), 2),
                ["prospectPageP50Ms"] = Math.Round(Percentile(pages, 0.50), 2),
                ["prospectPageP95Ms"] = Math.Round(Percentile(pages, 0.95), 2),
                ["prospectPageP99Ms"] = Math.Round(Percentile(pages, 0.99), 2),
                // With no campaign running, what one request costs the API process and PostgreSQL; with one, the
                // campaign's share is in it too.
                ["apiCpuMsPerRequest"] = Math.Round(apiCpu * 1000 / Math.Max(1, status.Count + pages.Count), 3),
                ["postgresCpuMsPerRequest"] = postgresCpu is { } pg ? Math.Round(pg * 1000 / Math.Max(1, status.Count + pages.Count), 3) : null,
                ["errors"] = errors,
                ["dropped"] = dropped,
                ["campaignStatusAtEnd"] = progress.GetProperty("status").GetString(),
                ["campaignScoredAtEnd"] = progress.GetProperty("scored").GetInt32(),
            };
            Console.WriteLine(figures.ToJsonString());
            return 0;
        }
        finally
        {
            host.Kill(entireProcessTree: true);
            await host.WaitForExitAsync(CancellationToken.None);
            await CampaignBenchmark.DropDatabase(server, database);
        }
    }

    private const int WindowSeconds = 10;

    private sealed record Answer(double At, double Ms, bool IsStatus);

    /// <summary>Open-loop load: request i is sent at i / rate seconds whatever happened to the earlier ones, half
    /// campaign status and half prospect pages; beyond 512 in flight a request is dropped and counted.</summary>
    private static async Task<(List<Answer> Answers, int Errors, int Dropped, double Seconds)> Drive(
        HttpClient http, Guid campaign, int rate, int seconds, CancellationToken ct)
    {
        var answers = new List<Answer>();
        var errors = 0;
        var dropped = 0;
        var inFlight = 0;
        var tasks = new List<Task>();
        var clock = Stopwatch.StartNew();
        var total = rate * seconds;
        for (var i = 0; i < total; i++)
        {
            var due = TimeSpan.FromSeconds((double)i / rate);
            var wait = due - clock.Elapsed;
            if (wait > TimeSpan.Zero) await Task.Delay(wait, ct);
            if (Interlocked.Increment(ref inFlight) > 512)
            {
                Interlocked.Decrement(ref inFlight);
                dropped++;
                continue;
            }
            var isStatus = i % 2 == 0;
            var url = isStatus ? $"/api/v1/prospecting/campaigns/{campaign}" : $"/api/v1/prospecting/campaigns/{campaign}/prospects?limit=50";
            tasks.Add(Task.Run(async () =>
            {
                var started = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await http.GetAsync(url, ct);
                    await response.Content.ReadAsByteArrayAsync(ct);
                    if (!response.IsSuccessStatusCode) Interlocked.Increment(ref errors);
                    var answer = new Answer(due.TotalSeconds, Stopwatch.GetElapsedTime(started).TotalMilliseconds, isStatus);
                    lock (answers) answers.Add(answer);
                }
                catch (HttpRequestException)
                {
                    Interlocked.Increment(ref errors);
                }
                finally
                {
                    Interlocked.Decrement(ref inFlight);
                }
            }, ct));
        }
        await Task.WhenAll(tasks);
        return (answers, errors, dropped, clock.Elapsed.TotalSeconds);
    }

    private static async Task<JsonElement> Post(HttpClient http, string url, object body, CancellationToken ct)
    {
        using var response = await http.PostAsJsonAsync(url, body, ct);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{url} answered {(int)response.StatusCode}: {json}");
        return json;
    }

    private static async Task<Process> StartHost(string connectionString, int port, CancellationToken ct)
    {
        var dll = Path.Combine(CampaignBenchmark.RepositoryRoot(), "src", "Api", "bin", "Release", "net10.0", "LeadGen.Api.dll");
        if (!File.Exists(dll)) throw new InvalidOperationException($"Build the API in Release first: {dll}");
        var start = new ProcessStartInfo("dotnet", [dll])
        {
            UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        start.Environment["ConnectionStrings__Postgres"] = connectionString;
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Auth__ApiKeys__0__Key"] = Key;
        start.Environment["Auth__ApiKeys__0__Tenant"] = "load";
        start.Environment["Auth__ApiKeys__0__Roles__0"] = "admin";
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var probe = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited) throw new InvalidOperationException($"The API exited with {process.ExitCode} while starting.");
            try
            {
                if ((await probe.GetAsync("/health/ready", ct)).IsSuccessStatusCode) return process;
            }
            catch (HttpRequestException) { }
            await Task.Delay(250, ct);
        }
        process.Kill(entireProcessTree: true);
        throw new TimeoutException("The API did not become ready.");
    }

    private static double CpuSeconds(Process process)
    {
        process.Refresh();
        return process.TotalProcessorTime.TotalSeconds;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
}
