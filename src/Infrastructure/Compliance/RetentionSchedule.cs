using LeadGen.Application.Compliance;
using LeadGen.Application.Pipeline;
using LeadGen.Infrastructure.Messaging;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LeadGen.Infrastructure.Compliance;

/// <summary>The retention job's clock: an <see cref="EnforceRetention"/> per tenant with prospects, every
/// <see cref="ComplianceOptions.RetentionCheckInterval"/>.</summary>
public sealed class RetentionSchedule(IServiceScopeFactory scopes, IOptions<ComplianceOptions> options, ILogger<RetentionSchedule> logger)
    : TenantSchedule(scopes, logger)
{
    protected override TimeSpan Interval => options.Value.RetentionCheckInterval;

    protected override async Task<IReadOnlyList<string>> TenantsAsync(IServiceProvider services, CancellationToken ct)
    {
        var store = services.GetRequiredService<IDocumentStore>();
        await using var session = store.QuerySession();
        return await session.AdvancedSql.QueryAsync<string>(
            $"select distinct tenant_id from {store.Options.Events.DatabaseSchemaName}.mt_streams", ct);
    }

    protected override object MessageFor(string tenant) => new EnforceRetention();
}
