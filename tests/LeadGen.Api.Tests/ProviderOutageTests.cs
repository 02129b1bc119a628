using System.Net;
using Alba;
using LeadGen.Domain.Prospects;
using Microsoft.AspNetCore.Hosting;
using WireMock.RequestBuilders;
using FakeResponse = WireMock.ResponseBuilders.Response;
using WireMock.Server;

namespace LeadGen.Api.Tests;

/// <summary>A host whose email waterfall is Hunter, played by a local fake of Hunter's API that refuses our key: the
/// prospects that reach enrichment fail with the reason, nothing else does, and the campaign still completes.</summary>
public class ProviderOutageTests
{
    [Fact]
    public async Task A_provider_refusing_our_key_fails_only_the_prospects_that_needed_it_and_the_campaign_completes()
    {
        using var hunter = WireMockServer.Start();
        hunter.Given(Request.Create().WithPath("/v2/email-finder").UsingGet())
            .RespondWith(FakeResponse.Create().WithStatusCode(401).WithHeader("Content-Type", "application/json")
                .WithBody("""{"errors":[{"id":"authentication_failed","code":401,"details":"No user found for the API key supplied"}]}"""));
        var (connectionString, database) = await TestDatabase.Create("outage");
        try
        {
            await using var host = await AlbaHost.For<Program>(builder =>
            {
                builder.UseSetting("ConnectionStrings:Postgres", connectionString);
                builder.UseSetting("Providers:Hunter:ApiKey", "revoked-key");
                builder.UseSetting("Providers:Hunter:BaseUrl", hunter.Url);
                builder.UseSetting("Enrichment:Email:0", "hunter");
            });
            var api = new ApiClient(host.Server.CreateClient(), AppFixture.KeyOf(0));
            var campaignId = await api.StartCampaign(await api.CreateIcp(), maxProspects: 30, minMatchScore: 0.5);

            var done = await api.WaitUntilSettled(campaignId);

            done.GetProperty("status").GetString().ShouldBe("completed");
            var prospects = await api.AllProspects(campaignId);
            var failed = prospects.Where(p => p.GetProperty("stage").GetString() == "failed").ToList();
            failed.Count.ShouldBe(prospects.Count(p => p.GetProperty("score").GetDouble() >= 0.5));
            failed.ShouldNotBeEmpty();
            prospects.ShouldAllBe(p => p.GetProperty("stage").GetString() == "failed" || p.GetProperty("stage").GetString() == "rejected");

            var details = (await api.Get($"/api/v1/prospecting/prospects/{failed[0].GetProperty("id").GetGuid()}")).ShouldHave(HttpStatusCode.OK).Json;
            var reason = details.GetProperty("campaigns")[0].GetProperty("reason").GetString();
            reason.ShouldNotBeNull().ShouldContain("401");
            reason.ShouldNotContain(failed[0].GetProperty("name").GetString()!);
            // A refusal is permanent: each prospect was asked about once, never retried.
            hunter.LogEntries.Count().ShouldBe(failed.Count);
        }
        finally
        {
            await TestDatabase.Drop(database);
        }
    }
}
