using System.Net;

namespace LeadGen.Api.Tests;

/// <summary>The API serves the dashboard's page for its client routes, anonymously and under its content security
/// policy, and nothing else changes: other methods, unknown API paths and unmapped webhooks keep their 404 problems.</summary>
public class DashboardServingTests(AppFixture app)
{
    [Fact]
    public async Task A_client_route_gets_the_page_and_everything_else_keeps_its_problem_answers()
    {
        File.Exists(Path.Combine(HostProcess.RepositoryRoot(), "src", "Api", "wwwroot", "index.html"))
            .ShouldBeTrue("the dashboard must be built first (./leadgen test does)");
        var anonymous = new ApiClient(app.Host.Server.CreateClient(), null);

        var page = await anonymous.Get($"/campaigns/{Guid.NewGuid()}");
        page.ShouldHave(HttpStatusCode.OK).MediaType.ShouldBe("text/html");
        page.Body.ShouldContain("<main id=\"main\"");

        (await app.Client(23, "admin").Post($"/campaigns/{Guid.NewGuid()}", new { })).ShouldBeProblem(HttpStatusCode.NotFound);
        (await app.Client(23, "admin").Post($"/api/v1/prospecting/campaigns/{Guid.NewGuid()}/cancel")).ShouldBeProblem(HttpStatusCode.NotFound);
        (await app.Client(23, "admin").Get("/api/v1/no-such-thing")).ShouldBeProblem(HttpStatusCode.NotFound);
        (await app.Client(23, "admin").Get("/health/nothing-here")).ShouldBeProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_page_carries_its_content_security_policy()
    {
        var response = await app.Host.Server.CreateClient().GetAsync("/icps", TestContext.Current.CancellationToken);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Headers.GetValues("Content-Security-Policy").Single().ShouldStartWith("default-src 'self'");
        response.Headers.GetValues("X-Content-Type-Options").Single().ShouldBe("nosniff");
    }
}
