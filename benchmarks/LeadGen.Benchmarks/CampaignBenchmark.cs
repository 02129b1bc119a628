using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Alba;
using JasperFx.Events;
using LeadGen.Application.Scoring;
using LeadGen.Domain.Prospects;
using LeadGen.Infrastructure.Embeddings;
using LeadGen.Infrastructure.Messaging;
using LeadGen.Infrastructure.SamplePlatform;
using Marten;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace LeadGen.Benchmarks;

/// <summary>
/// One campaign end to end on the embedded defaults with durability on, on a database of its own, then in the same run
/// the two baselines it is judged against: (a) appending the same events to Marten with no pipeline, (b) the local
/// embedder alone on the same profile texts. The last line of output is one JSON object with the figures.
/// </summary>
public static class CampaignBenchmark
{
    private const string Key = "bench-key";
    private const string Tenant = "bench";

    public static async Task<int> Run(int prospects, int hosts, CancellationToken ct)
    {
        var server = Environment.GetEnvironmentVariable("ConnectionStrings__Postgres") ?? await ProvidePostgres(ct);
        var database = $"leadgen_bench_{Guid.NewGuid():N}"[..30];
        var connectionString = await CreateDatabase(server, database, ct);
        try
        {
            return await Measure(connectionString, prospects, hosts, ct);
        }
        finally
        {
            await DropDatabase(server, database);
        }
    }

