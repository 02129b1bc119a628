using System.Net;
using Microsoft.Extensions.Logging;

namespace LeadGen.Api.Tests;

/// <summary>Personal data never reaches the logs: everything every logger wrote during a whole campaign, at every level,
/// is searched for the names and emails of the people it found.</summary>
public class LogPrivacyTests
{
    [Fact]
    public async Task A_full_campaign_logs_no_name_and_no_email_of_the_people_it_found()
    {
        var logs = new CapturedLogs();
        await using var host = await CustomHost.Start("logs", new Dictionary<string, string> { ["Logging:LogLevel:Default"] = "Trace" },
            services => services.AddLogging(logging => logging.AddProvider(logs)));
        var api = host.Client(0);
        var campaign = await api.StartCampaign(await api.CreateIcp(), maxProspects: 40, minMatchScore: 0.5);
        (await api.WaitUntilSettled(campaign)).GetProperty("status").GetString().ShouldBe("completed");
        var prospects = await api.AllProspects(campaign);
        var converted = prospects.First(p => p.GetProperty("stage").GetString() == "qualified").GetProperty("id").GetGuid();
        (await api.Post($"/api/v1/prospecting/prospects/{converted}/convert")).ShouldHave(HttpStatusCode.Created);

        var secrets = prospects.Select(p => p.GetProperty("name").GetString()!)
            .Concat(prospects.Select(p => p.GetProperty("email").GetString()).OfType<string>())
            .Concat([AppFixture.KeyOf(0)])
            .ToList();
        secrets.Count.ShouldBeGreaterThan(40);
        // The capture saw the whole campaign: each stage of the pipeline logged its messages. (A count of lines was too
        // loose a check: ~150 lines at Trace, but fewer when the campaign needs fewer progress checks.)
        foreach (var stage in new[] { "DiscoverProspects", "ScoreProspects", "EnrichProspects" })
            logs.Lines.ShouldContain(line => line.StartsWith($"LeadGen.Application.Pipeline.{stage} "), $"nothing was logged of {stage}");
        var leaks = logs.Lines.Where(line => secrets.Any(s => line.Contains(s, StringComparison.OrdinalIgnoreCase))).ToList();
        leaks.ShouldBeEmpty();
    }
}
