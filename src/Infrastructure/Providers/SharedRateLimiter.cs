using System.Threading.RateLimiting;
using LeadGen.Infrastructure.Persistence;
using Npgsql;
using NpgsqlTypes;

namespace LeadGen.Infrastructure.Providers;

/// <summary>
/// A provider's per-second limit held across every node of a deployment (docs/adr/0011): the permits granted in the
/// last window live in one PostgreSQL row per provider, which each grant locks, reads, trims and extends in one short
/// transaction. All nodes read the database server's clock, so their own clocks may disagree without harm.
/// <para>
/// The window is longer than a second for the same reason as <see cref="ProviderRateLimiter"/>'s: a permit is spent
/// when the request leaves, which is a little before it reaches the provider, and requests from different nodes travel
/// differently (connection set-up, a busy machine). With a window of 1 s + margin, any one second at the provider sees
/// at most PermitsPerSecond requests as long as no request spends more than the margin between its grant and its
/// arrival. The default margin, 0.5 s, costs a third of the throughput at saturation: the price of never being over.
/// </para>
/// </summary>
public sealed class SharedRateLimiter : RateLimiter
{
    private readonly NpgsqlDataSource database;
    private readonly CreateTableOnce table;
    private readonly string provider;
    private readonly int permitsPerSecond;
    private readonly TimeSpan longestWait;
    private readonly TimeSpan window;
    private long granted;
    private long refused;

    /// <param name="margin">How much longer than a second a permit stays spent: the most a request may spend between
    /// its grant and its arrival at the provider, beyond which two windows could overlap at the provider.</param>
    public SharedRateLimiter(NpgsqlDataSource database, string provider, int permitsPerSecond, TimeSpan longestWait, TimeSpan margin)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(permitsPerSecond, 1);
        this.database = database;
        this.provider = provider;
        this.permitsPerSecond = permitsPerSecond;
        this.longestWait = longestWait;
        window = TimeSpan.FromSeconds(1) + margin;
        table = new CreateTableOnce(database, $"""
            select pg_advisory_xact_lock(7613091355);
            create schema if not exists {MartenSetup.Schema};
            create table if not exists {MartenSetup.Schema}.provider_permits (
                provider text primary key,
                granted timestamptz[] not null);
            """);
    }

    public override TimeSpan? IdleDuration => null;

    public override RateLimiterStatistics GetStatistics() => new()
    {
        TotalSuccessfulLeases = Interlocked.Read(ref granted), TotalFailedLeases = Interlocked.Read(ref refused),
    };

    // The shared state is in the database: nothing can be granted without a round trip, so a synchronous attempt never is.
    protected override RateLimitLease AttemptAcquireCore(int permitCount) => Lease.Refused(window);

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(permitCount, 1);
        await table.EnsureAsync(ct);
        var waited = TimeSpan.Zero;
        while (true)
        {
            var wait = await TryGrant(ct);
            if (wait is null)
            {
                Interlocked.Increment(ref granted);
                return Lease.Granted;
            }

            if (waited + wait.Value > longestWait)
            {
                Interlocked.Increment(ref refused);
                return Lease.Refused(wait.Value);
            }

            // A little jitter, so that nodes woken by the same expiring permit do not all ask in the same millisecond.
            var nap = wait.Value + TimeSpan.FromMilliseconds(Random.Shared.Next(1, 15));
            await Task.Delay(nap, ct);
            waited += nap;
        }
    }

    /// <summary>Takes a permit if the window has one free (null), or says how long until the oldest permit leaves it.</summary>
    private async Task<TimeSpan?> TryGrant(CancellationToken ct)
    {
        await using var connection = await database.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using (var ensure = new NpgsqlCommand(
                         $"insert into {MartenSetup.Schema}.provider_permits (provider, granted) values ($1, '{{}}') on conflict do nothing",
                         connection, transaction))
        {
            ensure.Parameters.Add(new NpgsqlParameter { Value = provider, NpgsqlDbType = NpgsqlDbType.Text });
            await ensure.ExecuteNonQueryAsync(ct);
        }

        DateTime[] grants;
        DateTime now;
        await using (var read = new NpgsqlCommand(
                         $"select granted, clock_timestamp() from {MartenSetup.Schema}.provider_permits where provider = $1 for update",
                         connection, transaction))
        {
            read.Parameters.Add(new NpgsqlParameter { Value = provider, NpgsqlDbType = NpgsqlDbType.Text });
            await using var reader = await read.ExecuteReaderAsync(ct);
            await reader.ReadAsync(ct);
            grants = reader.GetFieldValue<DateTime[]>(0);
            now = reader.GetFieldValue<DateTime>(1);
        }

        var live = grants.Where(g => g > now - window).Order().ToList();
        if (live.Count >= permitsPerSecond)
        {
            await transaction.CommitAsync(ct);
            return live[live.Count - permitsPerSecond] + window - now;
        }

        live.Add(now);
        await using (var write = new NpgsqlCommand(
                         $"update {MartenSetup.Schema}.provider_permits set granted = $2 where provider = $1", connection, transaction))
        {
            write.Parameters.Add(new NpgsqlParameter { Value = provider, NpgsqlDbType = NpgsqlDbType.Text });
            write.Parameters.Add(new NpgsqlParameter { Value = live.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
            await write.ExecuteNonQueryAsync(ct);
        }

        await transaction.CommitAsync(ct);
        return null;
    }

    private sealed class Lease(bool acquired, TimeSpan? retryAfter) : RateLimitLease
    {
        public static readonly Lease Granted = new(true, null);

        public static Lease Refused(TimeSpan retryAfter) => new(false, retryAfter);

        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = metadataName == MetadataName.RetryAfter.Name ? retryAfter : null;
            return metadata is not null;
        }
    }
}
