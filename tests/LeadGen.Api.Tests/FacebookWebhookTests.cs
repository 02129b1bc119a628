using System.Net;
using System.Text;
using System.Text.Json;
using LeadGen.Application.Features.Webhooks;

namespace LeadGen.Api.Tests;

/// <summary>A host with the Facebook webhook configured (app secret, verify token, tenant), on a database of its own.</summary>
public sealed class FacebookWebhookHost : IAsyncLifetime
{
    public const string AppSecret = "3e7a91c0d4b2f68e1a5c9d7b0f2e4a61";
    public const string VerifyToken = "leadgen-verify-b52c";
    public const string Tenant = "facebook-leads";

    public CustomHost Host { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Host = await CustomHost.Start("facebook", new Dictionary<string, string>
    {
        ["Providers:Facebook:AppSecret"] = AppSecret,
        ["Providers:Facebook:VerifyToken"] = VerifyToken,
        ["Providers:Facebook:Tenant"] = Tenant,
    });

    public async ValueTask DisposeAsync() => await Host.DisposeAsync();
}

/// <summary>Meta's Webhooks contract for Lead Ads: the GET handshake echoes hub.challenge when hub.verify_token matches;
/// POSTs are signed with <c>X-Hub-Signature-256: sha256=&lt;HMAC-SHA256 of the raw body with the app secret&gt;</c> and
/// carry <c>{"object":"page","entry":[{"id","time","changes":[{"field":"leadgen","value":{leadgen_id,…}}]}]}</c>.</summary>
public sealed class FacebookWebhookTests(FacebookWebhookHost webhook, AppFixture app) : IClassFixture<FacebookWebhookHost>
{
    private const string Url = "/webhooks/facebook";
    private const string PageId = "104729384756102";
    private const string FormId = "1203948571";
    private const long Submitted = 1_741_000_000;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Meta calls without an API key.</summary>
    private ApiClient Meta => new(webhook.Host.Host.Server.CreateClient(), apiKey: null);

