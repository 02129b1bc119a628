using System.Diagnostics;
using System.Text;

namespace LeadGen.Api.Tests;

/// <summary>Issue 8: the web dashboard end to end in Debian's headless Chromium (tests/dashboard-e2e, Playwright) against
/// the built API as a real process on a database of its own: sign in, create an ICP, run a campaign while its progress
/// updates, convert a prospect, see the cost chart, erase a subject, the main pages at phone width, and an analyst's
/// read-only views signed in with a JWT. The screenshots stay in TestResults/dashboard/.</summary>
[Collection(WholeProcesses.Name)]
public class DashboardEndToEndTests
{
    private const string Key = "dashboard-e2e-key";
    private const string Tenant = "dashboard";
    private const string Chromium = "/usr/bin/chromium";
    private const string JwtIssuer = "dashboard-e2e-idp";
    private const string JwtAudience = "leadgen";
    private const string JwtSigningKey = "dashboard-e2e-signing-key-of-32-bytes-or-more";

    [Fact]
    public async Task The_dashboard_runs_a_campaign_converts_shows_costs_and_erases_a_subject_in_headless_Chromium()
    {
        var ct = TestContext.Current.CancellationToken;
        var root = HostProcess.RepositoryRoot();
        File.Exists(Path.Combine(root, "src", "Api", "wwwroot", "index.html"))
            .ShouldBeTrue("the dashboard must be built before the API (./leadgen test does both)");
        File.Exists(Chromium).ShouldBeTrue($"{Chromium} is missing: ./leadgen test installs Debian's chromium package");
        var e2e = Path.Combine(root, "tests", "dashboard-e2e");
        var screenshots = Path.Combine(root, "TestResults", "dashboard");
        if (Directory.Exists(screenshots)) Directory.Delete(screenshots, recursive: true); // only this run's pictures
        await InstallPackages(e2e, ct);

        var (connectionString, database) = await TestDatabase.Create("dashboard");
        var port = HostProcess.FreePort();
        // One key with the three roles the dashboard serves (prospector, analyst, compliance officer), and JWTs, with
        // which the script signs in an analyst who must see read-only views.
        var host = await HostProcess.Start(connectionString, port, new Dictionary<string, string>
        {
            ["Auth__Jwt__Issuer"] = JwtIssuer,
            ["Auth__Jwt__Audience"] = JwtAudience,
            ["Auth__Jwt__SigningKey"] = JwtSigningKey,
            ["Auth__ApiKeys__1__Key"] = Key,
            ["Auth__ApiKeys__1__Tenant"] = Tenant,
            ["Auth__ApiKeys__1__Name"] = "dashboard-e2e",
            ["Auth__ApiKeys__1__Roles__0"] = "prospector",
            ["Auth__ApiKeys__1__Roles__1"] = "analyst",
            ["Auth__ApiKeys__1__Roles__2"] = "compliance",
        });
        try
        {
            var clock = Stopwatch.StartNew();
            var (exitCode, output) = await Run("node", ["dashboard.e2e.mjs"], e2e, TimeSpan.FromMinutes(4), ct, new Dictionary<string, string>
            {
                ["LEADGEN_BASE_URL"] = $"http://127.0.0.1:{port}",
                ["LEADGEN_API_KEY"] = Key,
                ["LEADGEN_JWT_SIGNING_KEY"] = JwtSigningKey,
                ["LEADGEN_JWT_ISSUER"] = JwtIssuer,
                ["LEADGEN_JWT_AUDIENCE"] = JwtAudience,
                ["LEADGEN_JWT_TENANT"] = Tenant,
                ["LEADGEN_SCREENSHOTS"] = screenshots,
                ["CHROMIUM_PATH"] = Chromium,
            });
            TestContext.Current.TestOutputHelper?.WriteLine($"{output}\n(the browser test took {clock.Elapsed.TotalSeconds:F0} s)");
            exitCode.ShouldBe(0, $"the dashboard's end-to-end test failed:\n{output}");
            Directory.GetFiles(screenshots, "*.png").Length.ShouldBeGreaterThanOrEqualTo(10);
        }
        finally
        {
            host.Kill(entireProcessTree: true);
            await host.WaitForExitAsync(CancellationToken.None);
            await TestDatabase.Drop(database);
        }
    }

    /// <summary>npm ci when the installed packages are missing or older than the lock file (npm keeps its own copy of the
    /// lock it installed in node_modules).</summary>
    private static async Task InstallPackages(string folder, CancellationToken ct)
    {
        var installed = new FileInfo(Path.Combine(folder, "node_modules", ".package-lock.json"));
        if (installed.Exists && installed.LastWriteTimeUtc >= File.GetLastWriteTimeUtc(Path.Combine(folder, "package-lock.json"))) return;
        var (exitCode, output) = await Run("npm", ["ci", "--no-audit", "--no-fund"], folder, TimeSpan.FromMinutes(5), ct);
        exitCode.ShouldBe(0, $"npm ci failed in {folder}:\n{output}");
    }

    private static async Task<(int ExitCode, string Output)> Run(string file, string[] args, string folder, TimeSpan timeout, CancellationToken ct,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(file, args)
        {
            WorkingDirectory = folder, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;
        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        // Both streams into one text, in the order they come, as a terminal would show them.
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            lock (output) output.AppendLine($"[killed: {file} ran longer than {timeout}]");
            return (-1, output.ToString());
        }
        process.WaitForExit(); // the last lines of output are delivered after the exit
        lock (output) return (process.ExitCode, output.ToString());
    }
}
