using System.Diagnostics;
using System.Net;
using System.Text.Json;
using JasperFx.Events.Daemon;
using LeadGen.Application.ReadModels;
using LeadGen.Domain.Prospects;
using Marten;
using Npgsql;

namespace LeadGen.Api.Tests;

/// <summary>Erasure as a regulator would check it: a dump of the whole database afterwards holds none of the person's
/// data, while their history still replays and the campaign's costs still add up. On a database of its own, so that
/// the dump holds only this test's people.</summary>
public class ErasureTests
{
    [Fact]
    public async Task After_erasure_a_pg_dump_holds_none_of_the_persons_data_and_their_history_still_replays()
    {
        await using var host = await CustomHost.Start("erasure", new Dictionary<string, string>());
        var prospector = host.Client(30);
        var officer = host.Client(30, "compliance");
        var icp = await prospector.CreateIcp();
        var campaign = await prospector.StartCampaign(icp, maxProspects: 30, minMatchScore: 0.5);
        (await prospector.WaitUntilSettled(campaign)).GetProperty("status").GetString().ShouldBe("completed");
        var rows = await prospector.AllProspects(campaign);
        var people = new List<JsonElement>();
        foreach (var row in rows) people.Add((await prospector.Get($"/api/v1/prospecting/prospects/{row.GetProperty("id").GetGuid()}")).Json);

        // Someone whose name, email, headline and profile URL nobody else in the database shares.
        static string[] Traits(JsonElement p) =>
        [
            p.GetProperty("profile").GetProperty("name").GetString()!,
            p.GetProperty("enrichment").ValueKind == JsonValueKind.Object ? p.GetProperty("enrichment").GetProperty("email").GetString() ?? "" : "",
            p.GetProperty("profile").GetProperty("headline").GetString()!,
            p.GetProperty("profile").GetProperty("profileUrl").GetString()!,
        ];
        var subject = people.First(p => p.GetProperty("campaigns")[0].GetProperty("stage").GetString() == "qualified"
                                        && Traits(p).All(t => t.Length > 3)
                                        && people.Where(o => o.GetProperty("id").GetGuid() != p.GetProperty("id").GetGuid())
                                            .All(o => Traits(o).All(ot => Traits(p).All(t => !ot.Contains(t, StringComparison.OrdinalIgnoreCase)))));
        var id = subject.GetProperty("id").GetGuid();
        var traits = Traits(subject);
        // Not unique in the database, but they must not stay beside the person's id: together they name them again.
        string[] context =
        [
            subject.GetProperty("profile").GetProperty("title").GetString()!, subject.GetProperty("profile").GetProperty("location").GetString()!,
            subject.GetProperty("enrichment").GetProperty("company").GetProperty("name").GetString()!,
        ];
        (await prospector.Post($"/api/v1/prospecting/prospects/{id}/feedback", new { fit = "good", reason = $"{traits[0]} is exactly who we want" }))
            .ShouldHave(HttpStatusCode.OK);
        // The costs are projected asynchronously: compared after the erasure, they must be complete before it.
        await host.Host.Services.GetRequiredService<IDocumentStore>().WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(60));
        var costsBefore = (await prospector.Get($"/api/v1/prospecting/campaigns/{campaign}/costs")).Json.GetProperty("total").GetDecimal();
        await WaitUntil(async () => await VectorCount(host.ConnectionString, id) == 1);
        (await Dump(host.ConnectionString)).ShouldContain(traits[0]); // the scan below can see what it looks for

        (await officer.Post($"/api/v1/compliance/subjects/{id}/erasure")).ShouldHave(HttpStatusCode.Accepted);
        var history = await ComplianceTests.WaitForHistory(officer, id, h => ComplianceTests.Events(h).Contains("erasure-completed"));

        var dump = await Dump(host.ConnectionString);
        foreach (var trait in traits) dump.ShouldNotContain(trait, Case.Insensitive);
        (await VectorCount(host.ConnectionString, id)).ShouldBe(0);
        var record = (await prospector.Get($"/api/v1/prospecting/prospects/{id}")).Body;
        var events = await StreamText(host.ConnectionString, id);
        events.ShouldContain("provider_call_charged"); // the scan reads the person's events
        foreach (var detail in context.Where(d => d.Length > 3))
        {
            record.ShouldNotContain(detail, Case.Insensitive);
            events.ShouldNotContain(detail, Case.Insensitive);
        }

