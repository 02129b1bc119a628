using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace LeadGen.Api.Tests;

public class MatchAndFeedbackTests(AppFixture app)
{
    private static object Profile(string externalId, string title, params string[] skills) =>
        new { externalId, name = $"Person {externalId}", title, headline = "", summary = "", company = "Acme", industry = "", location = "", skills };

    [Fact]
    public async Task Profiles_are_scored_in_input_order_with_explanations()
    {
        var api = app.Client(15);
        var icp = await api.CreateIcp();
        var match = (await api.Post($"/api/v1/icps/{icp}/match", new
        {
            profiles = new[]
            {
                Profile("nurse", "Registered Nurse"), Profile("de", "Senior Data Engineer", "Python", "Apache Spark"),
                Profile("chef", "Pastry Chef"), Profile("arch", "Data Warehouse Architect", "SQL"),
            },
        })).ShouldHave(HttpStatusCode.OK).Json;

        match.GetProperty("icpVersion").GetInt32().ShouldBe(1);
        var results = match.GetProperty("results").EnumerateArray().ToList();
        results.Select(r => r.GetProperty("externalId").GetString()).ShouldBe(["nurse", "de", "chef", "arch"]);
        var score = results.ToDictionary(r => r.GetProperty("externalId").GetString()!, r => r.GetProperty("score").GetDouble());
        score["de"].ShouldBeGreaterThanOrEqualTo(0.75);
        score["arch"].ShouldBeGreaterThanOrEqualTo(0.75);
        score["nurse"].ShouldBeLessThan(0.75);
        score["chef"].ShouldBeLessThan(0.75);
        foreach (var r in results)
        {
            var explanation = r.GetProperty("explanation");
            explanation.GetProperty("components").EnumerateArray().Sum(c => c.GetProperty("contribution").GetDouble())
                .ShouldBe(r.GetProperty("score").GetDouble(), 0.0002);
        }
    }

    [Fact]
    public async Task Match_scores_exactly_as_the_campaign_scored_the_same_people()
    {
        var api = app.Client(15);
        var icp = await api.CreateIcp();
        var campaign = await api.StartCampaign(icp, maxProspects: 30);
        await api.WaitUntilSettled(campaign);
        var rows = (await api.AllProspects(campaign)).Where(p => p.GetProperty("score").ValueKind == JsonValueKind.Number).Take(10).ToList();
        rows.ShouldNotBeEmpty();

        var details = new List<JsonElement>();
        foreach (var row in rows)
            details.Add((await api.Get($"/api/v1/prospecting/prospects/{row.GetProperty("id").GetGuid()}")).ShouldHave(HttpStatusCode.OK).Json);
        var profiles = details.Select(d => d.GetProperty("profile")).Select(p => new
        {
            externalId = p.GetProperty("externalId").GetString(), name = p.GetProperty("name").GetString(),
            title = p.GetProperty("title").GetString(), headline = p.GetProperty("headline").GetString(),
            summary = p.GetProperty("summary").GetString(), company = p.GetProperty("company").GetString(),
            industry = p.GetProperty("industry").GetString(), location = p.GetProperty("location").GetString(),
            skills = p.GetProperty("skills").EnumerateArray().Select(s => s.GetString()).ToArray(),
        }).ToArray();

        var results = (await api.Post($"/api/v1/icps/{icp}/match", new { profiles })).ShouldHave(HttpStatusCode.OK).Json
            .GetProperty("results").EnumerateArray().ToList();
        for (var i = 0; i < rows.Count; i++)
            results[i].GetProperty("score").GetDouble().ShouldBe(rows[i].GetProperty("score").GetDouble(), 0.0005);
    }

