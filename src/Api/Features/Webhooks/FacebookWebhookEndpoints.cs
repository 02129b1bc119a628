using LeadGen.Application.Features.Webhooks;
using Mediator;
using Microsoft.AspNetCore.Mvc;

namespace LeadGen.Api.Features.Webhooks;

/// <summary>
/// Meta's Webhooks endpoint for Facebook Lead Ads, outside <c>/api/v1</c>: Meta calls it without an API key and proves
/// itself instead (<see cref="FacebookWebhookSecurity"/>).
/// <list type="bullet">
/// <item><c>GET /webhooks/facebook?hub.mode=subscribe&amp;hub.verify_token=…&amp;hub.challenge=…</c>: the subscription
/// handshake; the challenge is echoed as text/plain when the token matches, anything else is 403.</item>
/// <item><c>POST /webhooks/facebook</c>: a notification signed with the app secret; unsigned or badly signed is 401 and
/// nothing is stored, otherwise its leadgen changes are recorded once each (<see cref="ReceiveFacebookLeads"/>).</item>
/// </list>
/// Mapped only when the webhook is configured (<see cref="FacebookWebhookSettings"/>); otherwise the routes do not exist.
/// </summary>
public static class FacebookWebhookEndpoints
{
    public const string Path = "/webhooks/facebook";

    public static void MapFacebookWebhook(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (FacebookWebhookSettings.From(app.ServiceProvider.GetRequiredService<IConfiguration>()) is not { } settings) return;

        var webhook = app.MapGroup(Path).WithTags("Webhooks").AllowAnonymous();

        webhook.MapGet("/", (
                [FromQuery(Name = "hub.mode")] string? mode,
                [FromQuery(Name = "hub.verify_token")] string? verifyToken,
                [FromQuery(Name = "hub.challenge")] string? challenge) =>
                mode == "subscribe" && !string.IsNullOrEmpty(challenge) && FacebookWebhookSecurity.VerifyTokenMatches(settings.VerifyToken, verifyToken)
                    ? Results.Text(challenge, "text/plain")
                    : Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Verification refused",
                        detail: "hub.mode must be subscribe, hub.challenge present and hub.verify_token the configured verify token."))
            .WithName("VerifyFacebookWebhook").WithSummary("Meta's subscription handshake: echoes hub.challenge.")
            .Produces<string>(contentType: "text/plain").ProducesProblem(StatusCodes.Status403Forbidden);

        webhook.MapPost("/", async (HttpRequest request, IMediator mediator, CancellationToken ct) =>
            {
                var body = await RawBodyAsync(request, ct);
                if (!FacebookWebhookSecurity.SignatureMatches(settings.AppSecret, body, request.Headers[FacebookWebhookSecurity.SignatureHeader]))
                {
                    return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Signature refused",
                        detail: $"{FacebookWebhookSecurity.SignatureHeader} must be sha256=<hex HMAC-SHA256 of the body keyed with the app secret>.");
                }

                return Results.Ok(await mediator.Send(new ReceiveFacebookLeads(settings.Tenant, body), ct));
            })
            .WithName("ReceiveFacebookLeads").WithSummary("A signed Lead Ads notification: records each new lead announced.")
            .Produces<FacebookLeadsReceipt>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status401Unauthorized);
    }

    /// <summary>The body exactly as received, which is what Meta signed. No parameter of the endpoint is bound from the
    /// body, so nothing has read (let alone re-serialised) the stream before this; Kestrel's MaxRequestBodySize bounds it.</summary>
    private static async Task<byte[]> RawBodyAsync(HttpRequest request, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, ct);
        return buffer.ToArray();
    }
}