    private static async Task<int> Measure(string connectionString, int prospects, int hostCount, CancellationToken ct)
    {
        var waitsByMessage = new List<(string Message, double Ms)>();
        var textsByOrigin = new Dictionary<string, long>();
        using var listener = Listen(waitsByMessage, textsByOrigin);

        ResetPeakRss();
        var hosts = new List<IAlbaHost>();
        for (var i = 0; i < hostCount; i++) hosts.Add(await StartHost(connectionString, SamplePeopleFor(prospects)));
        Console.WriteLine($"host(s) started: rss {CurrentRssMb():0} MB ({ManagedMemory()})");
        var client = hosts[0].Server.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", Key);

        var icp = await Post(client, "/api/v1/icps", BroadIcp, ct);
        var (processCpuAtStart, postgresCpuAtStart) = (ProcessCpuSeconds(), LocalPostgresCpuSeconds());
        var clock = Stopwatch.StartNew();
        var campaign = await Post(client, "/api/v1/prospecting/campaigns",
            new { icpId = icp.GetProperty("id").GetGuid(), platforms = new[] { "sample" }, maxProspects = prospects, minMatchScore = 0.75 }, ct);
        var id = campaign.GetProperty("id").GetGuid();
        Console.WriteLine($"campaign {id}: {prospects} prospects, {hostCount} host(s)");
        JsonElement status;
        var lastPrint = TimeSpan.Zero;
        while (true)
        {
            status = await client.GetFromJsonAsync<JsonElement>($"/api/v1/prospecting/campaigns/{id}", ct);
            if (status.GetProperty("status").GetString() != "running") break;
            if (clock.Elapsed - lastPrint > TimeSpan.FromSeconds(10))
            {
                lastPrint = clock.Elapsed;
                Console.WriteLine($"  {clock.Elapsed.TotalSeconds,6:0} s  discovered {status.GetProperty("discovered")}  scored {status.GetProperty("scored")}" +
                                  $"  enriched {status.GetProperty("enriched")}  qualified {status.GetProperty("qualified")}  rss {CurrentRssMb():0} MB" +
                                  $" ({ManagedMemory()})");
            }
            await Task.Delay(200, ct);
        }
        var wall = clock.Elapsed.TotalSeconds;
        var processCpu = ProcessCpuSeconds() - processCpuAtStart;
        var postgresCpu = LocalPostgresCpuSeconds() - postgresCpuAtStart;
        var peakRss = PeakRssMb();
        Console.WriteLine($"  settled '{status.GetProperty("status").GetString()}' after {wall:0.0} s; peak RSS {peakRss:0} MB");
        // The CPU the campaign took, on every core: its sum over the cores is the least wall time it could have had.
        var cpuFloor = (processCpu + (postgresCpu ?? 0)) / Environment.ProcessorCount;
        Console.WriteLine($"  CPU: this process {processCpu:0.0} s, PostgreSQL {(postgresCpu is { } pg ? $"{pg:0.0} s" : "not local")}: " +
                          $"at least {cpuFloor:0.0} s of wall on {Environment.ProcessorCount} cores");

        var pages = await WalkProspectPages(client, id, ct);
        var pageMs = pages.Order().ToList();
        Console.WriteLine($"  prospect pages: {pages.Count} of {PageSize} walked in {pages.Sum() / 1000:0.0} s: p50 {Percentile(pageMs, 0.50):0.0} ms," +
                          $" p95 {Percentile(pageMs, 0.95):0.0} ms, first {pages[0]:0.0} ms, last {pages[^1]:0.0} ms");

        var store = hosts[0].Services.GetRequiredService<IDocumentStore>();
        var (events, profiles, duplicates, companiesBoughtAgain) = await Read(store, id, ct);
        foreach (var host in hosts) await host.DisposeAsync();

        Console.WriteLine($"  {events.Count} events in {events.Select(e => e.StreamId).Distinct().Count()} streams; duplicates {duplicates};" +
                          $" companies bought again {companiesBoughtAgain}");
        var appendSeconds = await AppendBaseline(connectionString, events, ct);
        Console.WriteLine($"  append baseline: {appendSeconds:0.0} s");
        var (embedSeconds, texts) = await EmbedBaseline(profiles, ct);
        Console.WriteLine($"  embed baseline: {embedSeconds:0.0} s for {texts} distinct texts ({profiles.Count / embedSeconds:0} profiles/s)");
        long Texts(string found)
        {
            lock (textsByOrigin) return textsByOrigin.GetValueOrDefault(found);
        }
        Console.WriteLine($"  the campaign's embedding requests: {Texts("embedded")} texts embedded, {Texts("in-flight")} waited for while" +
                          $" another request embedded them, {Texts("memory")} found in memory, {Texts("database")} in PostgreSQL");

        foreach (var group in waitsByMessage.GroupBy(w => w.Message).OrderByDescending(g => g.Count()))
        {
            var ms = group.Select(w => w.Ms).Order().ToList();
            Console.WriteLine($"  queue wait {group.Key.Split('.')[^1],-24} {ms.Count,6} messages  p50 {Percentile(ms, 0.50),6:0} ms  p99 {Percentile(ms, 0.99),6:0} ms");
        }
        var waits = waitsByMessage.Select(w => w.Ms).Order().ToList();
        var figures = new JsonObject
        {
            ["prospects"] = status.GetProperty("discovered").GetInt32(),
            ["hosts"] = hostCount,
            ["samplePeople"] = SamplePeopleFor(prospects),
            ["wallSeconds"] = Round(wall),
            ["appendBaselineSeconds"] = Round(appendSeconds),
            ["embedBaselineSeconds"] = Round(embedSeconds),
            ["embedBaselineTexts"] = texts,
            ["textsEmbedded"] = Texts("embedded"),
            ["wallOverBaselines"] = Round(wall / (appendSeconds + embedSeconds)),
            ["peakRssMb"] = Round(peakRss),
            ["processCpuSeconds"] = Round(processCpu),
            ["postgresCpuSeconds"] = postgresCpu is { } pgCpu ? Round(pgCpu) : null,
            ["cpuFloorSeconds"] = Round(cpuFloor),
            ["queueLatencyP50Ms"] = Round(Percentile(waits, 0.50)),
            ["queueLatencyP99Ms"] = Round(Percentile(waits, 0.99)),
            ["messages"] = waits.Count,
            ["prospectPages"] = pages.Count,
            ["prospectPageP95Ms"] = Round(Percentile(pageMs, 0.95)),
            ["lastProspectPageMs"] = Round(pages[^1]),
            ["events"] = events.Count,
            ["duplicates"] = duplicates,
            ["companiesBoughtAgain"] = companiesBoughtAgain,
            ["qualified"] = status.GetProperty("qualified").GetInt32(),
            ["cost"] = status.GetProperty("cost").GetDecimal(),
            ["status"] = status.GetProperty("status").GetString(),
        };
        Console.WriteLine(figures.ToJsonString());
        return 0;
    }

