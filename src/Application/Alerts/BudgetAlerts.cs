using LeadGen.Domain.Common;

namespace LeadGen.Application.Alerts;

/// <summary>Configuration section <c>Alerts</c>: which shares of a budget raise an alert, and the webhook that hears of
/// them. Without a webhook URL alerts are still recorded (the campaign's audit trail shows them).</summary>
public sealed class AlertOptions
{
    // Empty by default, not pre-filled: the configuration binder appends to a list it finds, so a configured list would
    // be added to the defaults instead of replacing them.
    public List<double> BudgetShares { get; set; } = [];

    public IReadOnlyList<double> Shares => BudgetShares.Count > 0 ? BudgetShares : [0.5, 0.8, 1.0];
    public WebhookOptions Webhook { get; set; } = new();

    /// <summary>Monthly budgets per tenant (<c>Alerts:Tenants:{tenant}:MonthlyBudget</c>): the same shares raise alerts on
    /// what the tenant's campaigns spent since the first of the month (UTC).</summary>
    public Dictionary<string, TenantBudget> Tenants { get; set; } = [];

    /// <summary>How often each tenant's month-to-date spending is compared with its budget.</summary>
    public TimeSpan TenantCheckInterval { get; set; } = TimeSpan.FromMinutes(1);
}

public sealed class TenantBudget
{
    public decimal MonthlyBudget { get; set; }
}

public sealed class WebhookOptions
{
    public string? Url { get; set; }

    /// <summary>The key the receiver checks <c>X-LeadGen-Signature</c> (HMAC-SHA256 of the raw body) with.</summary>
    public string? Secret { get; set; }

    public int TimeoutSeconds { get; set; } = 10;
}

/// <summary>What a budget alert tells its webhook: for a campaign (<see cref="Scope"/> "campaign") or for the tenant's
/// month (<see cref="Scope"/> "tenant", <see cref="Month"/> yyyy-MM). <see cref="AlertId"/> is the same on every delivery attempt, so the
/// receiver can drop repeats.</summary>
public sealed record BudgetAlert(
    Guid AlertId, string Tenant, string Scope, Guid? CampaignId, string? CampaignName, double Share, decimal Spent, decimal Budget,
    DateTimeOffset RaisedAt, string? Month = null);

/// <summary>Deliver one alert to the configured webhook; retried durably until the receiver answers 2xx.</summary>
public sealed record DeliverBudgetAlert(BudgetAlert Alert);

/// <summary>The receiving end of alerts (a port: the adapter signs and posts them).</summary>
public interface IAlertWebhook
{
    bool IsConfigured { get; }

    Task DeliverAsync(BudgetAlert alert, CancellationToken ct);
}

public static class DeliverBudgetAlertHandler
{
    /// <summary>A failed delivery throws: Wolverine's retry policy tries again later, then keeps it as a dead letter an
    /// admin can replay — the alert is never lost.</summary>
    public static Task Handle(DeliverBudgetAlert message, IAlertWebhook webhook, CancellationToken ct) =>
        webhook.DeliverAsync(message.Alert, ct);
}

public static class BudgetAlertIds
{
    private static readonly Guid Namespace = new("c4b1e3a2-7d5f-4e8a-9b6c-2f1a0d9e8b7c");

    public static Guid For(Guid campaignId, double share) =>
        DeterministicGuid.Create(Namespace, $"{campaignId:N}/{share.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
}