        // The pseudonymous skeleton: the history replays, the state is "erased", the costs still add up.
        ComplianceTests.Events(history).ShouldContain("found");
        ComplianceTests.Events(history).ShouldContain("qualified");
        ComplianceTests.Events(history).ShouldContain("erased");
        history.GetProperty("state").GetProperty("erased").GetBoolean().ShouldBeTrue();
        var erasedAt = history.GetProperty("events").EnumerateArray().Single(e => e.GetProperty("event").GetString() == "erased")
            .GetProperty("at").GetDateTimeOffset();
        var before = (await officer.Get($"/api/v1/compliance/subjects/{id}/history?asOf={Uri.EscapeDataString(erasedAt.AddTicks(-10).ToString("O"))}")).Json;
        before.GetProperty("state").GetProperty("erased").GetBoolean().ShouldBeFalse();
        before.GetProperty("state").GetProperty("campaigns")[0].GetProperty("stage").GetString().ShouldBe("qualified");
        (await prospector.Get($"/api/v1/prospecting/campaigns/{campaign}/costs")).Json.GetProperty("total").GetDecimal().ShouldBe(costsBefore);
        (await prospector.Get($"/api/v1/prospecting/prospects/{id}")).Json.GetProperty("profile").GetProperty("name").GetString().ShouldBe("[erased]");