    private const int PageSize = 50;

    /// <summary>Every page of the campaign's prospects, best first, as a user paging to the end would read them: how long
    /// each took (ms), in page order. A page further down must cost no more than the first.</summary>
    private static async Task<List<double>> WalkProspectPages(HttpClient client, Guid campaign, CancellationToken ct)
    {
        var took = new List<double>();
        string? cursor = null;
        do
        {
            var started = Stopwatch.GetTimestamp();
            var page = await client.GetFromJsonAsync<JsonElement>(
                $"/api/v1/prospecting/campaigns/{campaign}/prospects?limit={PageSize}" + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}"), ct);
            took.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            cursor = page.GetProperty("nextCursor").GetString();
        } while (cursor is not null);
        return took;
    }

    /// <summary>Wide enough that the sample platform has well over 10,000 people to give.</summary>
    internal static readonly object BroadIcp = new
    {
        name = "Technology and business professionals",
        persona = "Professionals who build, run or buy software, data and cloud products",
        criteria = new
        {
            titles = new[]
            {
                "Engineer", "Developer", "Manager", "Director", "Analyst", "Architect", "Consultant", "Scientist", "Designer",
                "Specialist", "Administrator", "Officer", "Lead", "Head", "President", "Accountant", "Representative", "Coordinator",
            },
        },
    };

    /// <summary>The broad ICP matches 56 % of the sample population: the default 50,000 people give 28,000 prospects,
    /// so a larger campaign gets a larger population (whose first 50,000 people are the default ones).</summary>
    internal static int SamplePeopleFor(int prospects) => Math.Max(SamplePopulation.DefaultSize, prospects * 2);

    private static async Task<IAlbaHost> StartHost(string connectionString, int samplePeople)
    {
        // The in-process host finds its content root (appsettings) from this variable outside a test project.
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_LEADGEN_API", Path.Combine(RepositoryRoot(), "src", "Api"));
        return await AlbaHost.For<Program>(builder =>
        {
            builder.UseSetting("ConnectionStrings:Postgres", connectionString);
            builder.UseSetting("Auth:ApiKeys:0:Key", Key);
            builder.UseSetting("Auth:ApiKeys:0:Tenant", Tenant);
            builder.UseSetting("Auth:ApiKeys:0:Roles:0", "admin");
            builder.UseSetting("Logging:LogLevel:Default", "Warning");
            builder.UseSetting("Providers:Sample:People", samplePeople.ToString(CultureInfo.InvariantCulture));
        });
    }

    private static async Task<JsonElement> Post(HttpClient client, string url, object body, CancellationToken ct)
    {
        using var response = await client.PostAsJsonAsync(url, body, ct);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{url} answered {(int)response.StatusCode}: {json}");
        return json;
    }

    /// <summary>Every event of the run (the database holds only this campaign), the profiles scored, how many people
    /// were discovered or charged more than once for the same thing, and how many company lookups were paid for a
    /// company already paid for (the pipeline promises none of either: ADR 4, ADR 17).</summary>
    private static async Task<(List<IEvent> Events, List<ProspectProfile> Profiles, int Duplicates, int CompaniesBoughtAgain)> Read(
        IDocumentStore store, Guid campaign, CancellationToken ct)
    {
        await using var session = store.QuerySession(Tenant);
        var events = (await session.Events.QueryAllRawEvents().ToListAsync(ct)).ToList();
        var discovered = events.Select(e => e.Data).OfType<ProspectDiscovered>().Where(d => d.CampaignId == campaign).ToList();
        var duplicates = discovered.Count - discovered.Select(d => d.ProspectId).Distinct().Count();
        var charges = events.Select(e => e.Data).OfType<ProviderCallCharged>().ToList();
        duplicates += charges.Count - charges.Select(c => (c.ProspectId, c.Provider, c.Operation)).Distinct().Count();
        var companyOf = discovered.DistinctBy(d => d.ProspectId).ToDictionary(d => d.ProspectId, d => d.Profile.CompanyDomain ?? d.Profile.Company);
        var companiesBoughtAgain = charges.Where(c => c is { Operation: "company-lookup", Billable: true })
            .GroupBy(c => companyOf[c.ProspectId]).Sum(g => g.Count() - 1);
        return (events, discovered.Select(d => d.Profile).ToList(), duplicates, companiesBoughtAgain);
    }

