using System.Diagnostics;
using LeadGen.Domain.Icps;
using Npgsql;

namespace LeadGen.Api.Tests;

/// <summary>PostgreSQL goes away in the middle of a campaign (an immediate shutdown, as a crash or a failover looks to
/// its clients) and comes back: the host reconnects by itself and the campaign completes, every prospect once. On a
/// PostgreSQL server of the test's own, so the rest of the suite never notices.</summary>
[Collection(WholeProcesses.Name)]
public class PostgresRestartTests
{
    [Fact]
    public async Task The_host_reconnects_after_PostgreSQL_restarts_and_the_campaign_completes_exactly_once()
    {
        const int maxProspects = 600;
        var ct = TestContext.Current.CancellationToken;
        await using var postgres = await PrivatePostgres.Launch();
        var connectionString = await postgres.CreateDatabase("leadgen");
        var port = HostProcess.FreePort();
        var host = await HostProcess.Start(connectionString, port);
        try
        {
            var api = new ApiClient(new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") }, HostProcess.Key);
            var criteria = new { titles = new[] { "Data Engineer", "Data Architect", "Big Data Engineer" }, skills = new[] { "Apache Spark", "Python" } };
            const string persona = "Engineers who build data pipelines and warehouses.";
            var campaign = await api.StartCampaign(await api.CreateIcp(new { name = "Restart", persona, criteria }), maxProspects, 0.75);

            await DurabilityTests.WaitFor(api, campaign, c => c.GetProperty("scored").GetInt32() >= 150, ct);
            await postgres.Stop(immediate: true);
            await Task.Delay(TimeSpan.FromSeconds(5), ct);
            await postgres.Start(ct);

            var final = await api.WaitUntilSettled(campaign, timeoutSeconds: 600);
            final.GetProperty("status").GetString().ShouldBe("completed");
            host.HasExited.ShouldBeFalse("the host rode out the outage");
            var expected = await DurabilityTests.ExpectedProspects(new IcpCriteria(criteria.titles, [], [], [], [], criteria.skills), persona, maxProspects);
            await DurabilityTests.ShouldHaveProcessedExactlyOnce(connectionString, campaign, expected, final, ct);
        }
        finally
        {
            host.Kill(entireProcessTree: true);
        }
    }
}

/// <summary>A PostgreSQL cluster in a temporary folder on a free port, from the same Debian binaries the test command
/// installs; as root, it runs as the postgres user (initdb and the server refuse root), like ./leadgen does.</summary>
public sealed class PrivatePostgres : IAsyncDisposable
{
    private readonly string bin;
    private readonly string folder;

    private PrivatePostgres(string bin, string folder, int port)
    {
        this.bin = bin;
        this.folder = folder;
        Port = port;
    }

    public int Port { get; }

    private string Data => Path.Combine(folder, "data");

    public static async Task<PrivatePostgres> Launch()
    {
        var bin = Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin"))
            .Where(d => File.Exists(Path.Combine(d, "initdb")))
            .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0)
            .First();
        var folder = Path.Combine(Path.GetTempPath(), $"leadgen-pg-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        var postgres = new PrivatePostgres(bin, folder, HostProcess.FreePort());
        if (Environment.UserName == "root") await Run("chown", ["postgres:", folder]);
        await postgres.AsPostgres("initdb", ["-D", postgres.Data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C.UTF-8"]);
        await postgres.Start(CancellationToken.None);
        return postgres;
    }

    public Task Start(CancellationToken ct) => AsPostgres("pg_ctl",
        ["-D", Data, "-l", Path.Combine(folder, "server.log"), "-w", "-t", "60",
         "-o", $"-p {Port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={folder} -c max_connections=200", "start"]);

    public Task Stop(bool immediate) => AsPostgres("pg_ctl", ["-D", Data, "-m", immediate ? "immediate" : "fast", "-w", "stop"]);

    public async Task<string> CreateDatabase(string name)
    {
        var server = new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = Port, Username = "postgres", Database = "postgres", Pooling = false };
        await using (var connection = new NpgsqlConnection(server.ConnectionString))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"create database {name}", connection);
            await create.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = Port, Username = "postgres", Database = name }.ConnectionString;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Stop(immediate: true);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private Task AsPostgres(string tool, string[] args) =>
        Environment.UserName == "root"
            ? Run("runuser", ["-u", "postgres", "--", Path.Combine(bin, tool), .. args])
            : Run(Path.Combine(bin, tool), args);

    private static async Task Run(string file, string[] args)
    {
        var start = new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = "/" };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{Path.GetFileName(file)} {string.Join(' ', args)} failed ({process.ExitCode}): {await error}{await output}");
    }
}
