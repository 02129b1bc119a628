using Npgsql;

namespace LeadGen.Infrastructure.Persistence;

/// <summary>
/// Runs a table's "create … if not exists" script once per process, at first use rather than at start-up (the
/// database may not be up yet then). Until the script has succeeded, each use tries again. The script must begin by
/// taking an advisory transaction lock: "if not exists" alone can still collide in the catalogs when several processes
/// start on a new database at once.
/// </summary>
internal sealed class CreateTableOnce(NpgsqlDataSource dataSource, string script)
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private volatile bool created;

    public async ValueTask EnsureAsync(CancellationToken ct)
    {
        if (created) return;
        await gate.WaitAsync(ct);
        try
        {
            if (created) return;
            await using var connection = await dataSource.OpenConnectionAsync(ct);
            await using var transaction = await connection.BeginTransactionAsync(ct);
            await using (var command = new NpgsqlCommand(script, connection, transaction))
            {
                await command.ExecuteNonQueryAsync(ct);
            }

            await transaction.CommitAsync(ct);
            created = true;
        }
        finally
        {
            gate.Release();
        }
    }
}