    private static string NewLeadId() => Random.Shared.NextInt64(100_000_000_000_000, 999_999_999_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string Notification(params string[][] entries) => JsonSerializer.Serialize(new
    {
        @object = "page",
        entry = entries.Select(leads => new
        {
            id = PageId,
            time = Submitted + 5,
            changes = leads.Select(lead => (object)new
            {
                field = "leadgen",
                value = new { ad_id = "120210000000001", form_id = FormId, leadgen_id = lead, created_time = Submitted, page_id = PageId, adgroup_id = "120210000000002" },
            }),
        }),
    });

    private static string Sign(string body, string secret = FacebookWebhookHost.AppSecret) =>
        FacebookWebhookSecurity.Sign(secret, Encoding.UTF8.GetBytes(body));

    private Task<Response> Deliver(string body, string? signature) =>
        Meta.Post(Url, body, signature is null ? null : request => request.Headers.Add("X-Hub-Signature-256", signature));

    private async Task<IReadOnlyList<FacebookLeadNotification>> Stored(params string[] leadgenIds)
    {
        await using var session = webhook.Host.Host.Services.GetRequiredService<IDocumentStore>().QuerySession(FacebookWebhookHost.Tenant);
        return await session.Query<FacebookLeadNotification>().Where(n => n.LeadgenId.IsOneOf(leadgenIds)).ToListAsync(Ct);
    }

    [Fact]
    public async Task The_handshake_with_the_configured_token_echoes_the_challenge_as_text()
    {
        var answer = await Meta.Get($"{Url}?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token={FacebookWebhookHost.VerifyToken}");

        answer.ShouldHave(HttpStatusCode.OK);
        answer.MediaType.ShouldBe("text/plain");
        answer.Body.ShouldBe("1158201444");
    }

    [Theory]
    [InlineData("subscribe", "not-the-token")]
    [InlineData("subscribe", "")]
    [InlineData("unsubscribe", FacebookWebhookHost.VerifyToken)]
    public async Task A_handshake_without_the_configured_token_is_forbidden(string mode, string token)
    {
        var answer = await Meta.Get($"{Url}?hub.mode={mode}&hub.challenge=1158201444&hub.verify_token={token}");

        answer.ShouldBeProblem(HttpStatusCode.Forbidden);
        answer.Body.ShouldNotContain("1158201444");
    }

    [Fact]
    public async Task A_signed_notification_stores_one_record_per_leadgen_change()
    {
        var (first, second, third) = (NewLeadId(), NewLeadId(), NewLeadId());
        var body = Notification([first, second], [third]);

        var answer = await Deliver(body, Sign(body));

        answer.ShouldHave(HttpStatusCode.OK);
        answer.Json.GetProperty("notifications").GetInt32().ShouldBe(3);
        answer.Json.GetProperty("stored").GetInt32().ShouldBe(3);
        var stored = await Stored(first, second, third);
        stored.Select(n => n.LeadgenId).ShouldBe([first, second, third], ignoreOrder: true);
        var one = stored.Single(n => n.LeadgenId == first);
        one.Id.ShouldBe(FacebookLeadNotification.IdFor(FacebookWebhookHost.Tenant, first));
        one.PageId.ShouldBe(PageId);
        one.FormId.ShouldBe(FormId);
        one.CreatedTime.ShouldBe(DateTimeOffset.FromUnixTimeSeconds(Submitted));
        one.ReceivedAt.ShouldBeInRange(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(1));
    }

    [Fact]
    public async Task Changes_of_other_fields_are_acknowledged_and_not_stored()
    {
        var lead = NewLeadId();
        var body = JsonSerializer.Serialize(new
        {
            @object = "page",
            entry = new[]
            {
                new
                {
                    id = PageId, time = Submitted,
                    changes = new object[]
                    {
                        new { field = "feed", value = new { item = "status", verb = "add" } },
                        new { field = "leadgen", value = new { leadgen_id = lead, form_id = FormId, page_id = PageId, created_time = Submitted } },
                    },
                },
            },
        });

        var answer = await Deliver(body, Sign(body));

        answer.ShouldHave(HttpStatusCode.OK);
        answer.Json.GetProperty("stored").GetInt32().ShouldBe(1);
        (await Stored(lead)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task The_same_notification_delivered_again_stores_nothing_new()
    {
        var (first, second) = (NewLeadId(), NewLeadId());
        var body = Notification([first, second]);
        (await Deliver(body, Sign(body))).ShouldHave(HttpStatusCode.OK);
        var before = await Stored(first, second);

        var again = await Deliver(body, Sign(body));

        again.ShouldHave(HttpStatusCode.OK);
        again.Json.GetProperty("stored").GetInt32().ShouldBe(0);
        var after = await Stored(first, second);
        after.Count.ShouldBe(2);
        after.Select(n => n.ReceivedAt).ShouldBe(before.Select(n => n.ReceivedAt), ignoreOrder: true);
    }

    [Fact]
    public async Task Simultaneous_deliveries_of_one_notification_store_it_once()
    {
        var lead = NewLeadId();
        var body = Notification([lead]);

        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Deliver(body, Sign(body))));

        answers.ShouldAllBe(a => a.Status == HttpStatusCode.OK);
        answers.Sum(a => a.Json.GetProperty("stored").GetInt32()).ShouldBe(1);
        (await Stored(lead)).Count.ShouldBe(1);
    }

    public static TheoryData<string, string?> Forgeries => new()
    {
        { "missing", null },
        { "empty", "" },
        { "not hex", "sha256=not-a-signature" },
        { "zeros", "sha256=" + new string('0', 64) },
        { "another secret", "another-secret" },
        { "another body", "another-body" },
        { "sha1 scheme", "sha1=0123456789abcdef0123456789abcdef01234567" },
    };

    [Theory]
    [MemberData(nameof(Forgeries))]
    public async Task A_notification_not_signed_with_the_app_secret_is_refused_and_nothing_is_stored(string forgery, string? signature)
    {
        var lead = NewLeadId();
        var body = Notification([lead]);
        signature = signature switch
        {
            "another-secret" => Sign(body, "not-the-app-secret"),
            "another-body" => Sign(Notification([NewLeadId()])),
            _ => signature,
        };

        var answer = await Deliver(body, signature);

        answer.ShouldBeProblem(HttpStatusCode.Unauthorized);
        (await Stored(lead)).ShouldBeEmpty(forgery);
    }

    [Theory]
    [InlineData("{\"object\":\"page\",\"entry\":[{\"id\":")]
    [InlineData("[1,2,3]")]
    [InlineData("{\"object\":\"page\",\"entry\":{\"id\":\"1\"}}")]
    [InlineData("{\"object\":\"page\",\"entry\":[{\"id\":\"1\",\"changes\":[{\"field\":\"leadgen\",\"value\":{\"form_id\":\"2\"}}]}]}")]
    public async Task A_signed_body_that_is_not_a_notification_is_a_bad_request(string body)
    {
        var answer = await Deliver(body, Sign(body));

        answer.ShouldBeProblem(HttpStatusCode.BadRequest, "body");
    }

    [Fact]
    public async Task Without_facebook_settings_the_webhook_does_not_exist()
    {
        var client = new ApiClient(app.Host.Server.CreateClient(), AppFixture.KeyOf(0));

        (await client.Get($"{Url}?hub.mode=subscribe&hub.challenge=1&hub.verify_token=x")).ShouldBeProblem(HttpStatusCode.NotFound);
        (await client.Post(Url, Notification([NewLeadId()]))).ShouldBeProblem(HttpStatusCode.NotFound);
    }
}
