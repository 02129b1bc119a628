using LeadGen.Application.Alerts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Wolverine;

namespace LeadGen.Infrastructure.Alerts;

/// <summary>Every <see cref="AlertOptions.TenantCheckInterval"/>, one durable <see cref="CheckTenantBudget"/> per tenant
/// with a monthly budget. Every node runs it; the check's versioned append keeps alerts single.</summary>
public sealed class TenantBudgetSchedule(IServiceScopeFactory scopes, IOptions<AlertOptions> options, ILogger<TenantBudgetSchedule> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.Tenants.Count == 0) return;
        using var timer = new PeriodicTimer(options.Value.TenantCheckInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var bus = scope.ServiceProvider.GetRequiredService<IMessageBus>();
                foreach (var tenant in options.Value.Tenants.Where(t => t.Value.MonthlyBudget > 0).Select(t => t.Key))
                    await bus.SendAsync(new CheckTenantBudget(), new DeliveryOptions { TenantId = tenant });
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Could not schedule the tenant budget checks; trying again in {Interval}", options.Value.TenantCheckInterval);
            }
        }
    }
}
