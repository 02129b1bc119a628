using System.Collections.Concurrent;
using WireMock.RequestBuilders;
using WireMock.Server;
using FakeResponse = WireMock.ResponseBuilders.Response;

namespace LeadGen.Api.Tests;

/// <summary>A local fake of Hunter's Email Finder and Email Verifier that holds back one answer until the test
/// releases it (the first, or the one after <c>answersBeforeHolding</c>), so that a test can act while an
/// enrichment waits on a paid call. Every answer is found and billed; each finder question is counted by the name asked,
/// when it is answered.</summary>
public sealed class GatedHunter : IDisposable
{
    private readonly WireMockServer server = WireMockServer.Start();
    private readonly TaskCompletionSource<string> firstAsked = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int finderCalls;
    private int verifierAnswers;

    public GatedHunter(int answersBeforeHolding = 0)
    {
        server.Given(Request.Create().WithPath("/v2/email-finder").UsingGet()).RespondWith(FakeResponse.Create().WithCallback(async request =>
        {
            var first = request.Query!.TryGetValue("first_name", out var f) ? f.ToString() : "someone";
            var last = request.Query!.TryGetValue("last_name", out var l) ? l.ToString() : "else";
            var domain = request.Query!.TryGetValue("domain", out var d) ? d.ToString() : "example.com";
            var name = $"{first} {last}";
            if (Interlocked.Increment(ref finderCalls) == answersBeforeHolding + 1 && firstAsked.TrySetResult(name)) await released.Task;
            FinderAnswers.AddOrUpdate(name, 1, (_, n) => n + 1);
            return FakeAnswer.Json(200, $$$"""
                {"data":{"first_name":"{{{first}}}","last_name":"{{{last}}}","email":"{{{Mailbox(first, last, domain)}}}","score":91,"domain":"{{{domain}}}"},"meta":{}}
                """);
        }));
        server.Given(Request.Create().WithPath("/v2/email-verifier").UsingGet()).RespondWith(FakeResponse.Create().WithCallback(request =>
        {
            Interlocked.Increment(ref verifierAnswers);
            return FakeAnswer.Json(200, $$$"""{"data":{"status":"valid","result":"deliverable","score":95,"email":"{{{request.Query!["email"]}}}"},"meta":{}}""");
        }));
    }

    /// <summary>The settings that make Hunter the host's only email provider, pointed at this fake.</summary>
    public Dictionary<string, string> Settings => new()
    {
        ["Providers:Hunter:ApiKey"] = "hunter-test-key", ["Providers:Hunter:BaseUrl"] = server.Url!, ["Enrichment:Email:0"] = "hunter",
    };

    /// <summary>How many times the finder answered (and billed) each name.</summary>
    public ConcurrentDictionary<string, int> FinderAnswers { get; } = new();

    /// <summary>How many addresses the verifier answered for (each billed).</summary>
    public int VerifierAnswers => Volatile.Read(ref verifierAnswers);

    /// <summary>The name whose answer is held, once the fake holds it.</summary>
    public Task<string> Holding => firstAsked.Task;

    public void Release() => released.TrySetResult();

    /// <summary>The address the fake finds for a person, without the domain when <paramref name="domain"/> is empty.</summary>
    public static string Mailbox(string first, string last, string domain) =>
        $"{first}.{last}".ToLowerInvariant().Replace(' ', '-') + (domain.Length > 0 ? $"@{domain}" : "");

    /// <summary>Starts a campaign of 20 prospects that all go on to enrichment and waits until the fake holds the answer
    /// for the first of them: the campaign, that prospect and their full name.</summary>
    public async Task<(Guid Campaign, Guid Prospect, string Name)> StartCampaignAndHoldFirstAnswer(ApiClient api, CancellationToken ct)
    {
        var campaign = await api.StartCampaign(await api.CreateIcp(Scenarios.SoftwareAndDataIcp()), maxProspects: 20, minMatchScore: 0.0);
        var name = await firstAsked.Task.WaitAsync(TimeSpan.FromSeconds(120), ct);
        return (campaign, await ProspectNamed(api, campaign, name), name);
    }

    private static async Task<Guid> ProspectNamed(ApiClient api, Guid campaign, string name)
    {
        foreach (var row in await api.AllProspects(campaign))
        {
            var id = row.GetProperty("id").GetGuid();
            if ((await api.Get($"/api/v1/prospecting/prospects/{id}")).Json.GetProperty("profile").GetProperty("name").GetString() == name) return id;
        }

        throw new InvalidOperationException($"No prospect of the campaign has the name the fake was asked about ({name.Length} characters).");
    }

    public void Dispose()
    {
        Release();
        server.Stop();
        server.Dispose();
    }
}
