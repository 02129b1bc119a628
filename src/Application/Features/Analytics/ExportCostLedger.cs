using System.Globalization;
using System.Runtime.CompilerServices;
using FluentValidation;
using LeadGen.Application.Common;
using Marten;
using Mediator;
using Npgsql;

namespace LeadGen.Application.Features.Analytics;

/// <summary>The cost ledger's lines of a period as CSV, oldest first: the lines <see cref="GetCostAnalytics"/> sums, over
/// the same period (<see cref="From"/> inclusive, <see cref="To"/> exclusive; default the last 30 days), so the file's
/// costs add up to its total.</summary>
public sealed record ExportCostLedger(DateTimeOffset? From, DateTimeOffset? To) : IQuery<CsvTable>;

public sealed class ExportCostLedgerValidator : AbstractValidator<ExportCostLedger>
{
    public ExportCostLedgerValidator()
    {
        RuleFor(x => x.To).GreaterThan(x => x.From).When(x => x.From is not null && x.To is not null).WithMessage("'to' must be after 'from'.");
    }
}

public sealed class ExportCostLedgerHandler(IQuerySession session, TimeProvider clock) : IQueryHandler<ExportCostLedger, CsvTable>
{
    public static readonly string[] Header =
        ["at", "campaignId", "prospectId", "provider", "operation", "units", "unitPrice", "cost", "billable", "outcome"];

    public ValueTask<CsvTable> Handle(ExportCostLedger query, CancellationToken ct)
    {
        var to = query.To ?? clock.GetUtcNow();
        var from = query.From ?? to.AddDays(-30);
        var name = $"costs-{from.UtcDateTime:yyyyMMddTHHmmss}Z-{to.UtcDateTime:yyyyMMddTHHmmss}Z.csv";
        return ValueTask.FromResult(new CsvTable(name, Header, Rows(from, to)));
    }

    /// <summary>Read row by row off the connection; the period's predicate is <see cref="GetCostAnalytics"/>'s.</summary>
    private async IAsyncEnumerable<string?[]> Rows(DateTimeOffset from, DateTimeOffset to, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var sql = $"""
            select at, data ->> 'campaignId', data ->> 'prospectId', data ->> 'provider', data ->> 'operation',
                   (data ->> 'units')::bigint, (data ->> 'unitPrice')::numeric, (data ->> 'cost')::numeric,
                   (data ->> 'billable')::boolean, data ->> 'outcome'
            from {session.DocumentStore.Options.DatabaseSchemaName}.mt_doc_costrecord
            where tenant_id = $1 and at >= $2 and at < $3
            order by at, id
            """;
        await using var connection = session.Database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = session.TenantId });
        command.Parameters.Add(new NpgsqlParameter { Value = from.ToUniversalTime() });
        command.Parameters.Add(new NpgsqlParameter { Value = to.ToUniversalTime() });
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            yield return
            [
                reader.GetFieldValue<DateTime>(0).ToString("O", CultureInfo.InvariantCulture), reader.GetString(1), reader.GetString(2),
                reader.GetString(3), reader.GetString(4), reader.GetInt64(5).ToString(CultureInfo.InvariantCulture),
                reader.GetDecimal(6).ToString(CultureInfo.InvariantCulture), reader.GetDecimal(7).ToString(CultureInfo.InvariantCulture),
                reader.GetBoolean(8) ? "true" : "false", reader.GetString(9),
            ];
        }
    }
}
