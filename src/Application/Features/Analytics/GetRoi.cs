using FluentValidation;
using LeadGen.Application.ReadModels;
using LeadGen.Domain.Icps;
using LeadGen.Domain.Prospects;
using Marten;
using Mediator;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace LeadGen.Application.Features.Analytics;

/// <summary>What the campaigns started in a period (<see cref="From"/> inclusive, <see cref="To"/> exclusive; default all
/// time) found, qualified and converted, what they cost and what the converted leads are worth, by campaign, ICP or
/// platform. <see cref="ValuePerLead"/> defaults to <see cref="AnalyticsOptions.ValuePerLead"/>.</summary>
public sealed record GetRoi(string? GroupBy, DateTimeOffset? From, DateTimeOffset? To, decimal? ValuePerLead) : IQuery<Roi>;

public sealed record Roi(DateTimeOffset? From, DateTimeOffset? To, string GroupBy, decimal ValuePerLead, RoiGroup Total, IReadOnlyList<RoiGroup> Groups);

/// <summary>One group: its key (campaign id, ICP id or platform), what its campaigns' prospects became and cost, and the
/// return. Ratios (rounded to four decimals) are null where they would divide by zero; <see cref="ScoreHistogram"/>
/// counts the scored prospects in ten buckets of width 0.1 (the last one includes 1.0);
/// <see cref="TimeToFirstQualifiedLeadSeconds"/> is the campaign's own for a campaign, the median over campaigns for an
/// ICP, the platform or the total, and null until one qualifies.</summary>
public sealed record RoiGroup(
    string Key, string? Name, int Campaigns, long Discovered, long Scored, long Qualified, long Converted, decimal Cost,
    decimal? CostPerProspect, decimal? CostPerQualifiedLead, decimal? CostPerConvertedLead, double? QualificationRate,
    double? ConversionRate, decimal Value, decimal Roi, decimal? RoiRatio, IReadOnlyList<long> ScoreHistogram,
    double? TimeToFirstQualifiedLeadSeconds);

public sealed class GetRoiValidator : AbstractValidator<GetRoi>
{
    public static readonly string[] Groupings = ["campaign", "icp", "platform"];

    public GetRoiValidator()
    {
        RuleFor(x => x.GroupBy).Must(g => g is null || Groupings.Contains(g))
            .WithMessage($"groupBy must be one of: {string.Join(", ", Groupings)}.");
        RuleFor(x => x.To).GreaterThan(x => x.From).When(x => x.From is not null && x.To is not null).WithMessage("'to' must be after 'from'.");
        // Bounded so that value = converted × valuePerLead cannot overflow a decimal whatever the counts.
        RuleFor(x => x.ValuePerLead).InclusiveBetween(0m, 1_000_000_000m).When(x => x.ValuePerLead is not null);
    }
}

public sealed class GetRoiHandler(IQuerySession session, IOptions<AnalyticsOptions> options) : IQueryHandler<GetRoi, Roi>
{
    private const int Buckets = 10;

    /// <summary>What one platform of one campaign produced: the unit every grouping is summed from.</summary>
    private sealed record Slice(
        Guid CampaignId, string CampaignName, Guid IcpId, string? Platform, long Discovered, long Scored, long Qualified,
        long Converted, decimal Cost, long[] Histogram, double? FirstQualifiedSeconds);

    public async ValueTask<Roi> Handle(GetRoi query, CancellationToken ct)
    {
        var groupBy = query.GroupBy ?? "campaign";
        var valuePerLead = query.ValuePerLead ?? options.Value.ValuePerLead;
        var slices = await ReadSlices(query.From, query.To, ct);

        var groups = groupBy switch
        {
            "campaign" => slices.GroupBy(s => s.CampaignId)
                .Select(g => Summarise(g.Key.ToString(), g.First().CampaignName, g, valuePerLead)).ToList(),
            "platform" => slices.Where(s => s.Platform is not null).GroupBy(s => s.Platform!)
                .Select(g => Summarise(g.Key, null, g, valuePerLead)).OrderBy(g => g.Key, StringComparer.Ordinal).ToList(),
            _ => await ByIcp(slices, valuePerLead, ct),
        };
        return new Roi(query.From, query.To, groupBy, valuePerLead, Summarise("total", null, slices, valuePerLead), groups);
    }

    private async Task<List<RoiGroup>> ByIcp(List<Slice> slices, decimal valuePerLead, CancellationToken ct)
    {
        var ids = slices.Select(s => s.IcpId).Distinct().ToList();
        var names = (await session.LoadManyAsync<Icp>(ct, ids)).ToDictionary(i => i.Id, i => i.Name);
        return slices.GroupBy(s => s.IcpId)
            .Select(g => Summarise(g.Key.ToString(), names.GetValueOrDefault(g.Key), g, valuePerLead))
            .OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
    }