    /// <summary>The same events appended to fresh streams of another tenant, one stream per session as the pipeline
    /// commits one prospect per transaction, eight sessions at a time as the enrichment queue runs.</summary>
    private static async Task<double> AppendBaseline(string connectionString, List<IEvent> events, CancellationToken ct)
    {
        using var store = DocumentStore.For(opts =>
        {
            opts.Connection(connectionString);
            opts.DatabaseSchemaName = "bench_append";
            opts.Events.TenancyStyle = JasperFx.MultiTenancy.TenancyStyle.Conjoined;
            opts.Events.StreamIdentity = StreamIdentity.AsGuid;
            opts.Events.AppendMode = EventAppendMode.Rich;
            opts.UseSystemTextJsonForSerialization();
        });
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        var streams = events.GroupBy(e => e.StreamId).Select(g => g.Select(e => e.Data).ToArray()).ToList();
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(streams, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct }, async (stream, token) =>
        {
            await using var session = store.LightweightSession("baseline");
            session.Events.StartStream(Guid.NewGuid(), stream);
            await session.SaveChangesAsync(token);
        });
        return clock.Elapsed.TotalSeconds;
    }

    /// <summary>The local embedder alone, uncached, on the texts scoring embeds for these profiles (each distinct text
    /// once, as the pipeline's cache also sees to), in batches the size of a scoring message.</summary>
    private static async Task<(double Seconds, int Texts)> EmbedBaseline(List<ProspectProfile> profiles, CancellationToken ct)
    {
        var texts = profiles.SelectMany(p => new[] { IcpMatcher.ProfileText(p), IcpMatcher.TitleText(p.Title) }).Distinct().ToList();
        using var embedder = new LocalMiniLmEmbeddingGenerator();
        await embedder.GenerateAsync(["warm-up"], cancellationToken: ct);
        var clock = Stopwatch.StartNew();
        foreach (var batch in texts.Chunk(200)) await embedder.GenerateAsync(batch, cancellationToken: ct);
        return (clock.Elapsed.TotalSeconds, texts.Count);
    }

    /// <summary>Listens to the queue waits and to the embedding cache's count of texts by where each vector came from.</summary>
    private static MeterListener Listen(List<(string Message, double Ms)> waits, Dictionary<string, long> textsByOrigin)
    {
        var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == LeadGenMeter.Name && instrument.Name is QueueWaitMiddleware.InstrumentName or CachedEmbeddingGenerator.InstrumentName)
                l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<double>((_, value, tags, _) =>
        {
            var message = "";
            foreach (var tag in tags)
                if (tag.Key == "message") message = tag.Value as string ?? "";
            lock (waits) waits.Add((message, value));
        });
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            var found = "";
            foreach (var tag in tags)
                if (tag.Key == "found") found = tag.Value as string ?? "";
            lock (textsByOrigin) textsByOrigin[found] = textsByOrigin.GetValueOrDefault(found) + value;
        });
        listener.Start();
        return listener;
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    private static double Round(double value) => Math.Round(value, 2);

    // Linux: VmHWM is the process's peak resident set; writing 5 to clear_refs resets it, so the O*NET-free start-up
    // of the harness is not what is measured.
    private static void ResetPeakRss()
    {
        try { File.WriteAllText("/proc/self/clear_refs", "5"); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private static double PeakRssMb() => ProcStatusKb("VmHWM:") / 1024.0;

    /// <summary>What the GC holds, to tell managed from native memory in the RSS.</summary>
    private static string ManagedMemory()
    {
        var info = GC.GetGCMemoryInfo();
        return $"managed heap {info.HeapSizeBytes / 1048576.0:0} MB, committed {info.TotalCommittedBytes / 1048576.0:0} MB";
    }

    private static double CurrentRssMb() => ProcStatusKb("VmRSS:") / 1024.0;

    private static double ProcessCpuSeconds() => Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;

    /// <summary>Linux, a PostgreSQL on this machine: the CPU its processes have used, the live ones' own and, through the
    /// postmaster's children totals, that of backends already gone (a connection that closed). Null when there is none.</summary>
    internal static double? LocalPostgresCpuSeconds()
    {
        if (!OperatingSystem.IsLinux()) return null;
        long ticks = 0;
        var found = false;
        foreach (var dir in Directory.EnumerateDirectories("/proc").Where(d => Path.GetFileName(d).All(char.IsAsciiDigit)))
        {
            try
            {
                if (File.ReadAllText(Path.Combine(dir, "comm")).Trim() != "postgres") continue;
                // Fields after the command's closing parenthesis: state is the 3rd of stat, utime the 14th, cutime the 16th.
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                long Field(int number) => long.Parse(fields[number - 3], CultureInfo.InvariantCulture);
                var isPostmaster = File.ReadAllText($"/proc/{Field(4)}/comm").Trim() != "postgres";
                ticks += Field(14) + Field(15) + (isPostmaster ? Field(16) + Field(17) : 0);
                found = true;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
            {
                // The process ended while it was read.
            }
        }
        return found ? ticks / 100.0 : null; // /proc counts in USER_HZ, 100 a second on Linux
    }

    private static long ProcStatusKb(string field) =>
        File.ReadLines("/proc/self/status").Where(l => l.StartsWith(field, StringComparison.Ordinal))
            .Select(l => long.Parse(l[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture)).FirstOrDefault();

    /// <summary>The README's way: ./leadgen db starts (or finds) the project's PostgreSQL.</summary>
    private static async Task<string> ProvidePostgres(CancellationToken ct)
    {
        var root = RepositoryRoot();
        using var process = Process.Start(new ProcessStartInfo("bash", [Path.Combine(root, "leadgen"), "db"]) { WorkingDirectory = root })!;
        await process.WaitForExitAsync(ct);
        if (process.ExitCode != 0) throw new InvalidOperationException("./leadgen db failed.");
        return "Host=127.0.0.1;Port=55432;Username=postgres;Database=postgres";
    }

    internal static string RepositoryRoot()
    {
        var root = AppContext.BaseDirectory;
        while (root is not null && !File.Exists(Path.Combine(root, "leadgen"))) root = Path.GetDirectoryName(root);
        return root ?? throw new InvalidOperationException("Run the benchmark from the repository (it hosts src/Api).");
    }

    internal static async Task<string> CreateDatabase(string server, string database, CancellationToken ct)
    {
        var admin = new NpgsqlConnectionStringBuilder(server) { Database = "postgres", Pooling = false };
        await using (var connection = new NpgsqlConnection(admin.ConnectionString))
        {
            await connection.OpenAsync(ct);
            await using var create = new NpgsqlCommand($"create database {database}", connection);
            await create.ExecuteNonQueryAsync(ct);
        }
        return new NpgsqlConnectionStringBuilder(server) { Database = database }.ConnectionString;
    }

    internal static async Task DropDatabase(string server, string database)
    {
        NpgsqlConnection.ClearAllPools();
        var admin = new NpgsqlConnectionStringBuilder(server) { Database = "postgres", Pooling = false };
        await using var connection = new NpgsqlConnection(admin.ConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"drop database if exists {database} with (force)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
