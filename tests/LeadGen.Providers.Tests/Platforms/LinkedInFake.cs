using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using LeadGen.Application.Ports;
using LeadGen.Infrastructure.Platforms;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WireMock;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Types;
using WireMock.Util;

namespace LeadGen.Providers.Tests.Platforms;

/// <summary>
/// LinkedIn played by one WireMock server, speaking its documented API, with LeadGen wired to it as in production
/// (<see cref="PlatformRegistration.AddLinkedInPlatform"/> over configuration whose BaseUrl and TokenUrl point here):
/// <list type="bullet">
/// <item>POST /oauth/v2/accessToken, form-encoded grant_type=refresh_token: issues <c>li-access-N</c> tokens, or 400
/// invalid_grant for a refresh token it does not know, 401 invalid_client for wrong client credentials;</item>
/// <item>GET /rest/leadFormResponses?q=owner&amp;owner=(sponsoredAccount:urn%3Ali%3AsponsoredAccount%3A…)&amp;leadType=(leadType:SPONSORED)&amp;start&amp;count:
/// the account's leads in submission order, at most <see cref="MaxCount"/> per answer, with paging.total and a "next"
/// link; 403 ACCESS_DENIED for an account the member has no role on (<see cref="DenyAccount"/>);</item>
/// <item>GET /rest/leadForms/{id}: the form, 404 for an unknown one.</item>
/// </list>
/// Both API endpoints answer 401 INVALID_ACCESS_TOKEN to a token the fake did not issue (or <see cref="AcceptToken"/>),
/// and 400 without the LinkedIn-Version and X-Restli-Protocol-Version headers. Tests inject failures with WireMock
/// mappings of their own, which take precedence over these (<see cref="ApiPriority"/>).
/// </summary>
public sealed partial class LinkedInFake : IDisposable
{
    public const string ClientId = "77li-client-id";
    public const string ClientSecret = "li-secret-Zq93kTpW";
    public const string RefreshToken = "AQX-refresh-5d2c9f0b";
    public const string TokenPath = "/oauth/v2/accessToken";
    public const string ResponsesPath = "/rest/leadFormResponses";
    public const string InvalidToken = """{"status":401,"serviceErrorCode":65600,"code":"INVALID_ACCESS_TOKEN","message":"Invalid access token"}""";

    /// <summary>The priority of the fake's own mappings: a test's mappings (priority 0 by default) come first.</summary>
    private const int ApiPriority = 100;

    private readonly ServiceProvider services;
    private readonly ConcurrentDictionary<string, List<JsonObject>> leads = new();
    private readonly ConcurrentDictionary<long, JsonObject> forms = new();
    private readonly ConcurrentDictionary<string, bool> validTokens = new();
    private readonly ConcurrentDictionary<string, bool> deniedAccounts = new();
    private readonly ConcurrentQueue<string> issued = new();
    private string currentRefreshToken = RefreshToken;
    private int tokensIssued;

