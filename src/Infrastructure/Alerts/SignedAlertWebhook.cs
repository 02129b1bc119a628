using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using LeadGen.Application.Alerts;
using LeadGen.Application.Ports;
using Microsoft.Extensions.Options;

namespace LeadGen.Infrastructure.Alerts;

/// <summary>
/// Posts alerts as JSON to <c>Alerts:Webhook:Url</c>, signed so the receiver can tell they are ours and unaltered:
/// <c>X-LeadGen-Signature: sha256=&lt;hex HMAC-SHA256 of "{timestamp}.{body}" with Alerts:Webhook:Secret&gt;</c>, with
/// the timestamp in <c>X-LeadGen-Timestamp</c> (so an old delivery cannot be replayed as new) and the alert id in
/// <c>X-LeadGen-Delivery</c> (so a retried delivery can be recognised). Anything but a 2xx is a failure the durable
/// message is retried for.
/// </summary>
public sealed class SignedAlertWebhook(HttpClient http, IOptions<AlertOptions> options, TimeProvider clock) : IAlertWebhook
{
    public const string SignatureHeader = "X-LeadGen-Signature";
    public const string TimestampHeader = "X-LeadGen-Timestamp";
    public const string DeliveryHeader = "X-LeadGen-Delivery";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public bool IsConfigured => !string.IsNullOrWhiteSpace(options.Value.Webhook.Url);

    public async Task DeliverAsync(BudgetAlert alert, CancellationToken ct)
    {
        var webhook = options.Value.Webhook;
        var body = JsonSerializer.Serialize(alert, Json);
        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Post, webhook.Url)
        {
            Content = new StringContent(body, Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
        };
        request.Headers.Add(TimestampHeader, timestamp);
        request.Headers.Add(DeliveryHeader, alert.AlertId.ToString());
        request.Headers.Add(SignatureHeader, $"sha256={Sign(webhook.Secret ?? "", timestamp, body)}");

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(webhook.TimeoutSeconds));
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, timeout.Token);
        }
        catch (Exception e) when (e is HttpRequestException || (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            throw new ProviderFailure("alert-webhook", ProviderFailureKind.Transient, "alert webhook unreachable or timed out");
        }
        using (response)
        {
            if (!response.IsSuccessStatusCode)
                throw new ProviderFailure("alert-webhook", ProviderFailureKind.Transient, $"alert webhook answered {(int)response.StatusCode}");
        }
    }

    public static string Sign(string secret, string timestamp, string body) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{body}")));
}
