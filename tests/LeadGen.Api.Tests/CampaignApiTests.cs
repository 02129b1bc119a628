using System.Net;

namespace LeadGen.Api.Tests;

public class CampaignApiTests(AppFixture app)
{
    [Fact]
    public async Task A_campaign_starts_with_202_and_a_location_that_answers_at_once_then_completes()
    {
        var api = app.Client(3);
        var icpId = await api.CreateIcp();
        var started = (await api.Post("/api/v1/prospecting/campaigns",
            new { icpId, platforms = new[] { "sample" }, maxProspects = 40, minMatchScore = 0.75, name = "First" }))
            .ShouldHave(HttpStatusCode.Accepted);
        started.Json.GetProperty("status").GetString().ShouldBe("running");
        var id = started.Json.GetProperty("id").GetGuid();
        started.Location!.ToString().ShouldBe($"/api/v1/prospecting/campaigns/{id}");

        var first = (await api.Get(started.Location.ToString())).ShouldHave(HttpStatusCode.OK).Json;
        first.GetProperty("name").GetString().ShouldBe("First");
        first.GetProperty("icpId").GetGuid().ShouldBe(icpId);

        var done = await api.WaitUntilSettled(id);
        done.GetProperty("status").GetString().ShouldBe("completed");
        done.GetProperty("discovered").GetInt32().ShouldBe(40);
        done.GetProperty("completedAt").GetDateTimeOffset().ShouldBeGreaterThan(done.GetProperty("startedAt").GetDateTimeOffset());
        var settled = done.GetProperty("rejected").GetInt32() + done.GetProperty("qualified").GetInt32() + done.GetProperty("failed").GetInt32();
        settled.ShouldBe(40);
    }

    [Fact]
    public async Task The_same_idempotency_key_and_body_start_one_campaign_not_two()
    {
        var api = app.Client(4);
        var icpId = await api.CreateIcp();
        var body = new { icpId, platforms = new[] { "sample" }, maxProspects = 5, minMatchScore = 0.5 };
        var key = Guid.NewGuid().ToString();
        void WithKey(HttpRequestMessage r) => r.Headers.Add("Idempotency-Key", key);

        var first = (await api.Post("/api/v1/prospecting/campaigns", body, WithKey)).ShouldHave(HttpStatusCode.Accepted);
        var second = (await api.Post("/api/v1/prospecting/campaigns", body, WithKey)).ShouldHave(HttpStatusCode.Accepted);
        second.Json.GetProperty("id").GetGuid().ShouldBe(first.Json.GetProperty("id").GetGuid());

        (await api.Post("/api/v1/prospecting/campaigns", body with { maxProspects = 6 }, WithKey))
            .ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "Idempotency-Key");

