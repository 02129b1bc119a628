using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using LeadGen.Application.Common;
using LeadGen.Application.ReadModels;
using LeadGen.Domain.Prospects;

namespace LeadGen.Api.Tests;

/// <summary>CSV downloads of a campaign's prospects and of the cost ledger: the same rows as the JSON views, RFC 4180
/// quoting, untrusted text kept from running as a spreadsheet formula, and streamed rather than built in memory.</summary>
[Collection(Tenant37.Collection)]
public class CsvExportTests(AppFixture app)
{
    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("", "")]
    [InlineData(null, "")]
    [InlineData("Acme, Inc", "\"Acme, Inc\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("two\nlines", "\"two\nlines\"")]
    [InlineData("=1+1", "'=1+1")]
    [InlineData("+44 20", "'+44 20")]
    [InlineData("-2", "'-2")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\tcmd", "'\tcmd")]
    [InlineData("\rcmd", "\"'\rcmd\"")]
    [InlineData("=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\"")]
    [InlineData("a=b", "a=b")]
    public void A_field_is_quoted_when_it_must_be_and_never_starts_a_formula(string? value, string expected) =>
        CsvWriter.Field(value).ShouldBe(expected);

    [Fact]
    public async Task A_campaigns_csv_has_the_rows_of_its_json_list_escaped_and_neutralised()
    {
        var prospector = app.Client(Tenant37.Number);
        var campaign = await prospector.StartCampaign(await prospector.CreateIcp(), maxProspects: 30, minMatchScore: 0.5);
        await prospector.WaitUntilSettled(campaign);
        // A row as a platform could have delivered it: text that a spreadsheet would run, quotes, commas and line breaks.
        var hostile = new CampaignProspect
        {
            CampaignId = campaign, ProspectId = Guid.NewGuid(), Name = "=HYPERLINK(\"http://evil.example\",\"x\")", Title = "Head of\r\nData",
            Company = "Acme, \"Inc\"", Location = "+44 London", Platform = "sample", ProfileUrl = "@evil", Score = 0.31, Rank = 0.31,
            Stage = ProspectStage.Rejected, Reason = "-1+1", Email = "\tx@evil.example", EmailStatus = EmailStatus.Unknown, Cost = 0.25m,
        };
        hostile.Id = CampaignProspect.IdFor(campaign, hostile.ProspectId);
        hostile.Tiebreak = CampaignProspect.TiebreakFor(hostile.ProspectId);
        await using (var session = app.Store.LightweightSession(Tenant37.Name))
        {
            session.Store(hostile);
            await session.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        var json = await prospector.AllProspects(campaign);
        var download = await Download(Tenant37.Number, $"/api/v1/prospecting/campaigns/{campaign}/prospects.csv");
        download.Status.ShouldBe(HttpStatusCode.OK);
        download.ContentType.ShouldBe("text/csv; charset=utf-8");
        download.Disposition.ShouldNotBeNull().ShouldStartWith($"attachment; filename=campaign-{campaign}-prospects.csv");
        download.Text.ShouldContain("\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\"");
        download.Text.ShouldContain("\"Acme, \"\"Inc\"\"\"");

        var records = Csv.Parse(download.Text);
        records[0].ShouldBe(["id", "name", "title", "company", "location", "platform", "profileUrl", "score", "stage", "reason", "email",
            "emailStatus", "cost"]);
        var rows = records.Skip(1).ToList();
        rows.Count.ShouldBe(json.Count);
        rows.ShouldAllBe(r => r.Length == 13);
        rows.Select(r => Guid.Parse(r[0])).ShouldBe(json.Select(j => j.GetProperty("id").GetGuid())); // best score first, as listed
        rows.Select(r => r[8]).ShouldBe(json.Select(j => j.GetProperty("stage").GetString()!));
        rows.Select(r => r[7] == "" ? (double?)null : double.Parse(r[7], CultureInfo.InvariantCulture))
            .ShouldBe(json.Select(j => j.GetProperty("score").ValueKind == System.Text.Json.JsonValueKind.Null ? (double?)null
                : j.GetProperty("score").GetDouble()));

        var parsed = rows.Single(r => Guid.Parse(r[0]) == hostile.ProspectId);
        parsed[1..7].ShouldBe(["'" + hostile.Name, hostile.Title, hostile.Company, "'+44 London", "sample", "'@evil"]);
        parsed[7..].ShouldBe(["0.31", "rejected", "'-1+1", "'\tx@evil.example", "unknown", "0.25"]);

        var qualified = await prospector.AllProspects(campaign, "&stage=qualified&minScore=0.6");
        var filtered = Csv.Parse((await Download(Tenant37.Number, $"/api/v1/prospecting/campaigns/{campaign}/prospects.csv?stage=qualified&minScore=0.6")).Text);
        filtered.Skip(1).Select(r => Guid.Parse(r[0])).ShouldBe(qualified.Select(j => j.GetProperty("id").GetGuid()));

        (await Download(35, $"/api/v1/prospecting/campaigns/{campaign}/prospects.csv", "analyst")).Status.ShouldBe(HttpStatusCode.NotFound);
        (await Download(Tenant37.Number, $"/api/v1/prospecting/campaigns/{Guid.NewGuid()}/prospects.csv")).Status.ShouldBe(HttpStatusCode.NotFound);
        (await prospector.Get($"/api/v1/prospecting/campaigns/{campaign}/prospects.csv?stage=won")).ShouldBeProblem(HttpStatusCode.BadRequest, "stage");
        (await Download(Tenant37.Number, $"/api/v1/prospecting/campaigns/{campaign}/prospects.csv", "analyst")).Status.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_cost_ledgers_csv_adds_up_to_the_cost_view_and_to_each_campaigns_costs()
    {
        var prospector = app.Client(Tenant37.Number);
        var analyst = app.Client(Tenant37.Number, "analyst");
        var campaign = await prospector.StartCampaign(await prospector.CreateIcp(), maxProspects: 30, minMatchScore: 0.5);
        await prospector.WaitUntilSettled(campaign);

        // The campaign may cost nothing (a person enriched by an earlier campaign of the tenant is not paid for again),
        // but the tenant's first campaign did pay: the day's ledger is never empty. Both ledger views are projected
        // asynchronously: the same period is asked again until the ledger has caught up.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var campaignCost = (await prospector.Get($"/api/v1/prospecting/campaigns/{campaign}/costs")).Json.GetProperty("total").GetDecimal();
            var now = DateTimeOffset.UtcNow;
            var period = $"from={Uri.EscapeDataString(now.AddDays(-1).ToString("O"))}&to={Uri.EscapeDataString(now.ToString("O"))}";
            var total = (await analyst.Get($"/api/v1/analytics/costs?{period}")).ShouldHave(HttpStatusCode.OK).Json.GetProperty("total").GetDecimal();
            var download = await Download(Tenant37.Number, $"/api/v1/analytics/costs.csv?{period}", "analyst");
            download.Status.ShouldBe(HttpStatusCode.OK);
            download.ContentType.ShouldBe("text/csv; charset=utf-8");
            download.Disposition.ShouldNotBeNull().ShouldStartWith("attachment; filename=costs-");
            var records = Csv.Parse(download.Text);
            records[0].ShouldBe(["at", "campaignId", "prospectId", "provider", "operation", "units", "unitPrice", "cost", "billable", "outcome"]);
            var lines = records.Skip(1).ToList();
            var sum = lines.Sum(l => decimal.Parse(l[7], CultureInfo.InvariantCulture));
            var mine = lines.Where(l => Guid.Parse(l[1]) == campaign).Sum(l => decimal.Parse(l[7], CultureInfo.InvariantCulture));
            if (sum == total && mine == campaignCost && sum > 0)
            {
                var times = lines.Select(l => DateTimeOffset.Parse(l[0], CultureInfo.InvariantCulture)).ToList();
                times.ShouldBe(times.Order().ToList());
                lines.ShouldAllBe(l => l[8] == "true" || l[8] == "false");
                lines.Select(l => l[3] + "/" + l[4]).ShouldContain("local/email-finder");
                break;
            }
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"The CSV sums to {sum} ({mine} for the campaign), the view to {total} ({campaignCost}).");
            await Task.Delay(250, TestContext.Current.CancellationToken);
        }
        (await analyst.Get("/api/v1/analytics/costs.csv?from=2030-01-02T00:00:00Z&to=2030-01-01T00:00:00Z"))
            .ShouldBeProblem(HttpStatusCode.BadRequest, "to");
    }

    private sealed record Downloaded(HttpStatusCode Status, string? ContentType, string? Disposition, string Text);

    private async Task<Downloaded> Download(int tenant, string url, string role = "prospector")
    {
        using var http = app.Host.Server.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("X-Api-Key", AppFixture.KeyOf(tenant, role));
        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        var bytes = await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);
        return new Downloaded(response.StatusCode, response.Content.Headers.ContentType?.ToString(),
            response.Content.Headers.ContentDisposition?.ToString(), Encoding.UTF8.GetString(bytes));
    }
}

