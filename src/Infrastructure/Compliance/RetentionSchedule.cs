using LeadGen.Application.Compliance;
using LeadGen.Application.Pipeline;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Wolverine;

namespace LeadGen.Infrastructure.Compliance;

/// <summary>
/// The retention job's clock: every <see cref="ComplianceOptions.RetentionCheckInterval"/>, one durable
/// <see cref="EnforceRetention"/> per tenant with prospects. Every node runs it; a second run of the same check finds
/// nothing left to erase, which costs a query and is simpler than electing a leader.
/// </summary>
public sealed class RetentionSchedule(IServiceScopeFactory scopes, IOptions<ComplianceOptions> options, ILogger<RetentionSchedule> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RetentionCheckInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await RequestChecks(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Could not schedule the retention check; trying again in {Interval}", options.Value.RetentionCheckInterval);
            }
        }
    }

    private async Task RequestChecks(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<IDocumentStore>();
        await using var session = store.QuerySession();
        var tenants = await session.AdvancedSql.QueryAsync<string>(
            $"select distinct tenant_id from {store.Options.Events.DatabaseSchemaName}.mt_streams", ct);
        var bus = scope.ServiceProvider.GetRequiredService<IMessageBus>();
        foreach (var tenant in tenants)
            await bus.SendAsync(new EnforceRetention(), new DeliveryOptions { TenantId = tenant });
    }
}
