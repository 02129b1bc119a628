using LeadGen.Application.Common;
using Marten;
using Wolverine;
using Wolverine.Marten.Publishing;
using Wolverine.Runtime;

namespace LeadGen.Api;

public static class TenantSessions
{
    /// <summary>Sessions for the mediator's use cases: scoped to the caller's tenant, and the document session enrolled
    /// in Wolverine's outbox, so messages a use case publishes commit or roll back with its events. Wolverine's own
    /// handlers open their sessions from the message's tenant instead.</summary>
    public static IServiceCollection AddTenantSessions(this IServiceCollection services)
    {
        services.AddScoped<Caller>();
        services.AddScoped<IQuerySession>(sp =>
            sp.GetRequiredService<IDocumentStore>().QuerySession(sp.GetRequiredService<Caller>().TenantId));
        services.AddScoped<IDocumentSession>(sp =>
        {
            var tenant = sp.GetRequiredService<Caller>().TenantId;
            var context = (MessageContext)sp.GetRequiredService<IMessageContext>();
            context.TenantId = tenant;
            return sp.GetRequiredService<OutboxedSessionFactory>().OpenSession(context, tenant);
        });
        return services;
    }
}
