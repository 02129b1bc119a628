using Npgsql;

namespace LeadGen.Infrastructure.Tests.VectorIndex;

/// <summary>A fresh PostgreSQL database for one test class, on the server the test command provides
/// (ConnectionStrings__Postgres; by hand: Host=127.0.0.1;Port=55432;Database=leadgen;Username=postgres after
/// <c>./leadgen db</c>), dropped afterwards.</summary>
public sealed class VectorIndexDatabase : IAsyncLifetime
{
    private readonly string name = $"leadgen_test_vectors_{Guid.NewGuid():N}"[..40];

    public NpgsqlDataSource DataSource { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        await ExecuteOnServerAsync($"create database {name}");
        DataSource = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(Server) { Database = name }.ConnectionString);
    }

    /// <summary>Another data source on the same database with its own pool: a second process, as far as the server
    /// can tell.</summary>
    public NpgsqlDataSource NewDataSource() =>
        NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(Server) { Database = name, ApplicationName = Guid.NewGuid().ToString("N") }.ConnectionString);

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        await ExecuteOnServerAsync($"drop database if exists {name} with (force)");
    }

    private static async Task ExecuteOnServerAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(Server) { Database = "postgres", Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static string Server =>
        Environment.GetEnvironmentVariable("LEADGEN_TEST_SERVER")
        ?? Environment.GetEnvironmentVariable("ConnectionStrings__Postgres")
        ?? throw new InvalidOperationException("Run the tests with ./leadgen test, which provides PostgreSQL (or set ConnectionStrings__Postgres).");
}