        // Erased means suppressed: found by nothing, exported as nothing, erased once, and never collected again.
        var search = (await officer.Get($"/api/v1/compliance/subjects?email={Uri.EscapeDataString(traits[1])}")).Json;
        search.GetProperty("subjects").GetArrayLength().ShouldBe(0);
        search.GetProperty("suppressed").GetBoolean().ShouldBeTrue();
        (await officer.Get($"/api/v1/compliance/subjects/{id}/export")).ShouldBeProblem(HttpStatusCode.Conflict);
        (await officer.Post($"/api/v1/compliance/subjects/{id}/erasure")).ShouldBeProblem(HttpStatusCode.Conflict);
        var again = await prospector.StartCampaign(icp, maxProspects: 40, minMatchScore: 0.5);
        (await prospector.WaitUntilSettled(again)).GetProperty("suppressed").GetInt32().ShouldBeGreaterThanOrEqualTo(1);
        (await prospector.AllProspects(again)).ShouldNotContain(p => p.GetProperty("id").GetGuid() == id);
        foreach (var trait in traits) (await Dump(host.ConnectionString)).ShouldNotContain(trait, Case.Insensitive);
    }

    /// <summary>An enrichment batch buys a person's email from a Hunter fake, the person is erased while the batch waits for
    /// the answer, and the batch then fails on the database. A remote provider's answer is kept as it arrives, in a
    /// transaction of its own (ADR 4): that must keep the cost, and not the erased person's email.</summary>
    [Fact]
    public async Task An_email_bought_for_a_person_erased_meanwhile_is_not_kept_when_the_batch_fails()
    {
        var ct = TestContext.Current.CancellationToken;
        using var hunter = new GatedHunter();
        var (host, subject, name) = await EraseWhileTheBatchWaitsThenFailIt("erasedmidbatch", hunter, hunter.Settings, ct);
        await using var _ = host;
        (await ChargesOf(host, subject, ct)).ShouldContain(c => c.Provider == "hunter" && c.Operation == "email-finder" && c.Billable,
            "the paid call stays on the ledger");
        var parts = name.Split(' ', 2);
        (await Dump(host.ConnectionString)).ShouldNotContain($"{GatedHunter.Mailbox(parts[0], parts[1], "")}@", Case.Insensitive);
    }

    /// <summary>The same with the embedded provider first in the waterfall: its answer, which it found undeliverable, is
    /// kept with the batch rather than as it arrives, so when the batch fails while Hunter is asked for a better one, what
    /// the batch paid for is kept in a transaction of its own (ADR 4), without the erased person's address.</summary>
    [Fact]
    public async Task An_embedded_providers_email_of_a_person_erased_meanwhile_is_not_kept_when_the_batch_fails()
    {
        var ct = TestContext.Current.CancellationToken;
        using var hunter = new GatedHunter();
        var settings = new Dictionary<string, string>(hunter.Settings) { ["Enrichment:Email:0"] = "local", ["Enrichment:Email:1"] = "hunter" };
        var (host, subject, name) = await EraseWhileTheBatchWaitsThenFailIt("erasedlocalemail", hunter, settings, ct);
        await using var _ = host;
        (await ChargesOf(host, subject, ct)).ShouldContain(c => c.Provider == "local" && c.Operation == "email-finder" && c.Billable,
            "the embedded provider's charge stays on the ledger");
        var localPart = LeadGen.Infrastructure.Enrichment.Local.EmailAddressFormat.LocalPart(name).ShouldNotBeNull();
        (await Dump(host.ConnectionString)).ShouldNotContain($"{localPart}@", Case.Insensitive);
    }

    /// <summary>Starts a 20-prospect campaign on a host of its own, erases the person whose answer the Hunter fake holds,
    /// terminates the enrichment batch's connection while it waits for that answer, releases it and waits until the
    /// campaign has settled and the erasure completed. Returns the host, the erased person and their name.</summary>
    private static async Task<(CustomHost Host, Guid Subject, string Name)> EraseWhileTheBatchWaitsThenFailIt(string purpose,
        GatedHunter hunter, IReadOnlyDictionary<string, string> settings, CancellationToken ct)
    {
        var host = await CustomHost.Start(purpose, settings);
        try
        {
            var prospector = host.Client(32);
            var (campaign, subject, name) = await hunter.StartCampaignAndHoldFirstAnswer(prospector, ct);
            var officer = host.Client(32, "compliance");
            (await officer.Post($"/api/v1/compliance/subjects/{subject}/erasure")).ShouldHave(HttpStatusCode.Accepted);
            // The batch's connection goes while it waits for the answer: its next statement fails and the batch rolls back.
            await using (var connection = new NpgsqlConnection(host.ConnectionString))
            {
                await connection.OpenAsync(ct);
                await using var kill = new NpgsqlCommand("""
                    select count(pg_terminate_backend(a.pid)) from pg_stat_activity a
                    where a.datname = current_database() and a.state = 'idle in transaction' and a.pid <> pg_backend_pid()
                      and exists (select 1 from pg_locks l where l.pid = a.pid and l.locktype = 'advisory')
                    """, connection);
                ((long)(await kill.ExecuteScalarAsync(ct))!).ShouldBeGreaterThanOrEqualTo(1, "the enrichment holding its claim on the question");
            }
            hunter.Release();

            (await prospector.WaitUntilSettled(campaign)).GetProperty("status").GetString().ShouldBe("completed");
            await ComplianceTests.WaitForHistory(officer, subject, h => ComplianceTests.Events(h).Contains("erasure-completed"));
            return (host, subject, name);
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    private static async Task<List<ProviderCallCharged>> ChargesOf(CustomHost host, Guid subject, CancellationToken ct)
    {
        await using var session = host.Host.Services.GetRequiredService<IDocumentStore>().QuerySession(AppFixture.TenantName(32));
        return (await session.Events.FetchStreamAsync(subject, token: ct)).Select(e => e.Data).OfType<ProviderCallCharged>().ToList();
    }

    /// <summary>Masking rules apply when a person is erased; people erased before a rule was added are masked by it when
    /// an admin asks. Their stored events and record are put back as an older erasure left them (the employer and the
    /// score's sentences, ADR 12), then re-masked.</summary>
    [Fact]
    public async Task People_erased_before_a_masking_rule_are_masked_by_it_on_request()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await CustomHost.Start("remask", new Dictionary<string, string>());
        var prospector = host.Client(33);
        var campaign = await prospector.StartCampaign(await prospector.CreateIcp(), maxProspects: 10, minMatchScore: 0.5);
        (await prospector.WaitUntilSettled(campaign)).GetProperty("status").GetString().ShouldBe("completed");
        var row = (await prospector.AllProspects(campaign)).First(p => p.GetProperty("stage").GetString() == "qualified");
        var id = row.GetProperty("id").GetGuid();
        var person = (await prospector.Get($"/api/v1/prospecting/prospects/{id}")).Json;
        var title = person.GetProperty("profile").GetProperty("title").GetString()!;
        var company = person.GetProperty("enrichment").GetProperty("company").GetRawText();
        var employer = person.GetProperty("enrichment").GetProperty("company").GetProperty("name").GetString()!;
        var officer = host.Client(33, "compliance");
        (await officer.Post($"/api/v1/compliance/subjects/{id}/erasure")).ShouldHave(HttpStatusCode.Accepted);
        await ComplianceTests.WaitForHistory(officer, id, h => ComplianceTests.Events(h).Contains("erasure-completed"));

        await using (var connection = new NpgsqlConnection(host.ConnectionString))
        {
            await connection.OpenAsync(ct);
            var sentence = $"'{title}' is closest to what the ICP wants";
            foreach (var (sql, value) in new (string, object)[]
                     {
                         ("update leadgen.mt_events set data = jsonb_set(data, '{explanation,summary}', to_jsonb($2::text)) where stream_id = $1 and type = 'prospect_scored'", sentence),
                         ("update leadgen.mt_events set data = jsonb_set(data, '{company}', $2::jsonb) where stream_id = $1 and type = 'prospect_enriched'", company),
                         ("update leadgen.mt_doc_prospect set data = jsonb_set(data, '{enrichment,company}', $2::jsonb) where id = $1", company),
                     })
            {
                await using var older = new NpgsqlCommand(sql, connection) { Parameters = { new() { Value = id }, new() { Value = value } } };
                (await older.ExecuteNonQueryAsync(ct)).ShouldBe(1);
            }
        }
        (await StreamText(host.ConnectionString, id)).ShouldContain(title, Case.Insensitive);
        (await prospector.Get($"/api/v1/prospecting/prospects/{id}")).Body.ShouldContain(employer, Case.Insensitive);

        (await officer.Post("/api/v1/admin/erasures/remask")).ShouldBeProblem(HttpStatusCode.Forbidden);
        (await host.Client(33, "admin").Post("/api/v1/admin/erasures/remask")).ShouldHave(HttpStatusCode.Accepted);

        await WaitUntil(async () =>
        {
            var events = await StreamText(host.ConnectionString, id);
            var record = (await prospector.Get($"/api/v1/prospecting/prospects/{id}")).Body;
            return !events.Contains(title, StringComparison.OrdinalIgnoreCase) && !events.Contains(employer, StringComparison.OrdinalIgnoreCase)
                   && !record.Contains(employer, StringComparison.OrdinalIgnoreCase);
        });
        (await prospector.Get($"/api/v1/prospecting/prospects/{id}")).Json.GetProperty("profile").GetProperty("name").GetString().ShouldBe("[erased]");
    }

    /// <summary>Scoring appends without a version check, so a scoring step that read the person just before their erasure
    /// can commit after the erasure's scrub. Its event is appended here as such a step would, after the scrub: the
    /// person's record never shows its sentences, and the erasure's final pass masks the stored event.</summary>
    [Fact]
    public async Task An_event_a_late_pipeline_step_appends_after_the_scrub_is_masked_by_the_final_pass()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await CustomHost.Start("latescore", new Dictionary<string, string> { ["Compliance:ErasureFinalPassAfter"] = "00:00:05" });
        var prospector = host.Client(34);
        var campaign = await prospector.StartCampaign(await prospector.CreateIcp(), maxProspects: 10, minMatchScore: 0.5);
        (await prospector.WaitUntilSettled(campaign)).GetProperty("status").GetString().ShouldBe("completed");
        var id = (await prospector.AllProspects(campaign)).First(p => p.GetProperty("stage").GetString() == "qualified").GetProperty("id").GetGuid();
        var title = (await prospector.Get($"/api/v1/prospecting/prospects/{id}")).Json.GetProperty("profile").GetProperty("title").GetString()!;
        var officer = host.Client(34, "compliance");
        (await officer.Post($"/api/v1/compliance/subjects/{id}/erasure")).ShouldHave(HttpStatusCode.Accepted);
        await ComplianceTests.WaitForHistory(officer, id, h => ComplianceTests.Events(h).Contains("erasure-completed"));

        var sentence = $"'{title}' is closest to what the ICP wants";
        await using (var late = host.Host.Services.GetRequiredService<IDocumentStore>().LightweightSession(AppFixture.TenantName(34)))
        {
            late.Events.Append(id, new ProspectScored(id, campaign, 0.9,
                new ScoreExplanation("late", [new ScoreComponent("title", 1, 0.9, 0.9, sentence)], sentence)));
            await late.SaveChangesAsync(ct);
        }
        (await StreamText(host.ConnectionString, id)).ShouldContain(sentence);
        (await prospector.Get($"/api/v1/prospecting/prospects/{id}")).Body.ShouldNotContain(sentence);

        await WaitUntil(async () => !(await StreamText(host.ConnectionString, id)).Contains(sentence));
        (await prospector.Get($"/api/v1/prospecting/prospects/{id}")).Body.ShouldNotContain(sentence);
    }

    [Fact]
    public async Task Rebuilding_the_audit_trail_from_the_events_gives_the_same_answers()
    {
        await using var host = await CustomHost.Start("auditrebuild", new Dictionary<string, string>());
        var prospector = host.Client(31);
        var officer = host.Client(31, "compliance");
        var campaign = await prospector.StartCampaign(await prospector.CreateIcp(), maxProspects: 20, minMatchScore: 0.5);
        (await prospector.WaitUntilSettled(campaign)).GetProperty("status").GetString().ShouldBe("completed");
        var subject = (await prospector.AllProspects(campaign)).First(p => p.GetProperty("stage").GetString() == "qualified").GetProperty("id").GetGuid();
        (await officer.Post($"/api/v1/compliance/subjects/{subject}/objection", new { kind = "consent-withdrawn" })).ShouldHave(HttpStatusCode.OK);
        await ComplianceTests.WaitForHistory(officer, subject, h => ComplianceTests.Events(h).Contains("consent-withdrawn"));
        var audit = await ComplianceTests.WaitForAudit(officer, campaign, a => ComplianceTests.Events(a).Contains("campaign-completed"));
        var asOf = Uri.EscapeDataString(audit.GetProperty("asOf").GetDateTimeOffset().ToString("O"));
        var auditBefore = (await officer.Get($"/api/v1/compliance/campaigns/{campaign}/audit?limit=1000&asOf={asOf}")).Body;
        var historyBefore = (await officer.Get($"/api/v1/compliance/subjects/{subject}/history?asOf={asOf}")).Body;

        var store = host.Host.Services.GetRequiredService<IDocumentStore>();
        await store.Advanced.Clean.DeleteDocumentsByTypeAsync(typeof(AuditEntry), TestContext.Current.CancellationToken);
        (await officer.Get($"/api/v1/compliance/campaigns/{campaign}/audit?limit=1000&asOf={asOf}")).Body.ShouldNotBe(auditBefore);
        var daemon = host.Host.Services.GetRequiredService<IProjectionCoordinator>().DaemonForMainDatabase();
        await daemon.RebuildProjectionAsync(AuditTrailProjection.Name, TimeSpan.FromMinutes(2), TestContext.Current.CancellationToken);

        (await officer.Get($"/api/v1/compliance/campaigns/{campaign}/audit?limit=1000&asOf={asOf}")).Body.ShouldBe(auditBefore);
        (await officer.Get($"/api/v1/compliance/subjects/{subject}/history?asOf={asOf}")).Body.ShouldBe(historyBefore);
    }

    private static async Task<string> Dump(string connectionString)
    {
        var c = new NpgsqlConnectionStringBuilder(connectionString);
        var info = new ProcessStartInfo(PgDump(), ["-h", c.Host!, "-p", c.Port.ToString(), "-U", c.Username ?? "postgres", "--no-owner", c.Database!])
        {
            RedirectStandardOutput = true, RedirectStandardError = true,
        };
        if (c.Password is { } password) info.Environment["PGPASSWORD"] = password;
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        process.ExitCode.ShouldBe(0, await error);
        var dump = await output;
        dump.Length.ShouldBeGreaterThan(10_000);
        return dump;
    }

    /// <summary>The newest server's pg_dump (it must be at least the server's version), else the one on the PATH.</summary>
    private static string PgDump() =>
        Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin", "pg_dump")).Where(File.Exists)
                .OrderByDescending(p => int.TryParse(Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(p))), out var v) ? v : 0)
                .FirstOrDefault() ?? "pg_dump"
            : "pg_dump";

    private static async Task<long> VectorCount(string connectionString, Guid prospect)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var exists = new NpgsqlCommand("select to_regclass('leadgen.vector_index') is not null", connection);
        if (!(bool)(await exists.ExecuteScalarAsync())!) return 0;
        await using var count = new NpgsqlCommand("select count(*) from leadgen.vector_index where id = $1", connection)
        {
            Parameters = { new() { Value = prospect.ToString() } },
        };
        return (long)(await count.ExecuteScalarAsync())!;
    }

    /// <summary>Every stored event of one stream, as the database holds it.</summary>
    private static async Task<string> StreamText(string connectionString, Guid stream)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var events = new NpgsqlCommand("select string_agg(type || ' ' || data::text, E'\\n') from leadgen.mt_events where stream_id = $1", connection)
        {
            Parameters = { new() { Value = stream } },
        };
        return (string)(await events.ExecuteScalarAsync())!;
    }

    private static async Task WaitUntil(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("Condition never became true.");
            await Task.Delay(250, TestContext.Current.CancellationToken);
        }
    }
}
