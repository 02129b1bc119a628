using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace LeadGen.Api.Tests;

/// <summary>The API as a real child process on a loopback port (built beside the tests), for tests that kill it, run
/// two of it, or take its database away.</summary>
public static class HostProcess
{
    public const string Tenant = "durable";
    public const string Key = "durability-test-key";

    /// <summary>Starts the host with the <see cref="Key"/> (prospector of <see cref="Tenant"/>); <paramref name="environment"/>
    /// adds settings or overrides these, e.g. more keys or roles.</summary>
    public static async Task<Process> Start(string connectionString, int port, IReadOnlyDictionary<string, string>? environment = null)
    {
        var dll = Path.Combine(RepositoryRoot(), "src", "Api", "bin", BuildConfiguration(), "net10.0", "LeadGen.Api.dll");
        File.Exists(dll).ShouldBeTrue($"the API must be built first: {dll}");
        var start = new ProcessStartInfo("dotnet", [dll])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        start.Environment["ConnectionStrings__Postgres"] = connectionString;
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Auth__ApiKeys__0__Key"] = Key;
        start.Environment["Auth__ApiKeys__0__Tenant"] = Tenant;
        start.Environment["Auth__ApiKeys__0__Roles__0"] = "prospector";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited) throw new InvalidOperationException($"The host exited with {process.ExitCode} while starting.");
            try
            {
                if ((await http.GetAsync("/health/ready")).IsSuccessStatusCode) return process;
            }
            catch (HttpRequestException) { }
            await Task.Delay(200);
        }
        process.Kill(entireProcessTree: true);
        throw new TimeoutException("The host did not become ready.");
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string BuildConfiguration() =>
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";

    public static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "LeadGen.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("LeadGen.sln not found above the test binaries.");
    }
}

/// <summary>Tests that run whole API processes through long campaigns: run alone, after the parallel tests, so neither
/// they nor the timing-sensitive tests compete for the CPU.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class WholeProcesses
{
    public const string Name = "whole processes";
}
