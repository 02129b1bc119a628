using JasperFx;
using JasperFx.Events;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using LeadGen.Application.Compliance;
using LeadGen.Application.Features.Campaigns;
using LeadGen.Application.ReadModels;
using LeadGen.Application.Scoring;
using LeadGen.Domain.Campaigns;
using LeadGen.Domain.Icps;
using LeadGen.Domain.Prospects;
using Marten;
using Marten.Schema.Indexing.Unique;
using Microsoft.Extensions.DependencyInjection;
using Weasel.Core;
using Wolverine.Marten;

namespace LeadGen.Infrastructure.Persistence;

public static class MartenSetup
{
    public const string Schema = "leadgen";

    /// <summary>How long the async daemon waits for a hole in the event sequence before taking it for a dead write.</summary>
    public static readonly TimeSpan StaleSequenceThreshold = TimeSpan.FromSeconds(30);

    /// <summary>The event store and documents: every stream and document belongs to one tenant (conjoined tenancy),
    /// aggregates are snapshotted inline so handlers load them in one read, and the schema is brought up to date at
    /// start-up in every environment so a new, empty database needs no manual step.</summary>
    public static IServiceCollection AddLeadGenMarten(this IServiceCollection services, string connectionString)
    {
        services.AddMarten(opts =>
            {
                opts.Connection(connectionString);
                opts.DatabaseSchemaName = Schema;
                opts.UseSystemTextJsonForSerialization(EnumStorage.AsString, Casing.CamelCase);
                opts.AutoCreateSchemaObjects = AutoCreate.CreateOrUpdate;

                opts.Events.TenancyStyle = JasperFx.MultiTenancy.TenancyStyle.Conjoined;
                opts.Policies.AllDocumentsAreMultiTenanted();
                opts.Events.StreamIdentity = StreamIdentity.AsGuid;
                opts.Events.AppendMode = EventAppendMode.Rich;
                // A write draws its sequence numbers before its transaction begins (rich mode), so for a while nothing in
                // PostgreSQL shows the async daemon that the hole will be filled. Past this threshold the daemon skips
                // the hole and the write's events never reach an async read model: 3 s (the default) was exceeded on
                // CI's loaded machine. Only a write that died leaves a hole for good, and it delays the read models by
                // this much once (ADR 15).
                opts.Projections.StaleSequenceThreshold = StaleSequenceThreshold;

                opts.Projections.Add<CampaignSnapshot>(ProjectionLifecycle.Inline);
                opts.Projections.Add<ProspectSnapshot>(ProjectionLifecycle.Inline);
                opts.Projections.Add<CampaignProspectProjection>(ProjectionLifecycle.Inline);
                opts.Projections.Add(new CampaignSpendingProjection(), ProjectionLifecycle.Inline, nameof(CampaignSpending));
                opts.Projections.Add<CampaignStatusProjection>(ProjectionLifecycle.Async);
                opts.Projections.Add<CampaignCostLedgerProjection>(ProjectionLifecycle.Async);
                opts.Projections.Add(new AuditTrailProjection(), ProjectionLifecycle.Async, AuditTrailProjection.Name);
                opts.Projections.Add(new CostLedgerProjection(), ProjectionLifecycle.Async, CostLedgerProjection.Name);
                PersonalDataMasking.Register(opts.Events);

                opts.Schema.For<CampaignProspect>()
                    .Duplicate(x => x.CampaignId)
                    .Duplicate(x => x.Rank)
                    .Duplicate(x => x.Tiebreak)
                    .Duplicate(x => x.Stage)
                    .Index([x => x.CampaignId, x => x.Rank])
                    .Index([x => x.CampaignId, x => x.Stage, x => x.Rank])
                    .Index(x => x.InFlight);
                opts.Schema.For<CampaignStatusView>().Duplicate(x => x.StartedAt);
                opts.Schema.For<Icp>().Duplicate(x => x.CreatedAt);
                opts.Schema.For<IcpRevision>().Duplicate(x => x.IcpId);
                opts.Schema.For<LeadGen.Application.Enrichment.ProviderAnswer>();
                opts.Schema.For<LeadGen.Application.Enrichment.UnledgeredPurchase>().Duplicate(x => x.ProspectId);
                opts.Schema.For<LeadGen.Application.Features.Webhooks.FacebookLeadNotification>();
                opts.Schema.For<Campaign>().Duplicate(x => x.IcpId);
                opts.Schema.For<IcpVector>();
                opts.Schema.For<IdempotentStart>();
                opts.Schema.For<LeadGen.Application.Features.Admin.IssuedApiKey>().Duplicate(x => x.KeyHash);
                opts.Schema.For<LeadGen.Application.Features.Compliance.RequestAuditEntry>().Duplicate(x => x.At).Duplicate(x => x.Actor);
                opts.Schema.For<AuditEntry>()
                    .Duplicate(x => x.SubjectId!)
                    .Duplicate(x => x.CampaignId!)
                    .Duplicate(x => x.Sequence)
                    .Duplicate(x => x.At);
                opts.Schema.For<Suppression>();
                opts.Schema.For<CostRecord>().Duplicate(x => x.At, configure: index => index.TenancyScope = TenancyScope.PerTenant);
                opts.Schema.For<CampaignSpending>();
            })
            .UseLightweightSessions()
            .AddAsyncDaemon(DaemonMode.HotCold)
            .IntegrateWithWolverine()
            .ApplyAllDatabaseChangesOnStartup();
        services.AddHostedService<ProjectionLag>();
        return services;
    }
}
