using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using LeadGen.Application.Ports;
using LeadGen.Infrastructure.Platforms.Facebook;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WireMock;
using WireMock.Matchers;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Types;
using WireMock.Util;

namespace LeadGen.Providers.Tests.Platforms;

/// <summary>A lead as the fake Graph holds it: its answers by question key, its consent checkboxes.</summary>
public sealed record FakeLead(string Id, DateTimeOffset Created, IReadOnlyDictionary<string, string> Answers,
    IReadOnlyList<(string Key, string IsChecked)>? Disclaimers = null);

/// <summary>
/// Meta's Graph API v21.0 as far as Lead Ads retrieval goes, played by a WireMock server: <c>GET /v21.0/{form}/leads</c>
/// serves each form's leads in pages of at most <see cref="MaxPageSize"/> (Graph caps <c>limit</c> too), with opaque
/// <c>paging.cursors.after</c> cursors and a <c>paging.next</c> link only while more remain; a missing or wrong Bearer
/// token is Graph's error 190. Answers queued with <see cref="Answer"/> are served first, one per request.
/// LeadGen's services are wired as in production by <see cref="FacebookRegistration.AddFacebookPlatform"/> over
/// configuration pointing Providers:Facebook:BaseUrl here, with timeouts and backoffs shrunk.
/// </summary>
public sealed class FacebookGraphFake : IDisposable
{
    public const string Token = "EAAGm0PX4ZCpsBAFakePageToken9c1d";
    public const string LeadsPath = "/v21.0/*/leads";

    private readonly ConcurrentDictionary<string, IReadOnlyList<FakeLead>> forms = new();
    private readonly ConcurrentQueue<IResponseMessage> queued = new();
    private readonly ServiceProvider services;

    public FacebookGraphFake(IReadOnlyList<string> formIds, IReadOnlyDictionary<string, string?>? settings = null)
    {
        Server = WireMockServer.Start();
        // The first answer of a fresh server can take seconds on a busy machine: paid here, before any timeout runs.
        using (var client = new HttpClient { Timeout = TimeSpan.FromSeconds(30) })
        {
            client.GetAsync(new Uri($"{Server.Url}/warm-up")).GetAwaiter().GetResult().Dispose();
        }

        Server.ResetLogEntries();
        Server.Given(Request.Create().WithPath(new WildcardMatcher(LeadsPath)).UsingGet()).RespondWith(Response.Create().WithCallback(AnswerAsync));

        var facebook = new Dictionary<string, string?>
        {
            ["BaseUrl"] = $"{Server.Url}/v21.0/",
            ["AccessToken"] = Token,
            ["TimeoutSeconds"] = "5",
            ["TotalTimeoutSeconds"] = "15",
            ["Retry:MaxRetries"] = "3",
            ["Retry:BaseDelaySeconds"] = "0.01",
            ["Retry:MaxDelaySeconds"] = "0.05",
            ["Retry:MaxRetryAfterSeconds"] = "5",
            ["RateLimit:PermitsPerSecond"] = "100",
        };
        for (var i = 0; i < formIds.Count; i++) facebook[$"Forms:{i}"] = formIds[i];
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) facebook[key] = value;

