using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Wolverine;

namespace LeadGen.Infrastructure.Messaging;

/// <summary>
/// A job's clock: every <see cref="Interval"/>, one durable message per tenant that <see cref="TenantsAsync"/> names;
/// the work itself is the message handler's, with its retries and dead letters. Every node runs the clock: a second
/// run of the same check finds nothing left to do, which costs a query and is simpler than electing a leader.
/// </summary>
public abstract class TenantSchedule(IServiceScopeFactory scopes, ILogger logger) : BackgroundService
{
    protected abstract TimeSpan Interval { get; }

    protected abstract Task<IReadOnlyList<string>> TenantsAsync(IServiceProvider services, CancellationToken ct);

    protected abstract object MessageFor(string tenant);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (Interval <= TimeSpan.Zero) return;
        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var bus = scope.ServiceProvider.GetRequiredService<IMessageBus>();
                foreach (var tenant in await TenantsAsync(scope.ServiceProvider, stoppingToken))
                    await bus.SendAsync(MessageFor(tenant), new DeliveryOptions { TenantId = tenant });
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Could not schedule {Job}; trying again in {Interval}", GetType().Name, Interval);
            }
        }
    }
}
