using System.Net;
using Marten;

namespace LeadGen.Api.Tests;

public class IcpVersionTests(AppFixture app)
{
    private static object NurseIcp(object? weights = null) => new
    {
        name = "Nurses",
        persona = "Registered nurses who care for patients in hospitals and clinics.",
        criteria = new { titles = new[] { "Registered Nurse", "Nurse Practitioner" } },
        weights,
    };

    [Fact]
    public async Task An_update_makes_a_new_version_and_keeps_the_old_one()
    {
        var api = app.Client(12);
        var id = await api.CreateIcp();

        var updated = (await api.Put($"/api/v1/icps/{id}", NurseIcp())).ShouldHave(HttpStatusCode.OK).Json;
        updated.GetProperty("version").GetInt32().ShouldBe(2);
        updated.GetProperty("name").GetString().ShouldBe("Nurses");

        var read = (await api.Get($"/api/v1/icps/{id}")).ShouldHave(HttpStatusCode.OK).Json;
        read.GetProperty("version").GetInt32().ShouldBe(2);
        read.GetProperty("criteria").GetProperty("titles")[0].GetString().ShouldBe("Registered Nurse");

        var versions = (await api.Get($"/api/v1/icps/{id}/versions")).ShouldHave(HttpStatusCode.OK).Json;
        versions.GetProperty("currentVersion").GetInt32().ShouldBe(2);
        var list = versions.GetProperty("versions").EnumerateArray().ToList();
        list.Select(v => v.GetProperty("version").GetInt32()).ShouldBe([2, 1]);
        list.Select(v => v.GetProperty("origin").GetString()).ShouldBe(["updated", "created"]);
        list[1].GetProperty("name").GetString().ShouldBe("Data engineers");
    }

    [Fact]
    public async Task A_running_campaign_keeps_scoring_with_the_version_it_started_with()
    {
        var api = app.Client(13);
        var id = await api.CreateIcp();
        var campaign = await api.StartCampaign(id, maxProspects: 40);
        (await api.Put($"/api/v1/icps/{id}", NurseIcp())).ShouldHave(HttpStatusCode.OK);

        (await api.WaitUntilSettled(campaign)).GetProperty("status").GetString().ShouldBe("completed");
        var qualified = await api.AllProspects(campaign, "&stage=qualified");
        qualified.ShouldNotBeEmpty();
        qualified.ShouldAllBe(p => !p.GetProperty("title").GetString()!.Contains("Nurse"));
        qualified.ShouldContain(p => p.GetProperty("title").GetString()!.Contains("Data"));
    }

    [Fact]
    public async Task Invalid_updates_are_refused_and_unknown_icps_are_not_found()
    {
        var api = app.Client(12);
        var id = await api.CreateIcp();
        (await api.Put($"/api/v1/icps/{id}", new { name = "", persona = "p" })).ShouldBeProblem(HttpStatusCode.BadRequest, "name", "criteria");
        (await api.Put($"/api/v1/icps/{Guid.NewGuid()}", NurseIcp())).ShouldBeProblem(HttpStatusCode.NotFound);
        (await app.Client(14).Put($"/api/v1/icps/{id}", NurseIcp())).ShouldBeProblem(HttpStatusCode.NotFound);
        (await api.Get($"/api/v1/icps/{id}")).Json.GetProperty("version").GetInt32().ShouldBe(1);
    }

