using System.Buffers.Binary;
using LeadGen.Infrastructure.Persistence;
using Npgsql;
using NpgsqlTypes;

namespace LeadGen.Infrastructure.Embeddings;

/// <summary>
/// The lasting level of the embedding cache: table <c>leadgen.embedding_cache</c>, keyed by (model, SHA-256 of the text),
/// shared by every node and surviving restarts. It holds the hash, never the text (a person's profile), and the vector as
/// float32 little-endian bytes.
/// <para>Plain Npgsql on a data source of its own, not Marten: a cache row is no document and no event, and its reads
/// and writes are one statement each for a whole batch. The table is created on first use, so no migration step is
/// needed; rows are only ever added with <c>on conflict do nothing</c>, so nodes racing on the same text agree.</para>
/// </summary>
public sealed class PostgresEmbeddingCache : IAsyncDisposable, IDisposable
{
    public const string Table = MartenSetup.Schema + ".embedding_cache";

    /// <summary>Serialises the table's creation between nodes: concurrent "create … if not exists" can still collide in
    /// PostgreSQL's catalogue.</summary>
    private const long CreateLockKey = 0x4C47_454D_4243_4348; // "LGEMBCCH"

    private static readonly string CreateTable = $"""
        select pg_advisory_xact_lock({CreateLockKey});
        create schema if not exists {MartenSetup.Schema};
        create table if not exists {Table} (
            model       text        not null,
            text_sha256 bytea       not null,
            dimensions  int         not null,
            vector      bytea       not null,
            created_at  timestamptz not null default now(),
            primary key (model, text_sha256));
        create index if not exists embedding_cache_text_sha256 on {Table} (text_sha256);
        """;

    private readonly NpgsqlDataSource dataSource;
    private readonly CreateTableOnce table;

    public PostgresEmbeddingCache(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        dataSource = NpgsqlDataSource.Create(connectionString);
        table = new CreateTableOnce(dataSource, CreateTable);
    }

    /// <summary>The stored vectors of <paramref name="model"/> among <paramref name="digests"/>, in one round trip.</summary>
    public async Task<IReadOnlyDictionary<TextDigest, float[]>> FindAsync(string model, IReadOnlyCollection<TextDigest> digests,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(digests);
        var found = new Dictionary<TextDigest, float[]>();
        if (digests.Count == 0) return found;
        await EnsureTableAsync(ct);

        await using var command = dataSource.CreateCommand($"select text_sha256, vector from {Table} where model = $1 and text_sha256 = any($2)");
        command.Parameters.Add(new NpgsqlParameter { Value = model, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(Hashes(digests));
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            found[TextDigest.FromBytes(reader.GetFieldValue<byte[]>(0))] = FromBytes(reader.GetFieldValue<byte[]>(1));
        }

        return found;
    }

    /// <summary>Stores vectors of <paramref name="model"/> in one round trip; those already there are left as they are.</summary>
    public async Task StoreAsync(string model, IReadOnlyCollection<KeyValuePair<TextDigest, float[]>> vectors, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        if (vectors.Count == 0) return;
        await EnsureTableAsync(ct);
        // In key order: two scoring batches storing the same texts in different orders deadlocked on each other's rows.
        vectors = vectors.OrderBy(v => v.Key.Hex, StringComparer.Ordinal).ToList();

        await using var command = dataSource.CreateCommand($"""
            insert into {Table} (model, text_sha256, dimensions, vector)
            select $1, h, d, v from unnest($2, $3, $4) as rows(h, d, v)
            on conflict do nothing
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = model, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(Hashes(vectors.Select(v => v.Key).ToList()));
        command.Parameters.Add(new NpgsqlParameter
        {
            Value = vectors.Select(v => v.Value.Length).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer,
        });
        command.Parameters.Add(new NpgsqlParameter
        {
            Value = vectors.Select(v => ToBytes(v.Value)).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea,
        });
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Deletes the rows of these texts, whatever model made them (erasure).</summary>
    public async Task ForgetAsync(IReadOnlyCollection<TextDigest> digests, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(digests);
        if (digests.Count == 0) return;
        await EnsureTableAsync(ct);

        await using var command = dataSource.CreateCommand($"delete from {Table} where text_sha256 = any($1)");
        command.Parameters.Add(Hashes(digests));
        await command.ExecuteNonQueryAsync(ct);
    }

    public ValueTask DisposeAsync()
    {
        return dataSource.DisposeAsync();
    }

    public void Dispose()
    {
        dataSource.Dispose();
    }

    // Only once it exists: a database that was down at the first call is asked again at the next.
    private ValueTask EnsureTableAsync(CancellationToken ct) => table.EnsureAsync(ct);

    private static NpgsqlParameter Hashes(IEnumerable<TextDigest> digests) => new()
    {
        Value = digests.Select(d => d.ToBytes()).ToArray(),
        NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea,
    };

    private static byte[] ToBytes(float[] vector)
    {
        var bytes = new byte[vector.Length * sizeof(float)];
        for (var i = 0; i < vector.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), vector[i]);
        return bytes;
    }

    private static float[] FromBytes(byte[] bytes)
    {
        var vector = new float[bytes.Length / sizeof(float)];
        for (var i = 0; i < vector.Length; i++) vector[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(i * sizeof(float)));
        return vector;
    }
}