    private static RoiGroup Summarise(string key, string? name, IEnumerable<Slice> group, decimal valuePerLead)
    {
        var slices = group.ToList();
        long discovered = slices.Sum(s => s.Discovered), qualified = slices.Sum(s => s.Qualified), converted = slices.Sum(s => s.Converted);
        var cost = slices.Sum(s => s.Cost);
        var value = converted * valuePerLead;
        var histogram = new long[Buckets];
        foreach (var s in slices)
            for (var b = 0; b < Buckets; b++) histogram[b] += s.Histogram[b];

        // A campaign's first qualified lead is the earliest over its platforms (in a platform's group, each campaign has
        // only that platform's); several campaigns summarise by the median, which one slow or lucky campaign does not drag.
        var campaigns = slices.GroupBy(s => s.CampaignId).ToList();
        var firstQualified = Median(campaigns.Select(c => c.Min(s => s.FirstQualifiedSeconds)));

        return new RoiGroup(key, name, campaigns.Count, discovered, slices.Sum(s => s.Scored), qualified, converted, cost,
            PerUnit(cost, discovered), PerUnit(cost, qualified), PerUnit(cost, converted),
            Rate(qualified, discovered), Rate(converted, qualified), value, value - cost,
            cost > 0 ? Math.Round((value - cost) / cost, 4) : null, histogram, firstQualified);
    }

    private static decimal? PerUnit(decimal cost, long count) => count > 0 ? Math.Round(cost / count, 4) : null;

    private static double? Rate(long part, long whole) => whole > 0 ? Math.Round((double)part / whole, 4) : null;

    private static double? Median(IEnumerable<double?> values)
    {
        var known = values.OfType<double>().Order().ToList();
        if (known.Count == 0) return null;
        var middle = known.Count / 2;
        return known.Count % 2 == 1 ? known[middle] : (known[middle - 1] + known[middle]) / 2;
    }

    private async Task<List<Slice>> ReadSlices(DateTimeOffset? from, DateTimeOffset? to, CancellationToken ct)
    {
        var schema = session.DocumentStore.Options.DatabaseSchemaName;
        string qualified = nameof(ProspectStage.Qualified), converted = nameof(ProspectStage.Converted);
        var bucket = $"least(greatest(floor(p.score * {Buckets}), 0), {Buckets - 1})";
        var histogram = string.Join(", ", Enumerable.Range(0, Buckets).Select(b => $"count(*) filter (where {bucket} = {b})"));
        // One pass over the period's campaigns' prospect rows, summed by campaign and platform in the database, whatever
        // their number. The first qualification times come from the audit trail rather than mt_events: its lines carry
        // the event's timestamp, are indexed by campaign (mt_events has no index that finds one campaign's
        // qualifications, which sit in the prospects' streams), survive erasure, and keep this query off Marten's
        // internal event type names. It follows the events within the daemon's interval, as the status view that dates
        // the campaigns does.
        var sql = $"""
            with c as (
                select id, data ->> 'name' as name, (data ->> 'icpId')::uuid as icp_id, started_at
                from {schema}.mt_doc_campaignstatusview
                where tenant_id = $1 and ($2::timestamptz is null or started_at >= $2) and ($3::timestamptz is null or started_at < $3)),
            q as (
                select campaign_id, subject_id, min(at) as at
                from {schema}.mt_doc_auditentry
                where tenant_id = $1 and campaign_id in (select id from c) and data ->> 'event' = 'qualified'
                group by 1, 2),
            p as (
                select p.campaign_id, p.data ->> 'platform' as platform, p.data ->> 'stage' as stage,
                       (p.data ->> 'score')::float8 as score, (p.data ->> 'cost')::numeric as cost, q.at as qualified_at
                from {schema}.mt_doc_campaignprospect p
                left join q on q.campaign_id = p.campaign_id and q.subject_id = (p.data ->> 'prospectId')::uuid
                where p.tenant_id = $1 and p.campaign_id in (select id from c))
            select c.id, c.name, c.icp_id, p.platform, count(p.stage), count(p.score),
                   count(*) filter (where p.stage in ('{qualified}', '{converted}')), count(*) filter (where p.stage = '{converted}'),
                   coalesce(sum(p.cost), 0), extract(epoch from min(p.qualified_at) - c.started_at)::float8, {histogram}
            from c left join p on p.campaign_id = c.id
            group by c.id, c.name, c.icp_id, c.started_at, p.platform
            order by c.started_at, c.id, p.platform
            """;
        var slices = new List<Slice>();
        await using var connection = session.Database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = session.TenantId });
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.TimestampTz, Value = (object?)from?.UtcDateTime ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.TimestampTz, Value = (object?)to?.UtcDateTime ?? DBNull.Value });
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var counts = new long[Buckets];
            for (var b = 0; b < Buckets; b++) counts[b] = reader.GetInt64(10 + b);
            slices.Add(new Slice(reader.GetGuid(0), reader.IsDBNull(1) ? "" : reader.GetString(1), reader.GetGuid(2),
                reader.IsDBNull(3) ? null : reader.GetString(3), reader.GetInt64(4), reader.GetInt64(5), reader.GetInt64(6),
                reader.GetInt64(7), reader.GetDecimal(8), counts, reader.IsDBNull(9) ? null : reader.GetDouble(9)));
        }
        return slices;
    }
}
