using Alba;
using Marten;
using Npgsql;

[assembly: AssemblyFixture(typeof(LeadGen.Api.Tests.AppFixture))]

namespace LeadGen.Api.Tests;

/// <summary>One real host for the suite: the API over HTTP (Alba), Marten and Wolverine on a fresh PostgreSQL database
/// made for this run. Tests keep out of each other's way by tenant and by the ids they create.</summary>
public sealed class AppFixture : IAsyncLifetime
{
    public const int Tenants = 41;

    /// <summary>The tenant whose retention period is 0 days: its prospects are due as soon as a retention check runs.</summary>
    public const int RetentionTenant = 32;

    public IAlbaHost Host { get; private set; } = null!;
    public string ConnectionString { get; private set; } = null!;
    private string _database = null!;

    public const string JwtIssuer = "https://id.test.leadgen";
    public const string JwtAudience = "leadgen-api";
    public const string JwtSigningKey = "test-signing-key-of-at-least-32-bytes!!";

    public static string KeyOf(int tenant, string role = "prospector") => $"test-key-{tenant}-{role}";
    public static string TenantName(int tenant) => $"tenant-{tenant}";

    public async ValueTask InitializeAsync()
    {
        (ConnectionString, _database) = await TestDatabase.Create("api");
        Environment.SetEnvironmentVariable("ConnectionStrings__Postgres", ConnectionString);
        var n = 0;
        foreach (var role in new[] { "prospector", "admin", "analyst", "compliance" })
        {
            for (var t = 0; t < Tenants; t++, n++)
            {
                Environment.SetEnvironmentVariable($"Auth__ApiKeys__{n}__Key", KeyOf(t, role));
                Environment.SetEnvironmentVariable($"Auth__ApiKeys__{n}__Tenant", TenantName(t));
                Environment.SetEnvironmentVariable($"Auth__ApiKeys__{n}__Roles__0", role);
            }
        }
        Environment.SetEnvironmentVariable($"Compliance__Tenants__{TenantName(RetentionTenant)}__RetentionDays", "0");
        Environment.SetEnvironmentVariable("Auth__Jwt__Issuer", JwtIssuer);
        Environment.SetEnvironmentVariable("Auth__Jwt__Audience", JwtAudience);
        Environment.SetEnvironmentVariable("Auth__Jwt__SigningKey", JwtSigningKey);
        Host = await AlbaHost.For<Program>();
    }

    public IDocumentStore Store => Host.Services.GetRequiredService<IDocumentStore>();

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        await TestDatabase.Drop(_database);
    }
}

public static class TestDatabase
{
    /// <summary>The server the test command started (or ConnectionStrings__Postgres), with a new database on it.</summary>
    public static async Task<(string ConnectionString, string Database)> Create(string purpose)
    {
        var server = new NpgsqlConnectionStringBuilder(Server) { Pooling = false };
        var database = $"leadgen_test_{purpose}_{Guid.NewGuid():N}"[..40];
        await using (var connection = new NpgsqlConnection(server.ConnectionString))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"create database {database}", connection);
            await create.ExecuteNonQueryAsync();
        }
        var target = new NpgsqlConnectionStringBuilder(Server) { Database = database };
        return (target.ConnectionString, database);
    }

    public static async Task Drop(string database)
    {
        NpgsqlConnection.ClearAllPools();
        var server = new NpgsqlConnectionStringBuilder(Server) { Pooling = false };
        await using var connection = new NpgsqlConnection(server.ConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"drop database if exists {database} with (force)", connection);
        await drop.ExecuteNonQueryAsync();
    }

    private static string Server
    {
        get
        {
            var configured = Environment.GetEnvironmentVariable("LEADGEN_TEST_SERVER")
                             ?? Environment.GetEnvironmentVariable("ConnectionStrings__Postgres")
                             ?? throw new InvalidOperationException("Run the tests with ./leadgen test, which provides PostgreSQL.");
            Environment.SetEnvironmentVariable("LEADGEN_TEST_SERVER", configured);
            return new NpgsqlConnectionStringBuilder(configured) { Database = "postgres" }.ConnectionString;
        }
    }
}