    [Fact]
    public async Task Concurrent_updates_of_one_version_make_one_new_version_and_one_conflict()
    {
        var api = app.Client(12);
        var id = await api.CreateIcp();
        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => api.Put($"/api/v1/icps/{id}", NurseIcp())));
        answers.Select(a => a.Status).ShouldAllBe(s => s == HttpStatusCode.OK || s == HttpStatusCode.Conflict);
        var versions = (await api.Get($"/api/v1/icps/{id}/versions")).Json;
        // Every accepted update made exactly one version: none was lost or overwritten.
        versions.GetProperty("versions").GetArrayLength().ShouldBe(1 + answers.Count(a => a.Status == HttpStatusCode.OK));
        versions.GetProperty("currentVersion").GetInt32().ShouldBe(versions.GetProperty("versions").GetArrayLength());
    }

    [Fact]
    public async Task An_archived_icp_leaves_the_list_starts_no_campaign_and_takes_no_version()
    {
        var api = app.Client(14);
        var id = await api.CreateIcp();
        var archived = (await api.Post($"/api/v1/icps/{id}/archive")).ShouldHave(HttpStatusCode.OK).Json;
        archived.GetProperty("archived").GetBoolean().ShouldBeTrue();

        (await api.Get("/api/v1/icps?limit=200")).Json.GetProperty("items").EnumerateArray()
            .ShouldNotContain(i => i.GetProperty("id").GetGuid() == id);
        (await api.Get("/api/v1/icps?limit=200&includeArchived=true")).Json.GetProperty("items").EnumerateArray()
            .ShouldContain(i => i.GetProperty("id").GetGuid() == id);
        (await api.Get($"/api/v1/icps/{id}")).ShouldHave(HttpStatusCode.OK);

        (await api.Post("/api/v1/prospecting/campaigns", new { icpId = id, platforms = new[] { "sample" }, maxProspects = 10, minMatchScore = 0.75 }))
            .ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "icpId");
        (await api.Put($"/api/v1/icps/{id}", NurseIcp())).ShouldBeProblem(HttpStatusCode.Conflict);
        (await api.Post($"/api/v1/icps/{id}/archive")).ShouldBeProblem(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Weights_are_the_icps_own_and_shape_its_score_explanation()
    {
        var api = app.Client(12);
        var created = (await api.Post("/api/v1/icps", NurseIcp(new { semantic = 0.5, title = 0.5 }))).ShouldHave(HttpStatusCode.Created).Json;
        created.GetProperty("customWeights").GetBoolean().ShouldBeTrue();
        created.GetProperty("weights").GetProperty("semantic").GetDouble().ShouldBe(0.5);
        created.GetProperty("weights").GetProperty("skills").GetDouble().ShouldBe(0.15);

        var match = (await api.Post($"/api/v1/icps/{created.GetProperty("id").GetGuid()}/match",
            new { profiles = new[] { new { externalId = "a", title = "Registered Nurse" } } })).ShouldHave(HttpStatusCode.OK).Json;
        var components = match.GetProperty("results")[0].GetProperty("explanation").GetProperty("components").EnumerateArray()
            .ToDictionary(c => c.GetProperty("name").GetString()!, c => c.GetProperty("weight").GetDouble());
        components["semantic-similarity"].ShouldBe(0.5, 0.0001);
        components["title"].ShouldBe(0.5, 0.0001);

        (await api.Post("/api/v1/icps", NurseIcp(new { semantic = -1 }))).ShouldBeProblem(HttpStatusCode.BadRequest, "weights");
        (await api.Post("/api/v1/icps", NurseIcp(new { semantic = 0, title = 0, seniority = 0, skills = 0, industry = 0, location = 0, companySize = 0 })))
            .ShouldBeProblem(HttpStatusCode.BadRequest, "weights");
    }

    [Fact]
    public async Task An_unused_icp_is_deleted_with_its_versions_and_vectors_and_a_used_one_is_kept()
    {
        var api = app.Client(12);
        var unused = await api.CreateIcp();
        (await api.Put($"/api/v1/icps/{unused}", NurseIcp())).ShouldHave(HttpStatusCode.OK);
        (await api.Post($"/api/v1/icps/{unused}/match", new { profiles = new[] { new { externalId = "a", title = "Registered Nurse" } } }))
            .ShouldHave(HttpStatusCode.OK);
        await using (var session = app.Store.QuerySession(AppFixture.TenantName(12)))
            (await session.Query<LeadGen.Application.Scoring.IcpVector>().CountAsync(v => v.IcpId == unused, TestContext.Current.CancellationToken))
                .ShouldBe(1);

        (await api.Send(HttpMethod.Delete, $"/api/v1/icps/{unused}")).ShouldHave(HttpStatusCode.NoContent);

        (await api.Get($"/api/v1/icps/{unused}")).ShouldBeProblem(HttpStatusCode.NotFound);
        (await api.Get($"/api/v1/icps/{unused}/versions")).ShouldBeProblem(HttpStatusCode.NotFound);
        await using (var session = app.Store.QuerySession(AppFixture.TenantName(12)))
        {
            (await session.Query<LeadGen.Application.Scoring.IcpVector>().CountAsync(v => v.IcpId == unused, TestContext.Current.CancellationToken)).ShouldBe(0);
            (await session.Query<LeadGen.Domain.Icps.IcpRevision>().CountAsync(r => r.IcpId == unused, TestContext.Current.CancellationToken)).ShouldBe(0);
        }

        var used = await api.CreateIcp();
        await api.StartCampaign(used, maxProspects: 5);
        (await api.Send(HttpMethod.Delete, $"/api/v1/icps/{used}")).ShouldBeProblem(HttpStatusCode.Conflict);
        (await app.Client(14).Send(HttpMethod.Delete, $"/api/v1/icps/{used}")).ShouldBeProblem(HttpStatusCode.NotFound);
        (await api.Get($"/api/v1/icps/{used}")).ShouldHave(HttpStatusCode.OK);
    }
}
