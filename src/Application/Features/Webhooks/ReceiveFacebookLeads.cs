using Marten;
using Mediator;

namespace LeadGen.Application.Features.Webhooks;

/// <summary>
/// A Facebook Lead Ads webhook notification, already authenticated: the endpoint checked its
/// <c>X-Hub-Signature-256</c> over the raw bytes before sending this. The check stays at the HTTP edge, like the API
/// key's, because it needs the bytes exactly as received and the app secret, which then never travels in a message;
/// <see cref="Payload"/> is those same bytes, so what is parsed here is what was signed.
/// <para>There is no caller and so no caller's tenant: <see cref="Tenant"/> is the one configured as owning the forms
/// (<c>Providers:Facebook:Tenant</c>).</para>
/// <para>Only the fact that a lead arrived is stored (<see cref="FacebookLeadNotification"/>), never the lead's answers.
/// Campaigns discover Facebook leads by reading the forms through Graph (pull); these records are the trail of what Meta
/// announced and what an incremental sync can later start from.</para>
/// </summary>
public sealed record ReceiveFacebookLeads(string Tenant, ReadOnlyMemory<byte> Payload) : ICommand<FacebookLeadsReceipt>;

/// <summary>How many leadgen changes the notification held, and how many of them were new.</summary>
public sealed record FacebookLeadsReceipt(int Notifications, int Stored);

public sealed class ReceiveFacebookLeadsHandler(IDocumentStore store, TimeProvider clock) : ICommandHandler<ReceiveFacebookLeads, FacebookLeadsReceipt>
{
    /// <summary>Meta delivers at least once and may deliver the same notification twice at the same moment; the one that
    /// loses the insert race looks again and finds its notifications stored.</summary>
    private const int Attempts = 3;

    public async ValueTask<FacebookLeadsReceipt> Handle(ReceiveFacebookLeads command, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(command.Tenant);
        var changes = FacebookLeadgenPayload.Parse(command.Payload);
        if (changes.Count == 0) return new FacebookLeadsReceipt(0, 0);

        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return new FacebookLeadsReceipt(changes.Count, await StoreNewAsync(command.Tenant, changes, ct));
            }
            catch (JasperFx.DocumentAlreadyExistsException) when (attempt < Attempts)
            {
                // a concurrent delivery stored some of them first: try again, skipping those
            }
        }
    }

    private async Task<int> StoreNewAsync(string tenant, IReadOnlyList<LeadgenChange> changes, CancellationToken ct)
    {
        await using var session = store.LightweightSession(tenant);
        var byId = changes
            .DistinctBy(c => c.LeadgenId)
            .ToDictionary(c => FacebookLeadNotification.IdFor(tenant, c.LeadgenId));
        var known = (await session.LoadManyAsync<FacebookLeadNotification>(ct, byId.Keys)).Select(n => n.Id).ToHashSet();
        var receivedAt = clock.GetUtcNow();
        var fresh = byId
            .Where(kv => !known.Contains(kv.Key))
            .Select(kv => new FacebookLeadNotification
            {
                Id = kv.Key,
                LeadgenId = kv.Value.LeadgenId,
                PageId = kv.Value.PageId,
                FormId = kv.Value.FormId,
                CreatedTime = kv.Value.CreatedTime,
                ReceivedAt = receivedAt,
            })
            .ToList();
        if (fresh.Count == 0) return 0;

        // Insert, not Store: an upsert would quietly overwrite a concurrent delivery's ReceivedAt instead of noticing it.
        session.Insert<FacebookLeadNotification>(fresh);
        await session.SaveChangesAsync(ct);
        return fresh.Count;
    }
}
