using System.Net;
using System.Text.Json;
using LeadGen.Application.Enrichment;
using LeadGen.Application.Ports;
using LeadGen.Domain.Prospects;
using Marten;

namespace LeadGen.Api.Tests;

/// <summary>What a compliance officer answers a regulator with: where each person came from and on what basis, what is
/// held about them, their history as of any date, objections that keep them out of every later campaign, and who may
/// see any of it.</summary>
public class ComplianceTests(AppFixture app)
{
    [Fact]
    public async Task A_subject_is_found_by_email_and_platform_id_with_source_lawful_basis_and_everything_held_about_them()
    {
        var prospector = app.Client(28);
        var officer = app.Client(28, "compliance");
        var campaign = await prospector.StartCampaign(await prospector.CreateIcp(), maxProspects: 30, minMatchScore: 0.5);
        (await prospector.WaitUntilSettled(campaign)).GetProperty("status").GetString().ShouldBe("completed");
        var qualified = (await prospector.AllProspects(campaign)).First(p => p.GetProperty("stage").GetString() == "qualified");
        var id = qualified.GetProperty("id").GetGuid();
        var email = qualified.GetProperty("email").GetString()!;
        var details = (await prospector.Get($"/api/v1/prospecting/prospects/{id}")).Json;
        var externalId = details.GetProperty("profile").GetProperty("externalId").GetString()!;

        var byEmail = (await officer.Get($"/api/v1/compliance/subjects?email={Uri.EscapeDataString(email.ToUpperInvariant())}"))
            .ShouldHave(HttpStatusCode.OK).Json;
        byEmail.GetProperty("subjects").EnumerateArray().Select(s => s.GetProperty("id").GetGuid()).ShouldBe([id]);
        byEmail.GetProperty("suppressed").GetBoolean().ShouldBeFalse();
        var byPlatformId = (await officer.Get($"/api/v1/compliance/subjects?platform=sample&externalId={Uri.EscapeDataString(externalId)}")).Json;
        byPlatformId.GetProperty("subjects")[0].GetProperty("id").GetGuid().ShouldBe(id);
        (await officer.Get("/api/v1/compliance/subjects")).ShouldBeProblem(HttpStatusCode.BadRequest, "email");

        var export = (await officer.Get($"/api/v1/compliance/subjects/{id}/export")).ShouldHave(HttpStatusCode.OK).Json;
        export.GetProperty("profile").GetProperty("name").GetString().ShouldBe(qualified.GetProperty("name").GetString());
        export.GetProperty("enrichment").GetProperty("email").GetString().ShouldBe(email);
        var source = export.GetProperty("notice").GetProperty("sources")[0];
        source.GetProperty("platform").GetString().ShouldBe("sample");
        source.GetProperty("campaignId").GetGuid().ShouldBe(campaign);
        source.GetProperty("lawfulBasis").GetString().ShouldBe("legitimate-interest");
        source.GetProperty("balancingTest").GetString().ShouldBe("LIA-B2B-prospecting-v1");
        source.GetProperty("query").GetString()!.ShouldStartWith("ICP ");
        export.GetProperty("notice").GetProperty("dataCategories").GetArrayLength().ShouldBeGreaterThan(3);
        export.GetProperty("notice").GetProperty("retentionDays").GetInt32().ShouldBe(180);
        var sentTo = export.GetProperty("sentTo").EnumerateArray().Select(p => p.GetProperty("role").GetString()).ToList();
        sentTo.ShouldContain("email finder and verifier");
        sentTo.ShouldContain("embedding model");
        export.GetProperty("history").EnumerateArray().Select(e => e.GetProperty("event").GetString())
            .ShouldContain("qualified");

        // The access request itself is on the subject's trail, with who made it.
        var history = await WaitForHistory(officer, id, h => Events(h).Contains("exported"));
        var exported = history.GetProperty("events").EnumerateArray().Single(e => e.GetProperty("event").GetString() == "exported");
        exported.GetProperty("actor").GetString().ShouldNotBe("pipeline");
        // The export, read off the stream when the trail may not have caught up, held the trail's lines up to itself.
        history.GetProperty("events").EnumerateArray().TakeWhile(e => e.GetProperty("event").GetString() != "exported")
            .Select(e => (e.GetProperty("sequence").GetInt64(), e.GetProperty("details").GetString()))
            .ShouldBe(export.GetProperty("history").EnumerateArray().Select(e => (e.GetProperty("sequence").GetInt64(), e.GetProperty("details").GetString())));
        Events(history).Take(3).ShouldBe(["found", "scored", "charged"], ignoreOrder: true);
        var found = history.GetProperty("consent")[0];
        found.GetProperty("event").GetString().ShouldBe("found");
        found.GetProperty("details").GetString()!.ShouldContain("legitimate-interest (balancing test LIA-B2B-prospecting-v1)");

        // Nobody else reads this: not a prospector, not an analyst, not another tenant's compliance officer.
        foreach (var role in new[] { "prospector", "analyst" })
        {
            (await app.Client(28, role).Get($"/api/v1/compliance/subjects/{id}/history")).ShouldBeProblem(HttpStatusCode.Forbidden);
            (await app.Client(28, role).Post($"/api/v1/compliance/subjects/{id}/objection")).ShouldBeProblem(HttpStatusCode.Forbidden);
            (await app.Client(28, role).Get("/api/v1/compliance/processing-records")).ShouldBeProblem(HttpStatusCode.Forbidden);
        }
        var stranger = app.Client(33, "compliance");
        (await stranger.Get($"/api/v1/compliance/subjects/{id}/history")).ShouldBeProblem(HttpStatusCode.NotFound);
        (await stranger.Get($"/api/v1/compliance/subjects/{id}/export")).ShouldBeProblem(HttpStatusCode.NotFound);
        (await stranger.Post($"/api/v1/compliance/subjects/{id}/objection")).ShouldBeProblem(HttpStatusCode.NotFound);
        (await stranger.Post($"/api/v1/compliance/subjects/{id}/erasure")).ShouldBeProblem(HttpStatusCode.NotFound);
        (await stranger.Get($"/api/v1/compliance/campaigns/{campaign}/audit")).ShouldBeProblem(HttpStatusCode.NotFound);
        (await stranger.Get($"/api/v1/compliance/subjects?email={Uri.EscapeDataString(email)}")).Json
            .GetProperty("subjects").GetArrayLength().ShouldBe(0);
        (await app.Client(33, "admin").Get($"/api/v1/compliance/subjects/{id}/history")).ShouldBeProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_objection_or_a_do_not_contact_keeps_the_person_out_of_every_later_campaign_and_the_skip_is_audited()
    {
        var prospector = app.Client(29);
        var officer = app.Client(29, "compliance");
        var icp = await prospector.CreateIcp();
        var first = await prospector.StartCampaign(icp, maxProspects: 20, minMatchScore: 0.5);
        (await prospector.WaitUntilSettled(first)).GetProperty("status").GetString().ShouldBe("completed");
        var qualified = (await prospector.AllProspects(first)).Where(p => p.GetProperty("stage").GetString() == "qualified").ToList();
        qualified.Count.ShouldBeGreaterThanOrEqualTo(2);
        var objector = qualified[0].GetProperty("id").GetGuid();
        var doNotContact = qualified[1];

        (await officer.Post($"/api/v1/compliance/subjects/{objector}/objection", new { kind = "nonsense" }))
            .ShouldBeProblem(HttpStatusCode.BadRequest, "kind");
        var objection = (await officer.Post($"/api/v1/compliance/subjects/{objector}/objection", new { kind = "objection", reason = "asked by phone" }))
            .ShouldHave(HttpStatusCode.OK).Json;
        objection.GetProperty("suppressedIdentifiers").GetInt32().ShouldBeGreaterThanOrEqualTo(3);
        (await officer.Post("/api/v1/compliance/suppressions", new { email = doNotContact.GetProperty("email").GetString(), reason = "do-not-contact" }))
            .ShouldHave(HttpStatusCode.OK);
        (await officer.Post("/api/v1/compliance/suppressions", new { reason = "nothing to go by" })).ShouldBeProblem(HttpStatusCode.BadRequest);
        var list = (await officer.Get("/api/v1/compliance/suppressions")).Json.EnumerateArray().ToList();
        list.Count.ShouldBeGreaterThanOrEqualTo(4);
        list.ShouldAllBe(s => !s.ToString().Contains(doNotContact.GetProperty("email").GetString()!, StringComparison.OrdinalIgnoreCase));

        var versionBefore = (await prospector.Get($"/api/v1/prospecting/prospects/{objector}")).Json.GetProperty("history").GetArrayLength();
        var second = await prospector.StartCampaign(icp, maxProspects: 40, minMatchScore: 0.5);
        var settled = await prospector.WaitUntilSettled(second);
        settled.GetProperty("status").GetString().ShouldBe("completed");
        settled.GetProperty("suppressed").GetInt32().ShouldBeGreaterThanOrEqualTo(2);
        var rows = await prospector.AllProspects(second);
        rows.ShouldNotContain(p => p.GetProperty("id").GetGuid() == objector);
        // Nothing about the objector was stored by the second campaign: their stream did not grow.
        (await prospector.Get($"/api/v1/prospecting/prospects/{objector}")).Json.GetProperty("history").GetArrayLength().ShouldBe(versionBefore);
        // The do-not-contact person was known already: the second campaign stopped them before paying or qualifying.
        var stopped = rows.Single(p => p.GetProperty("id").GetGuid() == doNotContact.GetProperty("id").GetGuid());
        stopped.GetProperty("stage").GetString().ShouldBe("rejected");
        stopped.GetProperty("reason").GetString().ShouldBe("suppressed");

        var audit = await WaitForAudit(officer, second, a => Events(a).Contains("suppressed-skipped") && Events(a).Contains("suppressed"));
        var skipped = audit.GetProperty("events").EnumerateArray().First(e => e.GetProperty("event").GetString() == "suppressed-skipped");
        skipped.GetProperty("details").GetString()!.ShouldContain("on sample page");
        audit.GetProperty("counts").GetProperty("suppressed").GetInt32().ShouldBe(1);
        var history = await WaitForHistory(officer, objector, h => Events(h).Contains("objected"));
        history.GetProperty("state").GetProperty("objection").GetString().ShouldBe("Objection");
        history.GetProperty("consent").EnumerateArray().Select(e => e.GetProperty("event").GetString()).ShouldBe(["found", "objected"]);
    }

    [Fact]
    public async Task An_address_enrichment_finds_on_the_list_stops_the_person_before_they_qualify()
    {
        // Another tenant learns the address the way a user would: from its own campaign's qualified leads.
        var elsewhere = app.Client(38);
        var first = await elsewhere.StartCampaign(await elsewhere.CreateIcp(), maxProspects: 20, minMatchScore: 0.5);
        (await elsewhere.WaitUntilSettled(first)).GetProperty("status").GetString().ShouldBe("completed");
        var email = (await elsewhere.AllProspects(first)).First(p => p.GetProperty("stage").GetString() == "qualified")
            .GetProperty("email").GetString()!;

        // This tenant has never held the person: only the address is on its list, so nothing stops them before enrichment.
        var prospector = app.Client(39);
        (await app.Client(39, "compliance").Post("/api/v1/compliance/suppressions", new { email, reason = "do-not-contact" }))
            .ShouldHave(HttpStatusCode.OK);
        var campaign = await prospector.StartCampaign(await prospector.CreateIcp(), maxProspects: 20, minMatchScore: 0.5);
        var settled = await prospector.WaitUntilSettled(campaign);
        settled.GetProperty("status").GetString().ShouldBe("completed");
        settled.GetProperty("suppressed").GetInt32().ShouldBe(1);

        var rows = await prospector.AllProspects(campaign);
        rows.Count(p => p.GetProperty("stage").GetString() == "qualified").ShouldBeGreaterThan(0);
        var stopped = rows.Single(p => p.GetProperty("stage").GetString() == "rejected" && p.GetProperty("reason").GetString() == "suppressed");
        stopped.GetProperty("email").GetString().ShouldBe(email, StringCompareShould.IgnoreCase);
        var history = (await prospector.Get($"/api/v1/prospecting/prospects/{stopped.GetProperty("id").GetGuid()}")).Json
            .GetProperty("history").EnumerateArray().Select(e => e.GetProperty("event").GetString()).ToList();
        history.ShouldContain("prospect_enriched");
        history.Last().ShouldBe("prospect_suppressed");
        history.ShouldNotContain("prospect_qualified");
    }

    [Fact]
    public async Task History_and_campaign_audit_answer_as_of_a_date()
    {
        var prospector = app.Client(31);
        var officer = app.Client(31, "compliance");
        var campaign = await prospector.StartCampaign(await prospector.CreateIcp(), maxProspects: 20, minMatchScore: 0.5);
        (await prospector.WaitUntilSettled(campaign)).GetProperty("status").GetString().ShouldBe("completed");
        var subject = (await prospector.AllProspects(campaign)).First(p => p.GetProperty("stage").GetString() == "qualified").GetProperty("id").GetGuid();

        var now = await WaitForHistory(officer, subject, h => Events(h).Contains("qualified"));
        var scoredAt = now.GetProperty("events").EnumerateArray().First(e => e.GetProperty("event").GetString() == "scored").GetProperty("at").GetDateTimeOffset();
        var then = (await officer.Get($"/api/v1/compliance/subjects/{subject}/history?asOf={Uri.EscapeDataString(scoredAt.ToString("O"))}")).Json;
        Events(then).ShouldNotContain("qualified");
        Events(then).ShouldContain("scored");
        then.GetProperty("state").GetProperty("campaigns")[0].GetProperty("stage").GetString().ShouldBe("scored");
        now.GetProperty("state").GetProperty("campaigns")[0].GetProperty("stage").GetString().ShouldBe("qualified");
        var before = (await officer.Get($"/api/v1/compliance/subjects/{subject}/history?asOf=2000-01-01T00:00:00Z")).Json;
        before.GetProperty("state").ValueKind.ShouldBe(JsonValueKind.Null);
        Events(before).ShouldBeEmpty();
        var laterInTokyo = DateTimeOffset.UtcNow.AddMinutes(1).ToOffset(TimeSpan.FromHours(9)).ToString("O");
        Events((await officer.Get($"/api/v1/compliance/subjects/{subject}/history?asOf={Uri.EscapeDataString(laterInTokyo)}"))
            .ShouldHave(HttpStatusCode.OK).Json).ShouldNotBeEmpty();

        var audit = await WaitForAudit(officer, campaign, a => Events(a).Contains("campaign-completed"));
        audit.GetProperty("status").GetString().ShouldBe("completed");
        audit.GetProperty("counts").GetProperty("found").GetInt32().ShouldBe(20);
        Events(audit)[0].ShouldBe("campaign-started");
        var startedAt = audit.GetProperty("events")[0].GetProperty("at").GetDateTimeOffset();
        var atStart = (await officer.Get($"/api/v1/compliance/campaigns/{campaign}/audit?asOf={Uri.EscapeDataString(startedAt.ToString("O"))}")).Json;
        atStart.GetProperty("status").GetString().ShouldBe("running");
        atStart.GetProperty("counts").GetProperty("found").GetInt32().ShouldBe(0);
        // The same instants written with another offset are the same instants.
        var atStartInCairo = (await officer.Get($"/api/v1/compliance/campaigns/{campaign}/audit?asOf={Uri.EscapeDataString(startedAt.ToOffset(TimeSpan.FromHours(2)).ToString("O"))}")).Json;
        atStartInCairo.GetProperty("counts").GetProperty("found").GetInt32().ShouldBe(0);
        var nowInKolkata = DateTimeOffset.UtcNow.AddMinutes(1).ToOffset(new TimeSpan(5, 30, 0)).ToString("O");
        var laterInKolkata = (await officer.Get($"/api/v1/compliance/campaigns/{campaign}/audit?asOf={Uri.EscapeDataString(nowInKolkata)}")).Json;
        laterInKolkata.GetProperty("status").GetString().ShouldBe("completed");
        laterInKolkata.GetProperty("counts").GetProperty("found").GetInt32().ShouldBe(20);

        // Paging walks the same lines in the same order.
        var paged = new List<string>();
        string? cursor = null;
        do
        {
            var page = (await officer.Get($"/api/v1/compliance/campaigns/{campaign}/audit?limit=25" +
                                          (cursor is null ? "" : $"&after={Uri.EscapeDataString(cursor)}"))).ShouldHave(HttpStatusCode.OK).Json;
            paged.AddRange(page.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("sequence").GetInt64().ToString()));
            cursor = page.GetProperty("next").GetString();
        } while (cursor is not null);
        var all = (await officer.Get($"/api/v1/compliance/campaigns/{campaign}/audit?limit=1000")).Json;
        paged.ShouldBe(all.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("sequence").GetInt64().ToString()).ToList());
        (await officer.Get($"/api/v1/compliance/campaigns/{campaign}/audit?limit=0")).ShouldBeProblem(HttpStatusCode.BadRequest, "limit");
        (await officer.Get($"/api/v1/compliance/campaigns/{campaign}/audit?after=garbage")).ShouldBeProblem(HttpStatusCode.BadRequest, "after");
    }

    [Fact]
    public async Task Records_of_processing_name_purposes_bases_categories_processors_and_retention()
    {
        var records = (await app.Client(28, "compliance").Get("/api/v1/compliance/processing-records")).ShouldHave(HttpStatusCode.OK).Json;
        records.GetProperty("tenant").GetString().ShouldBe("tenant-28");
        records.GetProperty("purpose").GetString()!.ShouldContain("prospecting");
        records.GetProperty("lawfulBases").EnumerateArray().Select(b => b.GetProperty("basis").GetString()).ShouldBe(["legitimate-interest", "consent"]);
        records.GetProperty("processors").EnumerateArray().Select(p => p.GetProperty("role").GetString())
            .ShouldContain("email finder and verifier");
        records.GetProperty("retentionDays").GetInt32().ShouldBe(180);
        (await app.Client(AppFixture.RetentionTenant, "admin").Get("/api/v1/compliance/processing-records")).Json
            .GetProperty("retentionDays").GetInt32().ShouldBe(0);
    }

    [Fact]
    public async Task Retention_erases_the_prospects_never_qualified_and_keeps_the_qualified()
    {
        var prospector = app.Client(AppFixture.RetentionTenant);
        var campaign = await prospector.StartCampaign(await prospector.CreateIcp(), maxProspects: 25, minMatchScore: 0.75);
        (await prospector.WaitUntilSettled(campaign)).GetProperty("status").GetString().ShouldBe("completed");
        var rows = await prospector.AllProspects(campaign);
        var kept = rows.Where(p => p.GetProperty("stage").GetString() == "qualified").ToList();
        var due = rows.Where(p => p.GetProperty("stage").GetString() is "rejected" or "failed").ToList();
        due.ShouldNotBeEmpty();
        kept.ShouldNotBeEmpty();

        (await prospector.Post("/api/v1/admin/retention/run")).ShouldBeProblem(HttpStatusCode.Forbidden);
        (await app.Client(AppFixture.RetentionTenant, "admin").Post("/api/v1/admin/retention/run")).ShouldHave(HttpStatusCode.Accepted);

        var officer = app.Client(AppFixture.RetentionTenant, "compliance");
        foreach (var row in due)
        {
            var history = await WaitForHistory(officer, row.GetProperty("id").GetGuid(), h => Events(h).Contains("erasure-completed"));
            var erased = history.GetProperty("events").EnumerateArray().Single(e => e.GetProperty("event").GetString() == "erased");
            erased.GetProperty("actor").GetString().ShouldBe("system:retention");
            erased.GetProperty("details").GetString().ShouldBe("retention period ended");
        }
        var after = await prospector.AllProspects(campaign);
        after.Where(p => due.Any(d => d.GetProperty("id").GetGuid() == p.GetProperty("id").GetGuid()))
            .ShouldAllBe(p => p.GetProperty("name").GetString() == "[erased]");
        after.Where(p => kept.Any(k => k.GetProperty("id").GetGuid() == p.GetProperty("id").GetGuid()))
            .ShouldAllBe(p => p.GetProperty("name").GetString() != "[erased]" && p.GetProperty("email").GetString() != null);
    }

    /// <summary>A failing enrichment keeps the email answers it bought (ADR 4) even for a person whose enrichment then
    /// never completes, so their address is in no event: erasure finds those answers by the prospect they were bought for.</summary>
    [Fact]
    public async Task Erasure_deletes_the_email_answers_bought_for_the_person_though_their_enrichment_never_completed()
    {
        var ct = TestContext.Current.CancellationToken;
        var prospector = app.Client(30);
        var campaign = await prospector.StartCampaign(await prospector.CreateIcp(), maxProspects: 10, minMatchScore: 0.5);
        (await prospector.WaitUntilSettled(campaign)).GetProperty("status").GetString().ShouldBe("completed");
        var people = (await prospector.AllProspects(campaign)).Select(p => p.GetProperty("id").GetGuid()).Take(2).ToArray();
        var charge = new ProviderCharge("hunter", "email-finder", 1, 0.01m, Billable: true);
        ProviderAnswer BoughtFor(Guid subject, string email) => new()
        {
            Id = ProviderAnswer.IdFor("hunter", "email", email), Provider = "hunter", Operation = "email", SubjectId = subject,
            Email = new EmailLookup(email, EmailStatus.Valid, charge), AnsweredAt = DateTimeOffset.UtcNow, ExpiresAt = DateTimeOffset.UtcNow.AddDays(30),
        };
        await using (var session = app.Store.LightweightSession(AppFixture.TenantName(30)))
        {
            session.Store(BoughtFor(people[0], "left.behind@example.org"), BoughtFor(people[1], "still.wanted@example.org"));
            await session.SaveChangesAsync(ct);
        }

        (await app.Client(30, "compliance").Post($"/api/v1/compliance/subjects/{people[0]}/erasure")).ShouldHave(HttpStatusCode.Accepted);

        await using var query = app.Store.QuerySession(AppFixture.TenantName(30));
        var left = await query.Query<ProviderAnswer>().Where(a => a.Operation == "email" && a.Provider == "hunter").ToListAsync(ct);
        left.Select(a => a.Email!.Email).ShouldBe(["still.wanted@example.org"]);
    }

    internal static List<string?> Events(JsonElement trail) =>
        trail.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("event").GetString()).ToList();

    /// <summary>The audit trail is projected asynchronously: it follows the events within a moment.</summary>
    internal static async Task<JsonElement> WaitForHistory(ApiClient officer, Guid subject, Func<JsonElement, bool> until) =>
        await Poll(() => officer.Get($"/api/v1/compliance/subjects/{subject}/history"), until);

    internal static async Task<JsonElement> WaitForAudit(ApiClient officer, Guid campaign, Func<JsonElement, bool> until) =>
        await Poll(() => officer.Get($"/api/v1/compliance/campaigns/{campaign}/audit?limit=1000"), until);

    private static async Task<JsonElement> Poll(Func<Task<Response>> get, Func<JsonElement, bool> until)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var json = (await get()).ShouldHave(HttpStatusCode.OK).Json;
            if (until(json)) return json;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Audit trail never showed what was expected: {json}");
            await Task.Delay(250, TestContext.Current.CancellationToken);
        }
    }
}