    [Fact]
    public async Task Bad_match_requests_are_refused_with_the_offending_fields()
    {
        var api = app.Client(15);
        var icp = await api.CreateIcp();
        (await api.Post($"/api/v1/icps/{icp}/match", new { profiles = Array.Empty<object>() })).ShouldBeProblem(HttpStatusCode.BadRequest, "profiles");
        (await api.Post($"/api/v1/icps/{icp}/match", new { })).ShouldBeProblem(HttpStatusCode.BadRequest, "profiles");
        var tooMany = Enumerable.Range(0, 1_001).Select(i => Profile($"{i}", "Data Engineer")).ToArray();
        (await api.Post($"/api/v1/icps/{icp}/match", new { profiles = tooMany })).ShouldBeProblem(HttpStatusCode.BadRequest, "profiles");
        (await api.Post($"/api/v1/icps/{icp}/match", new { profiles = new[] { new { externalId = "x", title = "" } } }))
            .ShouldBeProblem(HttpStatusCode.BadRequest, "profiles[0].title");
        (await api.Post($"/api/v1/icps/{Guid.NewGuid()}/match", new { profiles = new[] { Profile("a", "Data Engineer") } }))
            .ShouldBeProblem(HttpStatusCode.NotFound);
        (await app.Client(14).Post($"/api/v1/icps/{icp}/match", new { profiles = new[] { Profile("a", "Data Engineer") } }))
            .ShouldBeProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_thousand_profiles_are_matched_in_one_request()
    {
        var api = app.Client(15);
        var icp = await api.CreateIcp();
        var titles = new[] { "Data Engineer", "Registered Nurse", "Big Data Engineer", "Accountant", "Data Architect" };
        var profiles = Enumerable.Range(0, 1_000).Select(i => Profile($"p{i}", titles[i % titles.Length])).ToArray();
        var results = (await api.Post($"/api/v1/icps/{icp}/match", new { profiles })).ShouldHave(HttpStatusCode.OK).Json
            .GetProperty("results").EnumerateArray().ToList();
        results.Count.ShouldBe(1_000);
        results.Select(r => r.GetProperty("externalId").GetString()).ShouldBe(profiles.Select((_, i) => $"p{i}"));
        // Identical profiles score identically wherever they stand in the list.
        results.Where((_, i) => i % titles.Length == 0).Select(r => r.GetProperty("score").GetDouble()).Distinct().Count().ShouldBe(1);
    }

    [Fact]
    public async Task Feedback_is_recorded_and_refining_moves_the_icp_toward_the_good_examples()
    {
        // A tenant of its own: the default campaign of feedback is the one that scored the prospect highest.
        var api = app.Client(16);
        var icp = await api.CreateIcp();
        (await api.Post($"/api/v1/icps/{icp}/refine")).ShouldBeProblem(HttpStatusCode.Conflict);

        var campaign = await api.StartCampaign(icp, maxProspects: 40, minMatchScore: 0.5);
        await api.WaitUntilSettled(campaign);
        var scored = (await api.AllProspects(campaign)).Where(p => p.GetProperty("score").ValueKind == JsonValueKind.Number)
            .OrderByDescending(p => p.GetProperty("score").GetDouble()).ToList();
        // The user teaches the ICP that people it scored lowest fit after all, and that two of its favourites do not.
        var good = scored.TakeLast(3).ToList();
        var bad = scored.Take(2).ToList();

        foreach (var p in good)
        {
            var answer = (await api.Post($"/api/v1/prospecting/prospects/{p.GetProperty("id").GetGuid()}/feedback",
                new { fit = "good", reason = "we sell to them too" })).ShouldHave(HttpStatusCode.OK).Json;
            answer.GetProperty("campaignId").GetGuid().ShouldBe(campaign);
            answer.GetProperty("icpId").GetGuid().ShouldBe(icp);
            answer.GetProperty("fit").GetString().ShouldBe("good");
        }
        foreach (var p in bad)
            (await api.Post($"/api/v1/prospecting/prospects/{p.GetProperty("id").GetGuid()}/feedback",
                new { fit = "BAD", campaignId = campaign })).ShouldHave(HttpStatusCode.OK);

        var history = (await api.Get($"/api/v1/prospecting/prospects/{good[0].GetProperty("id").GetGuid()}")).Json.GetProperty("history");
        history.EnumerateArray().ShouldContain(h => h.GetProperty("event").GetString() == "prospect_fit_judged");

        var goodProfiles = good.Select(p => Profile(p.GetProperty("id").GetString()!, p.GetProperty("title").GetString()!)).ToArray();
        var before = await PersonaCosines(api, icp, goodProfiles);

        var refined = (await api.Post($"/api/v1/icps/{icp}/refine", new { })).ShouldHave(HttpStatusCode.OK).Json;
        refined.GetProperty("version").GetInt32().ShouldBe(2);
        refined.GetProperty("refinement").GetProperty("good").GetInt32().ShouldBe(3);
        refined.GetProperty("refinement").GetProperty("bad").GetInt32().ShouldBe(2);
        refined.GetProperty("refinement").GetProperty("fromVersion").GetInt32().ShouldBe(1);

        var after = await PersonaCosines(api, icp, goodProfiles);
        after.Count.ShouldBe(3);
        after.Zip(before).ShouldAllBe(x => x.First > x.Second);
        (await api.Get($"/api/v1/icps/{icp}/versions")).Json.GetProperty("versions")[0].GetProperty("origin").GetString().ShouldBe("refined");
    }

    [Fact]
    public async Task Bad_feedback_is_refused()
    {
        var api = app.Client(15);
        var icp = await api.CreateIcp();
        var campaign = await api.StartCampaign(icp, maxProspects: 5);
        await api.WaitUntilSettled(campaign);
        var prospect = (await api.AllProspects(campaign))[0].GetProperty("id").GetGuid();

        (await api.Post($"/api/v1/prospecting/prospects/{prospect}/feedback", new { fit = "maybe" })).ShouldBeProblem(HttpStatusCode.BadRequest, "fit");
        (await api.Post($"/api/v1/prospecting/prospects/{prospect}/feedback", new { fit = "good", reason = new string('x', 1_001) }))
            .ShouldBeProblem(HttpStatusCode.BadRequest, "reason");
        (await api.Post($"/api/v1/prospecting/prospects/{prospect}/feedback", new { fit = "good", campaignId = Guid.NewGuid() }))
            .ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "campaignId");
        (await api.Post($"/api/v1/prospecting/prospects/{Guid.NewGuid()}/feedback", new { fit = "good" })).ShouldBeProblem(HttpStatusCode.NotFound);
        (await app.Client(14).Post($"/api/v1/prospecting/prospects/{prospect}/feedback", new { fit = "good" })).ShouldBeProblem(HttpStatusCode.NotFound);
    }

    /// <summary>The raw cosine of each profile and the persona, as the explanation states it (its value is calibrated and
    /// saturates at 1 for close profiles, the cosine does not).</summary>
    private static async Task<List<double>> PersonaCosines(ApiClient api, Guid icp, object[] profiles) =>
        (await api.Post($"/api/v1/icps/{icp}/match", new { profiles })).ShouldHave(HttpStatusCode.OK).Json
        .GetProperty("results").EnumerateArray()
        .Select(r => r.GetProperty("explanation").GetProperty("components").EnumerateArray()
            .Single(c => c.GetProperty("name").GetString() == "semantic-similarity").GetProperty("detail").GetString()!)
        .Select(detail => double.Parse(Regex.Match(detail, @"cosine (-?[0-9.]+)").Groups[1].Value, CultureInfo.InvariantCulture))
        .ToList();
}
