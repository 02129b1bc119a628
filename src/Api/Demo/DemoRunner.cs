using System.Diagnostics;
using LeadGen.Application.Common;
using LeadGen.Application.Features.Campaigns;
using LeadGen.Application.Features.Icps;
using Mediator;
using Spectre.Console;

namespace LeadGen.Api.Demo;

/// <summary>`dotnet run --project src/Api -- demo`: one campaign end to end on the embedded defaults, in process,
/// with live progress and the best qualified prospects at the end.</summary>
public static class DemoRunner
{
    private const int MaxProspects = 1000;
    private const double MinMatchScore = 0.75;

    public static void ConfigureHost(WebApplicationBuilder builder)
    {
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        // The progress display is the demo's output: the host's own log lines would only interleave with it.
        builder.Configuration["Logging:LogLevel:Default"] = "Warning";
        builder.Configuration["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Warning";
    }

    public static async Task<int> Run(WebApplication app)
    {
        var clock = Stopwatch.StartNew();
        // Without a terminal Spectre assumes 80 columns, too narrow for the results table.
        if (!AnsiConsole.Profile.Capabilities.Interactive) AnsiConsole.Profile.Width = Math.Max(AnsiConsole.Profile.Width, 150);
        AnsiConsole.MarkupLine("[bold]LeadGen demo[/] — embedded sample platform, local embedder and enrichment, PostgreSQL");
        await app.StartAsync();
        AnsiConsole.MarkupLine($"Host started in {clock.Elapsed.TotalSeconds:0.0} s (schema applied, pipeline listening).");

        // A tenant of its own per run, so every run shows the whole pipeline rather than reusing earlier enrichment.
        var tenant = $"demo-{DateTime.UtcNow:yyyyMMddHHmmss}";
        var icp = await Send(app, tenant, new CreateIcp(
            "Data platform leaders",
            "Engineers and architects who build and run data platforms: data pipelines, warehouses and analytics " +
            "infrastructure in the cloud, with Python, SQL and Spark. They choose data tooling for their teams.",
            new IcpCriteriaInput(
                Titles: ["Data Engineer", "Data Architect", "Data Warehouse Architect", "Big Data Engineer", "Database Architect"],
                Seniorities: null, Industries: null, CompanySizes: null, Locations: null,
                Skills: ["Apache Spark", "Python", "Apache Hadoop", "Amazon Redshift", "Structured query language SQL"])));
        AnsiConsole.MarkupLine($"ICP [blue]{icp.Name}[/] created ({icp.Id}).");

        var runClock = Stopwatch.StartNew();
        var started = await Send(app, tenant, new StartCampaign(icp.Id, ["sample"], MaxProspects, MinMatchScore, "Demo campaign", null));
        AnsiConsole.MarkupLine($"Campaign {started.Id} started: up to {MaxProspects} prospects, threshold {MinMatchScore}.");

        CampaignView status = await Send(app, tenant, new GetCampaign(started.Id));
        // Polls the campaign every 250 ms until it leaves "running" (or 10 minutes pass), showing each answer.
        async Task Watch(Action<CampaignView> show)
        {
            var deadline = DateTime.UtcNow.AddMinutes(10);
            while (status.Status == "running" && DateTime.UtcNow < deadline)
            {
                await Task.Delay(250);
                status = await Send(app, tenant, new GetCampaign(started.Id));
                show(status);
            }
        }

        if (!AnsiConsole.Profile.Capabilities.Interactive)
        {
            // No terminal to redraw (CI, a pipe): one line of counts every two seconds instead of bars.
            var lastLine = TimeSpan.Zero;
            await Watch(s =>
            {
                if (runClock.Elapsed - lastLine < TimeSpan.FromSeconds(2)) return;
                lastLine = runClock.Elapsed;
                Console.WriteLine($"  {runClock.Elapsed.TotalSeconds,5:0.0} s  discovered {s.Discovered,5}  scored {s.Scored,5}  " +
                                  $"enriched {s.Enriched,5}  qualified {s.Qualified,5}  rejected {s.Rejected,5}");
            });
        }
        else await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async progress =>
            {
                var discovered = progress.AddTask("discovered", maxValue: MaxProspects);
                var scored = progress.AddTask("scored", maxValue: MaxProspects);
                var settled = progress.AddTask("settled (rejected, qualified or failed)", maxValue: MaxProspects);
                await Watch(s =>
                {
                    var total = Math.Max(1, s.DiscoveryCompleted ? s.Discovered : MaxProspects);
                    foreach (var task in new[] { discovered, scored, settled }) task.MaxValue = total;
                    discovered.Value = s.Discovered;
                    scored.Value = s.Scored;
                    settled.Value = s.Rejected + s.Qualified + s.Failed;
                });
                foreach (var task in new[] { discovered, scored, settled }) task.Value = task.MaxValue;
            });
        runClock.Stop();

        var best = await Send(app, tenant, new ListCampaignProspects(started.Id, Stage: "qualified", Limit: 15));
        var table = new Table().Title("Top qualified prospects").AddColumns("Score", "Name", "Title", "Company", "Email", "Verified");
        foreach (var p in best.Items)
            table.AddRow($"{p.Score:0.000}", Markup.Escape(p.Name), Markup.Escape(p.Title), Markup.Escape(p.Company),
                Markup.Escape(p.Email ?? "—"), p.EmailStatus ?? "—");
        AnsiConsole.Write(table);

        var summary = new Table().Title("Campaign").AddColumns("Status", "Discovered", "Scored", "Rejected", "Enriched", "Qualified",
            "Failed", "Cost", "Wall time");
        summary.AddRow(status.Status, $"{status.Discovered}", $"{status.Scored}", $"{status.Rejected}", $"{status.Enriched}",
            $"{status.Qualified}", $"{status.Failed}", $"${status.Cost:0.00}", $"{runClock.Elapsed.TotalSeconds:0.0} s");
        AnsiConsole.Write(summary);

        await app.StopAsync();
        return status.Status == "completed" ? 0 : 1;
    }

    private static Task<T> Send<T>(WebApplication app, string tenant, ICommand<T> command) => SendCore<T>(app, tenant, command);
    private static Task<T> Send<T>(WebApplication app, string tenant, IQuery<T> query) => SendCore<T>(app, tenant, query);

    private static async Task<T> SendCore<T>(WebApplication app, string tenant, object message)
    {
        await using var scope = app.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<Caller>().Authenticate(tenant, "demo", ["admin"]);
        return (T)(await scope.ServiceProvider.GetRequiredService<IMediator>().Send(message))!;
    }
}