/// <summary>An RFC 4180 reader for the tests: quoted fields may hold commas, doubled quotes and line breaks; records
/// end with CRLF.</summary>
internal static class Csv
{
    public static List<string[]> Parse(string text)
    {
        var records = new List<string[]>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] == '"')
            {
                for (i++; ; i++)
                {
                    if (i >= text.Length) throw new FormatException("An unterminated quoted field.");
                    if (text[i] != '"') field.Append(text[i]);
                    else if (i + 1 < text.Length && text[i + 1] == '"') field.Append(text[++i]);
                    else break;
                }
                i++;
                if (i < text.Length && text[i] != ',' && text[i] != '\r') throw new FormatException($"Text after a quoted field at {i}.");
                continue;
            }
            switch (text[i])
            {
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    i++;
                    break;
                case '\r' when i + 1 < text.Length && text[i + 1] == '\n':
                    fields.Add(field.ToString());
                    field.Clear();
                    records.Add([.. fields]);
                    fields.Clear();
                    i += 2;
                    break;
                case '\r' or '\n':
                    throw new FormatException($"A bare line break outside quotes at {i}.");
                default:
                    field.Append(text[i++]);
                    break;
            }
        }
        if (field.Length > 0 || fields.Count > 0) throw new FormatException("The last record does not end with CRLF.");
        return records;
    }
}
