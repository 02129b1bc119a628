using System.Globalization;
using System.Runtime.CompilerServices;
using FluentValidation;
using LeadGen.Application.Common;
using LeadGen.Domain.Prospects;
using Marten;
using Mediator;
using Npgsql;

namespace LeadGen.Application.Features.Campaigns;

/// <summary>Every prospect of a campaign as CSV, best score first, with the filters of the JSON list
/// (<see cref="ListCampaignProspects"/>) but without pages.</summary>
public sealed record ExportCampaignProspects(Guid CampaignId, double? MinScore = null, string? Stage = null) : IQuery<CsvTable>;

public sealed class ExportCampaignProspectsValidator : AbstractValidator<ExportCampaignProspects>
{
    public ExportCampaignProspectsValidator()
    {
        RuleFor(x => x.MinScore).InclusiveBetween(0, 1).When(x => x.MinScore is not null);
        RuleFor(x => x.Stage).Must(s => StageNames.TryParse(s, out _)).When(x => x.Stage is not null)
            .WithMessage("Stage must be one of: discovered, scored, rejected, enriched, qualified, failed, converted.");
    }
}

public sealed class ExportCampaignProspectsHandler(IQuerySession session) : IQueryHandler<ExportCampaignProspects, CsvTable>
{
    public static readonly string[] Header =
        ["id", "name", "title", "company", "location", "platform", "profileUrl", "score", "stage", "reason", "email", "emailStatus", "cost"];

    public async ValueTask<CsvTable> Handle(ExportCampaignProspects query, CancellationToken ct)
    {
        // Checked here, before the response starts: once rows are streaming, a 404 can no longer be sent.
        if (await session.Events.FetchStreamStateAsync(query.CampaignId, ct) is null)
            throw new NotFound("Campaign", query.CampaignId);
        ProspectStage? stage = StageNames.TryParse(query.Stage, out var s) && query.Stage is not null ? s : null;
        return new CsvTable($"campaign-{query.CampaignId}-prospects.csv", Header, Rows(query.CampaignId, query.MinScore, stage));
    }

    /// <summary>Read row by row off the connection: the same filters and order (rank, then tiebreak) as the JSON list.</summary>
    private async IAsyncEnumerable<string?[]> Rows(Guid campaignId, double? minScore, ProspectStage? stage,
        [EnumeratorCancellation] CancellationToken ct = default)
    {
        var filters = new List<(string Condition, object Value)>();
        if (minScore is { } min) filters.Add(("rank >=", min));
        if (stage is { } only) filters.Add(("data ->> 'stage' =", only.ToString()));
        var sql = $"""
            select data ->> 'prospectId', data ->> 'name', data ->> 'title', data ->> 'company', data ->> 'location',
                   data ->> 'platform', data ->> 'profileUrl', (data ->> 'score')::float8, data ->> 'stage', data ->> 'reason',
                   data ->> 'email', data ->> 'emailStatus', (data ->> 'cost')::numeric
            from {session.DocumentStore.Options.DatabaseSchemaName}.mt_doc_campaignprospect
            where tenant_id = $1 and campaign_id = $2{string.Concat(filters.Select((f, i) => $" and {f.Condition} ${i + 3}"))}
            order by rank desc, tiebreak
            """;
        await using var connection = session.Database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = session.TenantId });
        command.Parameters.Add(new NpgsqlParameter { Value = campaignId });
        foreach (var (_, value) in filters) command.Parameters.Add(new NpgsqlParameter { Value = value });
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            yield return
            [
                reader.GetString(0), Text(reader, 1), Text(reader, 2), Text(reader, 3), Text(reader, 4), Text(reader, 5),
                Text(reader, 6), reader.IsDBNull(7) ? null : reader.GetDouble(7).ToString(CultureInfo.InvariantCulture),
                Enum.Parse<ProspectStage>(reader.GetString(8)).ToApiName(), Text(reader, 9), Text(reader, 10),
                reader.IsDBNull(11) ? null : Enum.Parse<EmailStatus>(reader.GetString(11)).ToApiName(),
                reader.IsDBNull(12) ? "0" : reader.GetDecimal(12).ToString(CultureInfo.InvariantCulture),
            ];
        }
    }

    private static string? Text(NpgsqlDataReader reader, int column) => reader.IsDBNull(column) ? null : reader.GetString(column);
}