        services = Services(facebook, Logs);
    }

    public WireMockServer Server { get; }

    /// <summary>Everything any logger in the container wrote, at every level.</summary>
    public CapturedLogs Logs { get; } = new();

    /// <summary>The most leads Graph puts in one page, whatever <c>limit</c> asks.</summary>
    public int MaxPageSize { get; set; } = 25;

    /// <summary>How long every answer takes.</summary>
    public TimeSpan Delay { get; set; }

    public IProspectingPlatform Platform => services.GetServices<IProspectingPlatform>().Single(p => p.Name == "facebook");

    public FacebookGraphApi Graph => services.GetRequiredService<FacebookGraphApi>();

    public static ServiceProvider Services(IReadOnlyDictionary<string, string?> facebook, ILoggerProvider? logs = null)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(facebook.ToDictionary(kv => $"Providers:Facebook:{kv.Key}", kv => kv.Value))
            .Build();
        var collection = new ServiceCollection();
        collection.AddLogging(logging =>
        {
            logging.SetMinimumLevel(LogLevel.Trace);
            if (logs is not null) logging.AddProvider(logs);
        });
        collection.AddFacebookPlatform(configuration);
        return collection.BuildServiceProvider();
    }

    public void HasLeads(string formId, params FakeLead[] leads) => forms[formId] = leads;

    /// <summary>The next request gets this answer instead of its page.</summary>
    public void Answer(int status, string body, string? retryAfter = null)
    {
        var headers = new Dictionary<string, WireMockList<string>> { ["Content-Type"] = new("application/json") };
        if (retryAfter is not null) headers["Retry-After"] = new(retryAfter);
        queued.Enqueue(Message(status, body, headers));
    }

    /// <summary>Graph's error body.</summary>
    public static string Error(int code, string message, int? subcode = null, string type = "OAuthException") => JsonSerializer.Serialize(new
    {
        error = new Dictionary<string, object?>
        {
            ["message"] = message, ["type"] = type, ["code"] = code, ["error_subcode"] = subcode, ["fbtrace_id"] = "AbC1dEf2GhI",
        },
    });

    /// <summary>The lead requests the fake received, oldest first.</summary>
    public IReadOnlyList<IRequestMessage> Received() =>
        [.. Server.FindLogEntries(Request.Create().WithPath(new WildcardMatcher(LeadsPath))).Select(e => e.RequestMessage!).OrderBy(r => r.DateTime)];

    public static string FormOf(IRequestMessage request) => request.Path.Split('/')[^2];

    public static string? Param(IRequestMessage request, string name) =>
        request.Query is { } query && query.TryGetValue(name, out var values) ? string.Join(",", values) : null; // WireMock splits values at commas

    public void Dispose()
    {
        services.Dispose();
        Server.Stop();
        Server.Dispose();
    }

    private async Task<IResponseMessage> AnswerAsync(IRequestMessage request)
    {
        if (Delay > TimeSpan.Zero) await Task.Delay(Delay);
        if (queued.TryDequeue(out var answer)) return answer;

        var authorization = request.Headers is { } headers && headers.TryGetValue("Authorization", out var values) ? values.FirstOrDefault() : null;
        if (authorization != $"Bearer {Token}")
        {
            return Json(400, Error(190, "Invalid OAuth access token - Cannot parse access token"));
        }

        var leads = forms.GetValueOrDefault(FormOf(request)) ?? [];
        var start = Param(request, "after") is { } after ? int.Parse(Encoding.ASCII.GetString(Convert.FromBase64String(after)), CultureInfo.InvariantCulture) : 0;
        var limit = int.Parse(Param(request, "limit") ?? "25", CultureInfo.InvariantCulture);
        var page = leads.Skip(start).Take(Math.Min(limit, MaxPageSize)).ToList();
        if (page.Count == 0) return Json(200, """{"data":[]}""");

        var end = start + page.Count;
        string Cursor(int position) => Convert.ToBase64String(Encoding.ASCII.GetBytes(position.ToString(CultureInfo.InvariantCulture)));
        var paging = new Dictionary<string, object> { ["cursors"] = new { before = Cursor(start), after = Cursor(end) } };
        if (end < leads.Count) paging["next"] = $"https://graph.facebook.com/v21.0/{FormOf(request)}/leads?limit={limit}&after={Cursor(end)}";
        return Json(200, JsonSerializer.Serialize(new { data = page.Select(l => AsGraphLead(l, FormOf(request))), paging }));
    }

    private static object AsGraphLead(FakeLead lead, string formId)
    {
        var graph = new Dictionary<string, object>
        {
            ["id"] = lead.Id,
            ["created_time"] = lead.Created.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture) + "+0000",
            ["form_id"] = formId,
            ["field_data"] = lead.Answers.Select(a => new { name = a.Key, values = new[] { a.Value } }),
        };
        if (lead.Disclaimers is { } disclaimers)
        {
            graph["custom_disclaimer_responses"] = disclaimers.Select(d => new { checkbox_key = d.Key, is_checked = d.IsChecked });
        }

        return graph;
    }

    private static IResponseMessage Json(int status, string body) =>
        Message(status, body, new Dictionary<string, WireMockList<string>> { ["Content-Type"] = new("application/json") });

    private static ResponseMessage Message(int status, string body, IDictionary<string, WireMockList<string>> headers) => new()
    {
        StatusCode = status,
        Headers = headers,
        BodyData = new BodyData { BodyAsString = body, DetectedBodyType = BodyType.String },
    };
}