        var all = (await api.Get("/api/v1/prospecting/campaigns?limit=200")).Json.GetProperty("items");
        all.EnumerateArray().Count(c => c.GetProperty("icpId").GetGuid() == icpId).ShouldBe(1);
    }

    [Theory]
    [InlineData(0, 0.5, "sample", "maxProspects")]
    [InlineData(100_001, 0.5, "sample", "maxProspects")]
    [InlineData(10, 1.5, "sample", "minMatchScore")]
    [InlineData(10, -0.1, "sample", "minMatchScore")]
    [InlineData(10, 0.5, "myspace", "platforms[0]")]
    public async Task Out_of_range_values_are_400_with_field_errors(int max, double min, string platform, string field)
    {
        var api = app.Client(5);
        var icpId = await api.CreateIcp();
        (await api.Post("/api/v1/prospecting/campaigns", new { icpId, platforms = new[] { platform }, maxProspects = max, minMatchScore = min }))
            .ShouldBeProblem(HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task Missing_fields_wrong_types_and_unusable_references_are_refused()
    {
        var api = app.Client(5);
        (await api.Post("/api/v1/prospecting/campaigns", new { platforms = new[] { "sample" } }))
            .ShouldBeProblem(HttpStatusCode.BadRequest, "icpId", "maxProspects", "minMatchScore");
        (await api.Post("/api/v1/prospecting/campaigns", "{\"icpId\": \"not-a-guid\", \"maxProspects\": \"many\"}"))
            .ShouldBeProblem(HttpStatusCode.BadRequest);
        (await api.Post("/api/v1/prospecting/campaigns",
                new { icpId = Guid.NewGuid(), platforms = new[] { "sample" }, maxProspects = 10, minMatchScore = 0.5 }))
            .ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "icpId");
        var icpId = await api.CreateIcp();
        (await api.Post("/api/v1/prospecting/campaigns",
                new { icpId, platforms = new[] { "linkedin" }, maxProspects = 10, minMatchScore = 0.5 }))
            .ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "platforms");
    }

    [Fact]
    public async Task Unknown_and_other_tenants_campaigns_are_not_found()
    {
        var owner = app.Client(6);
        var id = await owner.StartCampaign(await owner.CreateIcp(), maxProspects: 3);
        var stranger = app.Client(7);
        (await stranger.Get($"/api/v1/prospecting/campaigns/{id}")).ShouldBeProblem(HttpStatusCode.NotFound);
        (await stranger.Get($"/api/v1/prospecting/campaigns/{id}/prospects")).ShouldBeProblem(HttpStatusCode.NotFound);
        (await stranger.Post($"/api/v1/prospecting/campaigns/{id}/cancel")).ShouldBeProblem(HttpStatusCode.NotFound);
        (await stranger.Get($"/api/v1/prospecting/campaigns/{id}/costs")).ShouldBeProblem(HttpStatusCode.NotFound);
        (await stranger.Get("/api/v1/prospecting/campaigns?limit=200")).Json.GetProperty("items").GetArrayLength().ShouldBe(0);
        (await owner.Get($"/api/v1/prospecting/campaigns/{Guid.NewGuid()}")).ShouldBeProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_running_campaign_can_be_cancelled_once_and_then_stops()
    {
        var api = app.Client(8);
        var id = await api.StartCampaign(await api.CreateIcp(), maxProspects: 5000);
        var cancelled = (await api.Post($"/api/v1/prospecting/campaigns/{id}/cancel", new { reason = "wrong ICP" }))
            .ShouldHave(HttpStatusCode.OK).Json;
        cancelled.GetProperty("status").GetString().ShouldBe("cancelled");

        (await api.Post($"/api/v1/prospecting/campaigns/{id}/cancel")).ShouldBeProblem(HttpStatusCode.Conflict);
        var settled = await api.WaitUntilSettled(id);
        settled.GetProperty("status").GetString().ShouldBe("cancelled");
        await Task.Delay(1500, TestContext.Current.CancellationToken);
        var later = (await api.Get($"/api/v1/prospecting/campaigns/{id}")).Json;
        later.GetProperty("discovered").GetInt32().ShouldBeLessThan(5000);
        later.GetProperty("discovered").GetInt32().ShouldBe(settled.GetProperty("discovered").GetInt32());
    }

    [Fact]
    public async Task Campaigns_are_listed_newest_first_filtered_by_status_and_paged_by_cursor()
    {
        var api = app.Client(9);
        var icpId = await api.CreateIcp();
        var ids = new List<Guid>();
        for (var i = 0; i < 5; i++) ids.Add(await api.StartCampaign(icpId, maxProspects: 2));
        await api.Post($"/api/v1/prospecting/campaigns/{ids[0]}/cancel");
        foreach (var id in ids.Skip(1)) await api.WaitUntilSettled(id);

        var seen = new List<Guid>();
        string? cursor = null;
        do
        {
            var page = (await api.Get($"/api/v1/prospecting/campaigns?limit=2{(cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor))}"))
                .ShouldHave(HttpStatusCode.OK).Json;
            page.GetProperty("items").GetArrayLength().ShouldBeLessThanOrEqualTo(2);
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("id").GetGuid()));
            cursor = page.GetProperty("nextCursor").GetString();
        } while (cursor is not null);
        seen.ShouldBe(Enumerable.Reverse(ids).ToList());

        var cancelled = (await api.Get("/api/v1/prospecting/campaigns?status=cancelled")).Json.GetProperty("items");
        cancelled.EnumerateArray().Select(c => c.GetProperty("id").GetGuid()).ShouldBe([ids[0]]);

        (await api.Get("/api/v1/prospecting/campaigns?status=sleeping")).ShouldBeProblem(HttpStatusCode.BadRequest, "status");
        (await api.Get("/api/v1/prospecting/campaigns?limit=0")).ShouldBeProblem(HttpStatusCode.BadRequest, "limit");
        (await api.Get("/api/v1/prospecting/campaigns?cursor=garbage!")).ShouldBeProblem(HttpStatusCode.BadRequest, "cursor");
        // A cursor is only base64 of JSON: one written by hand, with its instant at another offset, still pages.
        var handWritten = System.Buffers.Text.Base64Url.EncodeToString(System.Text.Encoding.UTF8.GetBytes(
            $$"""{"StartedAt":"{{DateTimeOffset.UtcNow.AddMinutes(1).ToOffset(TimeSpan.FromHours(3)):O}}","Id":"{{Guid.Empty}}"}"""));
        (await api.Get($"/api/v1/prospecting/campaigns?cursor={handWritten}")).ShouldHave(HttpStatusCode.OK)
            .Json.GetProperty("items").GetArrayLength().ShouldBeGreaterThan(0);
        (await api.Get("/api/v1/prospecting/campaigns?limit=abc")).ShouldBeProblem(HttpStatusCode.BadRequest);
    }
}
