using LeadGen.Application.ReadModels;
using LeadGen.Domain.Common;
using Marten;
using Microsoft.Extensions.Options;
using Wolverine;

namespace LeadGen.Application.Alerts;

/// <summary>Compare the tenant's spending this month with its budget (the tenant travels on the envelope).</summary>
public sealed record CheckTenantBudget;

/// <summary>The tenant's spending reached <see cref="Share"/> of its budget for <see cref="Month"/> (yyyy-MM, UTC).</summary>
public sealed record TenantBudgetAlertRaised(string Month, double Share, decimal Spent, decimal Budget);

/// <summary>
/// A tenant's budget alerts live on one stream per month. Which shares were alerted is read from that stream, and new
/// alerts are appended at the version read: two nodes checking at once cannot both raise the same alert (the second
/// append fails on the version and its retry finds the alert raised). Spending comes from the cost ledger projection,
/// so it trails the pipeline by the daemon's lag.
/// </summary>
public static class CheckTenantBudgetHandler
{
    private static readonly Guid Namespace = new("5e0b8d4f-2a61-4c3b-9f7e-8d1c2b3a4f50");

    public static Guid StreamFor(string tenant, string month) => DeterministicGuid.Create(Namespace, $"{tenant}/{month}");

    public static async Task<OutgoingMessages> Handle(CheckTenantBudget message, IDocumentSession session, IOptions<AlertOptions> options,
        IAlertWebhook webhook, TimeProvider clock, CancellationToken ct)
    {
        var outgoing = new OutgoingMessages();
        if (options.Value.Tenants.GetValueOrDefault(session.TenantId) is not { MonthlyBudget: > 0 } tenantBudget) return outgoing;
        var budget = tenantBudget.MonthlyBudget;
        var now = clock.GetUtcNow();
        var monthStart = new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.Zero);
        var month = monthStart.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        var spent = await session.Query<CostRecord>().Where(c => c.At >= monthStart).SumAsync(c => c.Cost, ct);

        var stream = StreamFor(session.TenantId, month);
        var state = await session.Events.FetchStreamStateAsync(stream, ct);
        var alerted = state is null
            ? []
            : (await session.Events.FetchStreamAsync(stream, token: ct)).Select(e => e.Data).OfType<TenantBudgetAlertRaised>().Select(a => a.Share).ToList();
        var raised = options.Value.Shares.Where(s => s > 0 && !alerted.Contains(s) && spent >= budget * (decimal)s).Order()
            .Select(s => new TenantBudgetAlertRaised(month, s, spent, budget)).ToList();
        if (raised.Count == 0) return outgoing;

        if (state is null) session.Events.StartStream(stream, raised.Cast<object>().ToArray());
        else session.Events.Append(stream, state.Version + raised.Count, raised.Cast<object>().ToArray());
        if (webhook.IsConfigured)
        {
            foreach (var alert in raised)
                outgoing.Add(new DeliverBudgetAlert(new BudgetAlert(DeterministicGuid.Create(Namespace, $"{stream:N}/{alert.Share}"), session.TenantId,
                    "tenant", null, null, alert.Share, alert.Spent, alert.Budget, now, month)));
        }
        return outgoing;
    }
}
