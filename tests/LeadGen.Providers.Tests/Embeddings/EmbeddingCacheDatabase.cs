using Npgsql;

namespace LeadGen.Providers.Tests.Embeddings;

/// <summary>A new, empty PostgreSQL database for one test class, dropped afterwards, on the server the test command
/// started (ConnectionStrings__Postgres; ./leadgen test sets it) or else the one <c>./leadgen db</c> serves.</summary>
public sealed class EmbeddingCacheDatabase : IAsyncLifetime
{
    private const string LocalServer = "Host=127.0.0.1;Port=55432;Database=leadgen;Username=postgres";

    private string database = "";

    public string ConnectionString { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        database = $"leadgen_test_embeddings_{Guid.NewGuid():N}"[..40];
        await using (var connection = new NpgsqlConnection(Server))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"create database {database}", connection);
            await create.ExecuteNonQueryAsync();
        }

        ConnectionString = new NpgsqlConnectionStringBuilder(Server) { Database = database, Pooling = true }.ConnectionString;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(Server);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"drop database if exists {database} with (force)", connection);
        await drop.ExecuteNonQueryAsync();
    }

    /// <summary>Runs a query on the test database and returns its rows.</summary>
    public async Task<List<object[]>> QueryAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<object[]>();
        while (await reader.ReadAsync())
        {
            var row = new object[reader.FieldCount];
            reader.GetValues(row);
            rows.Add(row);
        }

        return rows;
    }

    private static string Server => new NpgsqlConnectionStringBuilder(
        Environment.GetEnvironmentVariable("ConnectionStrings__Postgres") ?? LocalServer) { Database = "postgres", Pooling = false }.ConnectionString;
}
