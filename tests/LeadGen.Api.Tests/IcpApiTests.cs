using System.Net;

namespace LeadGen.Api.Tests;

public class IcpApiTests(AppFixture app)
{
    [Fact]
    public async Task An_icp_is_created_and_read_back_by_its_location()
    {
        var api = app.Client(0);
        var created = (await api.Post("/api/v1/icps", Scenarios.DataEngineerIcp("Readers"))).ShouldHave(HttpStatusCode.Created);
        var id = created.Json.GetProperty("id").GetGuid();
        created.Location!.ToString().ShouldBe($"/api/v1/icps/{id}");

        var read = (await api.Get(created.Location.ToString())).ShouldHave(HttpStatusCode.OK).Json;
        read.GetProperty("name").GetString().ShouldBe("Readers");
        read.GetProperty("version").GetInt32().ShouldBe(1);
        read.GetProperty("criteria").GetProperty("titles").GetArrayLength().ShouldBe(4);

        var listed = (await api.Get("/api/v1/icps?limit=200")).ShouldHave(HttpStatusCode.OK).Json;
        listed.GetProperty("items").EnumerateArray().ShouldContain(i => i.GetProperty("id").GetGuid() == id);
    }

    [Fact]
    public async Task Another_tenants_icp_and_an_unknown_id_are_not_found()
    {
        var id = await app.Client(1).CreateIcp();
        (await app.Client(2).Get($"/api/v1/icps/{id}")).ShouldBeProblem(HttpStatusCode.NotFound);
        (await app.Client(1).Get($"/api/v1/icps/{Guid.NewGuid()}")).ShouldBeProblem(HttpStatusCode.NotFound);
        (await app.Client(2).Get("/api/v1/icps?limit=200")).Json.GetProperty("items").EnumerateArray()
            .ShouldNotContain(i => i.GetProperty("id").GetGuid() == id);
    }

    [Fact]
    public async Task Invalid_icps_are_refused_with_the_offending_fields()
    {
        var api = app.Client(0);
        (await api.Post("/api/v1/icps", new { name = "", persona = "" })).ShouldBeProblem(HttpStatusCode.BadRequest, "name", "persona");
        (await api.Post("/api/v1/icps", new
        {
            name = "x", persona = "y",
            criteria = new { titles = new[] { "CTO" }, seniorities = new[] { "emperor" }, companySizes = new[] { "huge" } },
        })).ShouldBeProblem(HttpStatusCode.BadRequest, "criteria.seniorities[0]", "criteria.companySizes[0]");
        (await api.Post("/api/v1/icps", new { name = "x", persona = "y", criteria = new { } }))
            .ShouldBeProblem(HttpStatusCode.BadRequest, "criteria");
    }

    [Theory]
    [InlineData("{\"name\": \"x\", \"persona\": ")]
    [InlineData("{\"name\": 42, \"persona\": \"y\"}")]
    [InlineData("not json at all")]
    [InlineData("")]
    public async Task Malformed_json_is_a_400_problem(string body) =>
        (await app.Client(0).Post("/api/v1/icps", body)).ShouldBeProblem(HttpStatusCode.BadRequest);

    [Fact]
    public async Task Requests_without_a_known_api_key_are_unauthorised()
    {
        (await new ApiClient(app.Host.Server.CreateClient(), null).Get("/api/v1/icps")).ShouldBeProblem(HttpStatusCode.Unauthorized);
        (await new ApiClient(app.Host.Server.CreateClient(), "wrong-key").Get("/api/v1/icps")).ShouldBeProblem(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Health_and_api_description_need_no_key()
    {
        var anonymous = new ApiClient(app.Host.Server.CreateClient(), null);
        (await anonymous.Get("/health/live")).ShouldHave(HttpStatusCode.OK);
        (await anonymous.Get("/health/ready")).ShouldHave(HttpStatusCode.OK);
        var openApi = (await anonymous.Get("/openapi/v1.json")).ShouldHave(HttpStatusCode.OK).Json;
        openApi.GetProperty("paths").TryGetProperty("/api/v1/prospecting/campaigns", out _).ShouldBeTrue();
        (await anonymous.Get("/scalar/")).ShouldHave(HttpStatusCode.OK);
    }
}