    public LinkedInFake(IReadOnlyDictionary<string, string?>? settings = null, params string[] sponsoredAccounts)
    {
        Server = WireMockServer.Start();
        // The first answer of a fresh server can take seconds on a busy machine: paid here, before any timeout runs.
        using (var client = new HttpClient { Timeout = TimeSpan.FromSeconds(30) })
        {
            client.GetAsync(new Uri($"{Server.Url}/warm-up")).GetAwaiter().GetResult().Dispose();
        }

        Server.ResetLogEntries();
        Server.Given(Request.Create().WithPath(TokenPath).UsingPost()).AtPriority(ApiPriority)
            .RespondWith(Response.Create().WithCallback(IssueToken));
        Server.Given(Request.Create().WithPath(ResponsesPath).UsingGet()).AtPriority(ApiPriority)
            .RespondWith(Response.Create().WithCallback(request => Authorized(request, ListLeads)));
        Server.Given(Request.Create().WithPath(new WireMock.Matchers.RegexMatcher(@"^/rest/leadForms/\d+$")).UsingGet()).AtPriority(ApiPriority)
            .RespondWith(Response.Create().WithCallback(request => Authorized(request, GetForm)));

        var linkedIn = new Dictionary<string, string?>
        {
            ["BaseUrl"] = $"{Server.Url}/rest",
            ["TokenUrl"] = $"{Server.Url}{TokenPath}",
            ["ClientId"] = ClientId,
            ["ClientSecret"] = ClientSecret,
            ["RefreshToken"] = RefreshToken,
            // Roomy enough for a cold fake on a busy machine (tests run in parallel); the timeout test shrinks them.
            ["TimeoutSeconds"] = "2",
            ["TotalTimeoutSeconds"] = "8",
            ["Retry:MaxRetries"] = "3",
            ["Retry:BaseDelaySeconds"] = "0.01",
            ["Retry:MaxDelaySeconds"] = "0.05",
            ["Retry:MaxRetryAfterSeconds"] = "5",
            ["RateLimit:PermitsPerSecond"] = "100",
            ["TokenRefreshMarginSeconds"] = "300",
        };
        var accounts = sponsoredAccounts.Length > 0 ? sponsoredAccounts : ["urn:li:sponsoredAccount:5001"];
        for (var i = 0; i < accounts.Length; i++) linkedIn[$"SponsoredAccounts:{i}"] = accounts[i];
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) linkedIn[key] = value;

        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(linkedIn.ToDictionary(kv => $"Providers:LinkedIn:{kv.Key}", kv => kv.Value))
            .Build();
        var collection = new ServiceCollection();
        collection.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(Logs));
        collection.AddLinkedInPlatform(configuration);
        services = collection.BuildServiceProvider();
    }

    public WireMockServer Server { get; }

    /// <summary>Everything any logger in the container wrote, at every level.</summary>
    public CapturedLogs Logs { get; } = new();

    /// <summary>The platform as discovery sees it: the registered IProspectingPlatform named "linkedin".</summary>
    public IProspectingPlatform Platform => services.GetServices<IProspectingPlatform>().Single(p => p.Name == "linkedin");

    /// <summary>The most leads one answer holds, whatever count asked for (Rest.li servers cap it).</summary>
    public int MaxCount { get; set; } = 100;

    /// <summary>expires_in of the tokens the fake issues: LinkedIn's 60 days unless a test shortens it.</summary>
    public long TokenLifetimeSeconds { get; set; } = 5_184_000;

    /// <summary>How long the token endpoint takes to answer.</summary>
    public TimeSpan TokenDelay { get; set; } = TimeSpan.Zero;

    /// <summary>The refresh token the fake hands out with each new access token, so the next refresh must use it.</summary>
    public string? RotatesRefreshTokenTo { get; set; }

    /// <summary>When set, every access token is refused, freshly issued ones too.</summary>
    public bool RefusesEveryToken { get; set; }

    /// <summary>The access tokens issued so far, oldest first.</summary>
    public IReadOnlyCollection<string> IssuedTokens => issued;

    public void AcceptToken(string token) => validTokens[token] = true;

    /// <summary>The authorizing member has no lead-sync role on this ad account: its leads are refused (403).</summary>
    public void DenyAccount(string accountId) => deniedAccounts[accountId] = true;

    /// <summary>A lead gen form with LinkedIn's predefined questions, a custom one, and the given consent checkboxes
    /// (id, text, required).</summary>
    public void AddForm(long formId, params (long Id, string Text, bool Required)[] consents)
    {
        string[] predefined = ["FIRST_NAME", "LAST_NAME", "EMAIL", "WORK_EMAIL", "JOB_TITLE", "COMPANY_NAME", "CITY", "COUNTRY", "LINKEDIN_PROFILE_LINK"];
        var questions = new JsonArray();
        for (var i = 0; i < predefined.Length; i++)
        {
            questions.Add(new JsonObject
            {
                ["questionId"] = QuestionId(formId, predefined[i]),
                ["question"] = Localized(predefined[i].Replace('_', ' ').ToLowerInvariant()),
                ["name"] = predefined[i],
                ["responseEditable"] = true,
                ["questionDetails"] = new JsonObject { ["textQuestionDetails"] = new JsonObject { ["maxResponseLength"] = 300 } },
                ["predefinedField"] = predefined[i],
                ["responseRequired"] = i < 3,
            });
        }

        questions.Add(new JsonObject
        {
            ["questionId"] = QuestionId(formId, "CUSTOM"),
            ["question"] = Localized("What is your biggest data challenge?"),
            ["name"] = "Custom question 0",
            ["questionDetails"] = new JsonObject { ["textQuestionDetails"] = new JsonObject { ["maxResponseLength"] = 300 } },
            ["responseRequired"] = false,
        });

        var checkboxes = new JsonArray();
        foreach (var (id, text, required) in consents)
        {
            checkboxes.Add(new JsonObject { ["id"] = id, ["checkRequired"] = required, ["consent"] = Localized(text) });
        }

        forms[formId] = new JsonObject
        {
            ["id"] = formId,
            ["versionId"] = 1,
            ["name"] = $"Form {formId}",
            ["state"] = "PUBLISHED",
            ["creationLocale"] = new JsonObject { ["country"] = "US", ["language"] = "en" },
            ["content"] = new JsonObject
            {
                ["questions"] = questions,
                ["legalInfo"] = new JsonObject
                {
                    ["legalInfoId"] = formId * 10,
                    ["privacyPolicyUrl"] = "https://acme.example/privacy",
                    ["legalDisclaimer"] = Localized("Acme will use your data as described in its privacy policy."),
                    ["consents"] = checkboxes,
                },
            },
        };
    }

    /// <summary>A person's submission of a form to an ad account, with their answers to the predefined questions
    /// (null: not asked) and their consent checkboxes (id, accepted).</summary>
    public void AddLead(string accountId, string leadId, long formId, LinkedInMember person, DateTimeOffset submittedAt,
        params (long Id, bool Accepted)[] consents)
    {
        ArgumentNullException.ThrowIfNull(person);
        var answers = new JsonArray();
        foreach (var (field, text) in person.Answers())
        {
            answers.Add(new JsonObject
            {
                ["answerDetails"] = new JsonObject { ["textQuestionAnswer"] = new JsonObject { ["answer"] = text } },
                ["questionId"] = QuestionId(formId, field),
            });
        }

        var consentResponses = new JsonArray();
        foreach (var (id, accepted) in consents) consentResponses.Add(new JsonObject { ["accepted"] = accepted, ["consentId"] = id });

        leads.GetOrAdd(accountId, _ => []).Add(new JsonObject
        {
            ["owner"] = new JsonObject { ["sponsoredAccount"] = $"urn:li:sponsoredAccount:{accountId}" },
            ["submitter"] = $"urn:li:person:{leadId[..Math.Min(8, leadId.Length)]}",
            ["leadType"] = "SPONSORED",
            ["leadMetadata"] = new JsonObject { ["sponsoredLeadMetadata"] = new JsonObject { ["campaign"] = "urn:li:sponsoredCampaign:198356826" } },
            ["versionedLeadGenFormUrn"] = FormUrn(formId),
            ["id"] = leadId,
            ["submittedAt"] = submittedAt.ToUnixTimeMilliseconds(),
            ["testLead"] = false,
            ["associatedEntity"] = new JsonObject { ["associatedCreative"] = "urn:li:sponsoredCreative:241257736" },
            ["formResponse"] = new JsonObject { ["consentResponses"] = consentResponses, ["answers"] = answers },
        });
    }

    public static string FormUrn(long formId) => $"urn:li:versionedLeadGenForm:(urn:li:leadGenForm:{formId},1)";

    /// <summary>The requests the fake received on a path (or, ending in '/', under it), oldest first.</summary>
    public IReadOnlyList<IRequestMessage> Received(string path) => Server.LogEntries
        .Select(e => e.RequestMessage)
        .OfType<IRequestMessage>()
        .Where(r => path.EndsWith('/') ? r.Path.StartsWith(path, StringComparison.Ordinal) : r.Path == path)
        .OrderBy(r => r.DateTime)
        .ToList();

    /// <summary>A query parameter as sent, still escaped.</summary>
    public static string? RawParameter(IRequestMessage request, string name) =>
        (request.RawQuery ?? "").TrimStart('?').Split('&')
            .Select(p => p.Split('=', 2))
            .Where(p => p.Length == 2 && p[0] == name)
            .Select(p => p[1])
            .FirstOrDefault();

    public static string? Header(IRequestMessage request, string name) =>
        request.Headers?.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value?.FirstOrDefault();

    public static Dictionary<string, string> FormBody(IRequestMessage request) =>
        (request.Body ?? "").Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .ToDictionary(p => Uri.UnescapeDataString(p[0].Replace('+', ' ')), p => Uri.UnescapeDataString(p.ElementAtOrDefault(1)?.Replace('+', ' ') ?? ""));

    public static ResponseMessage Json(int status, string body, string? retryAfter = null)
    {
        var headers = new Dictionary<string, WireMockList<string>> { ["Content-Type"] = new("application/json") };
        if (retryAfter is not null) headers["Retry-After"] = new(retryAfter);
        return new ResponseMessage
        {
            StatusCode = status,
            Headers = headers,
            BodyData = new BodyData { BodyAsString = body, DetectedBodyType = BodyType.String },
        };
    }

    public void Dispose()
    {
        services.Dispose();
        Server.Stop();
        Server.Dispose();
    }

    private static long QuestionId(long formId, string field) => formId * 100 + field switch
    {
        "FIRST_NAME" => 1, "LAST_NAME" => 2, "EMAIL" => 3, "WORK_EMAIL" => 4, "JOB_TITLE" => 5, "COMPANY_NAME" => 6,
        "CITY" => 7, "COUNTRY" => 8, "LINKEDIN_PROFILE_LINK" => 9, _ => 10,
    };

    private static JsonObject Localized(string text) => new() { ["localized"] = new JsonObject { ["en_US"] = text } };

    private async Task<IResponseMessage> IssueToken(IRequestMessage request)
    {
        if (TokenDelay > TimeSpan.Zero) await Task.Delay(TokenDelay);
        var form = FormBody(request);
        if (form.GetValueOrDefault("client_id") != ClientId || form.GetValueOrDefault("client_secret") != ClientSecret)
        {
            return Json(401, """{"error":"invalid_client","error_description":"Client authentication failed"}""");
        }

        if (form.GetValueOrDefault("grant_type") != "refresh_token" || form.GetValueOrDefault("refresh_token") != Volatile.Read(ref currentRefreshToken))
        {
            return Json(400, """{"error":"invalid_grant","error_description":"The provided authorization grant or refresh token is invalid, expired or revoked"}""");
        }

        var token = $"li-access-{Interlocked.Increment(ref tokensIssued)}";
        issued.Enqueue(token);
        validTokens[token] = true;
        var answer = new JsonObject
        {
            ["access_token"] = token,
            ["expires_in"] = TokenLifetimeSeconds,
            ["refresh_token"] = RotatesRefreshTokenTo ?? RefreshToken,
            ["refresh_token_expires_in"] = 31_536_000,
            ["scope"] = "r_ads,r_marketing_leadgen_automation,r_organization_admin",
        };
        if (RotatesRefreshTokenTo is not null) Volatile.Write(ref currentRefreshToken, RotatesRefreshTokenTo);
        return Json(200, answer.ToJsonString());
    }

    private IResponseMessage Authorized(IRequestMessage request, Func<IRequestMessage, IResponseMessage> answer)
    {
        var authorization = Header(request, "Authorization") ?? "";
        var token = authorization.StartsWith("Bearer ", StringComparison.Ordinal) ? authorization["Bearer ".Length..] : "";
        if (RefusesEveryToken || !validTokens.ContainsKey(token)) return Json(401, InvalidToken);
        if (Header(request, "LinkedIn-Version") is not { Length: 6 } || Header(request, "X-Restli-Protocol-Version") != "2.0.0")
        {
            return Json(400, """{"status":400,"code":"VERSION_MISSING","message":"A version must be present"}""");
        }

        return answer(request);
    }

    private IResponseMessage ListLeads(IRequestMessage request)
    {
        var owner = Uri.UnescapeDataString(RawParameter(request, "owner") ?? "");
        if (RawParameter(request, "q") != "owner" || OwnerPattern().Match(owner) is not { Success: true } match
            || RawParameter(request, "leadType") != "(leadType:SPONSORED)")
        {
            return Json(400, """{"status":400,"code":"ILLEGAL_ARGUMENT","message":"Invalid query parameters"}""");
        }

        var account = match.Groups[1].Value;
        if (deniedAccounts.ContainsKey(account))
        {
            return Json(403, """{"status":403,"serviceErrorCode":100,"code":"ACCESS_DENIED","message":"Not enough permissions to access: partnerApiLeadFormResponses.FINDER-owner"}""");
        }

        var all = leads.GetValueOrDefault(account) ?? [];
        var start = int.Parse(RawParameter(request, "start") ?? "0", CultureInfo.InvariantCulture);
        var count = Math.Min(int.Parse(RawParameter(request, "count") ?? "10", CultureInfo.InvariantCulture), MaxCount);
        var page = all.Skip(start).Take(count).Select(lead => lead.DeepClone()).ToArray();
        var links = new JsonArray();
        if (start + page.Length < all.Count)
        {
            links.Add(new JsonObject
            {
                ["type"] = "application/json",
                ["rel"] = "next",
                ["href"] = $"/rest/leadFormResponses?q=owner&start={start + page.Length}&count={count}",
            });
        }

        var body = new JsonObject
        {
            ["paging"] = new JsonObject { ["start"] = start, ["count"] = count, ["links"] = links, ["total"] = all.Count },
            ["elements"] = new JsonArray(page),
        };
        return Json(200, body.ToJsonString());
    }

    private IResponseMessage GetForm(IRequestMessage request)
    {
        var id = long.Parse(request.Path["/rest/leadForms/".Length..], CultureInfo.InvariantCulture);
        return forms.TryGetValue(id, out var form)
            ? Json(200, form.ToJsonString())
            : Json(404, """{"status":404,"code":"NOT_FOUND","message":"Lead form not found"}""");
    }

    [GeneratedRegex(@"^\(sponsoredAccount:urn:li:sponsoredAccount:(\d+)\)$")]
    private static partial Regex OwnerPattern();
}

/// <summary>What a person answered to a form's predefined questions; null for a question left out.</summary>
public sealed record LinkedInMember(string FirstName, string LastName, string? JobTitle = null, string? Company = null,
    string? City = null, string? Country = null, string? Email = null, string? WorkEmail = null, string? ProfileLink = null,
    string? Custom = null)
{
    public IEnumerable<(string Field, string Text)> Answers()
    {
        (string, string?)[] all =
        [
            ("FIRST_NAME", FirstName), ("LAST_NAME", LastName), ("EMAIL", Email), ("WORK_EMAIL", WorkEmail),
            ("JOB_TITLE", JobTitle), ("COMPANY_NAME", Company), ("CITY", City), ("COUNTRY", Country),
            ("LINKEDIN_PROFILE_LINK", ProfileLink), ("CUSTOM", Custom),
        ];
        return all.Where(a => a.Item2 is not null).Select(a => (a.Item1, a.Item2!));
    }
}
