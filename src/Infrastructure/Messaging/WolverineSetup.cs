using System.Reflection;
using JasperFx;
using JasperFx.CodeGeneration;
using JasperFx.Resources;
using LeadGen.Application.Alerts;
using LeadGen.Application.Compliance;
using LeadGen.Application.Pipeline;
using LeadGen.Application.Ports;
using Microsoft.Extensions.DependencyInjection;
using Wolverine;
using Wolverine.ErrorHandling;
using Wolverine.Marten;
using Wolverine.RuntimeCompilation;

namespace LeadGen.Infrastructure.Messaging;

public static class WolverineSetup
{
    /// <summary>The pipeline on durable local queues: every message is stored in PostgreSQL with the transaction that
    /// sent it and deleted with the one that handled it, so a crash loses nothing and a restart picks up where it was.</summary>
    /// <param name="opts">Wolverine's options.</param>
    /// <param name="generatedCode">The assembly holding the handlers' pre-generated adapters (the API's).</param>
    public static void ConfigurePipeline(this WolverineOptions opts, Assembly generatedCode)
    {
        // The adapters around the handlers are generated ahead of time into src/Api/Internal/Generated
        // (`./leadgen codegen`) and compiled with the API. Compiling them with Roslyn at start-up cost every host
        // about 15 s of CPU and 300 MB; a test fails when the committed code no longer matches the handlers.
        // Runtime compilation stays registered for that test and for the codegen command only.
        opts.UseRuntimeCompilation();
        opts.ApplicationAssembly = generatedCode;
        opts.CodeGeneration.TypeLoadMode = TypeLoadMode.Static;
        opts.Services.AddResourceSetupOnStartup();

        // Only the pipeline's handlers are Wolverine's: the API's use cases go through the mediator.
        opts.Discovery.DisableConventionalDiscovery()
            .IncludeType(typeof(DiscoverProspectsHandler))
            .IncludeType(typeof(ScoreProspectsHandler))
            .IncludeType(typeof(EnrichProspectsHandler))
            .IncludeType(typeof(EnrichProspectHandler))
            .IncludeType(typeof(QualifyProspectHandler))
            .IncludeType(typeof(CheckCampaignProgressHandler))
            .IncludeType(typeof(IndexProspectsHandler))
            .IncludeType(typeof(ScrubErasedProspectHandler))
            .IncludeType(typeof(EnforceRetentionHandler))
            .IncludeType(typeof(RemaskErasedProspectsHandler))
            .IncludeType(typeof(DeliverBudgetAlertHandler))
            .IncludeType(typeof(CheckTenantBudgetHandler));

        // Held discovery pages and throttled enrichments come back as scheduled messages: looked for four times a
        // second rather than every 5 s, so a held page does not leave the scorer idle.
        opts.Durability.ScheduledJobPollingTime = TimeSpan.FromMilliseconds(250);

        opts.Policies.AutoApplyTransactions();
        opts.Policies.AddMiddleware(typeof(QueueWaitMiddleware));
        opts.Policies.AddMiddleware(typeof(ApiFirstMiddleware));
        opts.Policies.UseDurableLocalQueues();
        opts.Policies.UseDurableInboxOnAllListeners();
        opts.Policies.UseDurableOutboxOnAllSendingEndpoints();

        opts.LocalQueueFor<DiscoverProspects>().Sequential();
        // A discovery page's scoring batches all run at once: each also waits on the database before and after the
        // model, and with two at a time the model sat idle in those waits (10,000 prospects: 203 s with 2, 198 s with
        // 3, 174 s with 4; scoring messages waited p50 1.24 s / 0.78 s / 0.24 s in the queue). The next page's batches
        // start too, rather than waiting up to a second in the durable queue for a free slot: the model serves its
        // callers in turn, so they read their prospects meanwhile and then wait for it in memory.
        opts.LocalQueueFor<ScoreProspects>().MaximumParallelMessages(2 * DiscoverProspectsHandler.PageSize / ScoreProspectsHandler.BatchSize);
        // As many enrichment batches at once as there were single enrichments, so remote providers see as many calls at once.
        opts.LocalQueueFor<EnrichProspects>().MaximumParallelMessages(8);
        opts.LocalQueueFor<EnrichProspect>().MaximumParallelMessages(8);
        opts.LocalQueueFor<QualifyProspect>().MaximumParallelMessages(4);
        opts.LocalQueueFor<CheckCampaignProgress>().Sequential();
        opts.LocalQueueFor<IndexProspects>().MaximumParallelMessages(2);
        opts.LocalQueueFor<ScrubErasedProspect>().MaximumParallelMessages(2);
        opts.LocalQueueFor<EnforceRetention>().Sequential();
        opts.LocalQueueFor<RemaskErasedProspects>().Sequential();
        opts.LocalQueueFor<DeliverBudgetAlert>().MaximumParallelMessages(2);
        opts.LocalQueueFor<CheckTenantBudget>().Sequential();

        // Two handlers appending to one stream at once: the loser retries against the winner's state.
        opts.OnException<ConcurrencyException>().RetryWithCooldown(
            TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(250),
            TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1));
        // Two transactions that each wait on a row the other wrote: PostgreSQL aborts one, which is retried at once.
        // Writes of shared rows go in key order (provider answers, cached embeddings), so this should stay rare; it is
        // retried patiently rather than counted towards the three retries that end in the dead letters.
        opts.OnException(IsDeadlockOrSerializationFailure, "PostgreSQL deadlock or serialization failure").RetryWithCooldown(
            TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(250),
            TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2));
        opts.OnException<Marten.Exceptions.ExistingStreamIdCollisionException>().RetryWithCooldown(
            TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(500));
        // A provider throttling us beyond what its resilience pipeline waited out: the message is put back in the durable
        // inbox for when the provider said to come back, freeing the worker instead of spinning on it. The handler
        // gives the prospect up after EnrichmentStep.MaxRateLimitedAttempts.
        opts.OnException<ProviderFailure>(e => e.Kind == ProviderFailureKind.RateLimited).CustomActionIndefinitely(
            async (_, lifecycle, e) =>
            {
                if (lifecycle.Envelope!.Attempts >= MaxRescheduledAttempts) await lifecycle.MoveToDeadLetterQueueAsync(e);
                else await lifecycle.ReScheduleAsync(DateTimeOffset.UtcNow + ((ProviderFailure)e).TryAgainAfter);
            },
            "Reschedule after the provider's Retry-After");
        // A provider that is down: patient retries; the handler fails the prospect on the last attempt.
        opts.OnException<ProviderFailure>().RetryWithCooldown(
            TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(15));
        // Anything else (a database blip, a bug) gets a few retries before the dead-letter table.
        opts.OnAnyException().RetryWithCooldown(TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5))
            .Then.MoveToErrorQueue();
    }

    private static bool IsDeadlockOrSerializationFailure(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.DeadlockDetected or Npgsql.PostgresErrorCodes.SerializationFailure })
                return true;
        }
        return false;
    }

    /// <summary>A message throttled this often goes to the dead letters, where an admin can replay it.</summary>
    public const int MaxRescheduledAttempts = EnrichmentStep.MaxRateLimitedAttempts + 5;
}
