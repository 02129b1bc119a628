using System.Net;

namespace LeadGen.Api.Tests;

/// <summary>Roles on every endpoint: analysts and compliance officers read, prospectors and admins change, admins alone
/// reach the admin endpoints; a wrong role is a 403 problem, and the caller's tenant still bounds what they see.</summary>
public class RoleTests(AppFixture app)
{
    [Fact]
    public async Task Readers_read_and_cannot_change_anything()
    {
        var icp = await app.Client(22).CreateIcp();
        var campaign = await app.Client(22).StartCampaign(icp, maxProspects: 5);
        foreach (var role in new[] { "analyst", "compliance" })
        {
            var reader = app.Client(22, role);
            (await reader.Get($"/api/v1/icps/{icp}")).ShouldHave(HttpStatusCode.OK);
            (await reader.Get("/api/v1/icps")).ShouldHave(HttpStatusCode.OK);
            (await reader.Get($"/api/v1/prospecting/campaigns/{campaign}")).ShouldHave(HttpStatusCode.OK);
            (await reader.Get($"/api/v1/prospecting/campaigns/{campaign}/costs")).ShouldHave(HttpStatusCode.OK);

            (await reader.Post("/api/v1/icps", Scenarios.DataEngineerIcp())).ShouldBeProblem(HttpStatusCode.Forbidden);
            (await reader.Put($"/api/v1/icps/{icp}", Scenarios.DataEngineerIcp())).ShouldBeProblem(HttpStatusCode.Forbidden);
            (await reader.Post("/api/v1/prospecting/campaigns",
                new { icpId = icp, platforms = new[] { "sample" }, maxProspects = 5, minMatchScore = 0.5 })).ShouldBeProblem(HttpStatusCode.Forbidden);
            (await reader.Post($"/api/v1/prospecting/campaigns/{campaign}/cancel")).ShouldBeProblem(HttpStatusCode.Forbidden);
            (await reader.Post($"/api/v1/icps/{icp}/archive")).ShouldBeProblem(HttpStatusCode.Forbidden);
            (await reader.Get("/api/v1/admin/dead-letters")).ShouldBeProblem(HttpStatusCode.Forbidden);
            // Another tenant's reader does not see this tenant's ICP at all.
            (await app.Client(23, role).Get($"/api/v1/icps/{icp}")).ShouldBeProblem(HttpStatusCode.NotFound);
        }
        (await app.Client(22).Get($"/api/v1/icps/{icp}")).Json.GetProperty("archived").GetBoolean().ShouldBeFalse();
    }

    [Fact]
    public async Task Admins_may_do_everything_prospectors_everything_but_admin()
    {
        var admin = app.Client(22, "admin");
        var icp = await admin.CreateIcp();
        (await admin.Get($"/api/v1/icps/{icp}")).ShouldHave(HttpStatusCode.OK);
        (await admin.Get("/api/v1/admin/dead-letters")).ShouldHave(HttpStatusCode.OK);
        (await app.Client(22).Get("/api/v1/admin/dead-letters")).ShouldBeProblem(HttpStatusCode.Forbidden);
        (await app.Client(22).Post($"/api/v1/icps/{icp}/archive")).ShouldHave(HttpStatusCode.OK);
    }
}
