using LeadGen.Application.Enrichment;
using LeadGen.Application.Features.Webhooks;
using LeadGen.Application.Ports;
using LeadGen.Application.Scoring;
using LeadGen.Domain.Prospects;
using Marten;
using JasperFx.Events;

namespace LeadGen.Application.Compliance;

/// <summary>Scrub what an erasure could not do in its own transaction: rewrite the stream's stored events with the
/// masking rules, and remove the person's vectors from the vector index and the embedding cache. Carries digests and
/// ids only, so the queue (and a dead letter, should it end there) holds no personal data.</summary>
public sealed record ScrubErasedProspect(Guid ProspectId, IReadOnlyList<string> EmbeddingDigests, bool FinalPass = false);

/// <summary>
/// Erasure (Art. 17, docs/adr/0012), shared by a data subject's request and the retention job. In one transaction:
/// the person's identifiers go on the suppression list (hashed), <see cref="ProspectErased"/> is appended (the inline
/// projections blank the snapshot and the campaign rows), the enrichment answers that hold their email and the Facebook
/// notifications that name their lead are deleted. The returned message finishes the job durably.
/// </summary>
public static class Erasure
{
    public static async Task<ScrubErasedProspect> Begin(IDocumentSession session, IEventStream<Prospect> stream, string reason, string by,
        DateTimeOffset now, CancellationToken ct)
    {
        var prospect = stream.Aggregate!;
        var erased = prospect.Erase(reason, by);
        var profile = prospect.Profile;
        var email = prospect.Enrichment?.Email;

        var keys = SuppressionList.KeysOf(session.TenantId, prospect);
        await SuppressionList.Add(session, keys, "erasure", prospect.Id, by, now, ct);
        // Answers bought for them whose enrichment never completed are found by their id, the rest by the address.
        var id = prospect.Id;
        if (email is not null)
            session.DeleteWhere<ProviderAnswer>(a => a.Operation == "email" && (a.SubjectId == id || a.Email!.Email == email));
        else
            session.DeleteWhere<ProviderAnswer>(a => a.Operation == "email" && a.SubjectId == id);
        if (prospect.Platform == "facebook" && profile.ExternalId.Length > 0)
            session.Delete<FacebookLeadNotification>(FacebookLeadNotification.IdFor(session.TenantId, profile.ExternalId));
        stream.AppendOne(erased);

        var digests = new[] { IcpMatcher.ProfileText(profile), IcpMatcher.TitleText(profile.Title) }
            .Select(IEmbeddingCache.Digest).Distinct().ToList();
        return new ScrubErasedProspect(prospect.Id, digests);
    }
}
