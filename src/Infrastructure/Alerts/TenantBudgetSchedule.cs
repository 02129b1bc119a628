using LeadGen.Application.Alerts;
using LeadGen.Infrastructure.Messaging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LeadGen.Infrastructure.Alerts;

/// <summary>A <see cref="CheckTenantBudget"/> per tenant with a monthly budget, every
/// <see cref="AlertOptions.TenantCheckInterval"/>; the check's versioned append keeps alerts single across nodes.</summary>
public sealed class TenantBudgetSchedule(IServiceScopeFactory scopes, IOptions<AlertOptions> options, ILogger<TenantBudgetSchedule> logger)
    : TenantSchedule(scopes, logger)
{
    protected override TimeSpan Interval => options.Value.Tenants.Count == 0 ? TimeSpan.Zero : options.Value.TenantCheckInterval;

    protected override Task<IReadOnlyList<string>> TenantsAsync(IServiceProvider services, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<string>>(options.Value.Tenants.Where(t => t.Value.MonthlyBudget > 0).Select(t => t.Key).ToList());

    protected override object MessageFor(string tenant) => new CheckTenantBudget();
}
