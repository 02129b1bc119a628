using FluentValidation;
using LeadGen.Application.ReadModels;
using Marten;
using Mediator;
using Npgsql;

namespace LeadGen.Application.Features.Analytics;

/// <summary>Spend over a period (<see cref="From"/> inclusive, <see cref="To"/> exclusive; default the last 30 days),
/// grouped by provider (and operation), campaign, ICP or UTC day. Cache hits and free "not found" answers are counted
/// as calls, and what the cache hits would have cost is reported as <c>saved</c>.</summary>
public sealed record GetCostAnalytics(DateTimeOffset? From, DateTimeOffset? To, string? GroupBy) : IQuery<CostAnalytics>;

public sealed record CostAnalytics(
    DateTimeOffset From, DateTimeOffset To, string GroupBy, decimal Total, decimal Saved, long Calls, IReadOnlyList<CostGroup> Groups);

/// <summary>One group: its key (provider/operation, campaign id, ICP id or yyyy-MM-dd) and what was spent in it.</summary>
public sealed record CostGroup(string Key, string? Name, long Calls, long BillableCalls, long CachedCalls, long FreeCalls, long BillableUnits,
    decimal Cost, decimal Saved);

public sealed class GetCostAnalyticsValidator : AbstractValidator<GetCostAnalytics>
{
    public static readonly string[] Groupings = ["provider", "campaign", "icp", "day"];

    public GetCostAnalyticsValidator()
    {
        RuleFor(x => x.GroupBy).Must(g => g is null || Groupings.Contains(g))
            .WithMessage($"groupBy must be one of: {string.Join(", ", Groupings)}.");
        RuleFor(x => x.To).GreaterThan(x => x.From).When(x => x.From is not null && x.To is not null).WithMessage("'to' must be after 'from'.");
    }
}

public sealed class GetCostAnalyticsHandler(IQuerySession session, TimeProvider clock) : IQueryHandler<GetCostAnalytics, CostAnalytics>
{
    public async ValueTask<CostAnalytics> Handle(GetCostAnalytics query, CancellationToken ct)
    {
        var to = query.To ?? clock.GetUtcNow();
        var from = query.From ?? to.AddDays(-30);
        var groupBy = query.GroupBy ?? "provider";
        var key = groupBy switch
        {
            "provider" => "(data ->> 'provider') || '/' || (data ->> 'operation')",
            "day" => "to_char(at at time zone 'UTC', 'YYYY-MM-DD')",
            _ => "data ->> 'campaignId'",
        };
        // The ledger's lines are summed where they are: one pass over the tenant's lines of the period, found through the
        // index on (at, tenant), so a month's analytics read that month and not the tenant's whole history.
        var sql = $"""
            with d as (
                select data, at, (data ->> 'billable')::boolean as billable,
                       data ->> 'outcome' as outcome, (data ->> 'units')::bigint as units, (data ->> 'cost')::numeric as cost,
                       (data ->> 'unitPrice')::numeric as unit_price
                from {session.DocumentStore.Options.DatabaseSchemaName}.mt_doc_costrecord
                where tenant_id = $1 and at >= $2 and at < $3)
            select {key}, count(*), count(*) filter (where billable), count(*) filter (where outcome = 'cached'),
                   count(*) filter (where not billable and outcome <> 'cached'),
                   coalesce(sum(units) filter (where billable), 0), coalesce(sum(cost), 0),
                   coalesce(sum(units * unit_price) filter (where outcome = 'cached'), 0)
            from d
            group by 1 order by 1
            """;
        var rows = new List<CostGroup>();
        await using var connection = session.Database.CreateConnection();
        await connection.OpenAsync(ct);
        await using (var command = new NpgsqlCommand(sql, connection))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = session.TenantId });
            command.Parameters.Add(new NpgsqlParameter { Value = from.ToUniversalTime() });
            command.Parameters.Add(new NpgsqlParameter { Value = to.ToUniversalTime() });
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
                rows.Add(new CostGroup(reader.GetString(0), null, reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4),
                    reader.GetInt64(5), reader.GetDecimal(6), reader.GetDecimal(7)));
        }

        if (groupBy is "campaign" or "icp")
        {
            var campaigns = (await session.LoadManyAsync<CampaignStatusView>(ct, rows.Select(r => Guid.Parse(r.Key))))
                .ToDictionary(c => c.Id);
            rows = groupBy == "campaign"
                ? rows.Select(r => r with { Name = campaigns.GetValueOrDefault(Guid.Parse(r.Key))?.Name }).ToList()
                : rows.GroupBy(r => campaigns.GetValueOrDefault(Guid.Parse(r.Key))?.IcpId.ToString() ?? "unknown")
                    .Select(g => new CostGroup(g.Key, null, g.Sum(r => r.Calls), g.Sum(r => r.BillableCalls), g.Sum(r => r.CachedCalls),
                        g.Sum(r => r.FreeCalls), g.Sum(r => r.BillableUnits), g.Sum(r => r.Cost), g.Sum(r => r.Saved)))
                    .OrderBy(g => g.Key).ToList();
        }
        return new CostAnalytics(from, to, groupBy, rows.Sum(r => r.Cost), rows.Sum(r => r.Saved), rows.Sum(r => r.Calls), rows);
    }
}
