using LeadGen.Domain.Prospects;
using Marten;

namespace LeadGen.Application.Compliance;

/// <summary>One hashed identifier on a tenant's suppression list (<see cref="SuppressionKeys"/>): whoever it identifies is
/// not collected, paid for or qualified again. Holds no personal data; it outlives an erasure on purpose.</summary>
public sealed class Suppression
{
    /// <summary>The hashed identifier, prefixed with its kind ("email:…", "platform-id:…", "name-company:…").</summary>
    public string Id { get; set; } = "";
    public string Reason { get; set; } = "";
    public Guid? SubjectId { get; set; }
    public string RecordedBy { get; set; } = "";
    public DateTimeOffset RecordedAt { get; set; }

    public string Kind => Id[..Id.IndexOf(':')];
}

public static class SuppressionList
{
    /// <summary>Every key a known prospect can be recognised by, including what enrichment learnt about them.</summary>
    public static IReadOnlyList<string> KeysOf(string tenant, Prospect prospect) => KeysOf(tenant, prospect, prospect.Enrichment);

    /// <summary>Every key the prospect can be recognised by once <paramref name="enrichment"/> is known of them.</summary>
    public static IReadOnlyList<string> KeysOf(string tenant, Prospect prospect, Domain.Prospects.Enrichment? enrichment) =>
        SuppressionKeys.Of(tenant, prospect.Platform, prospect.Profile, enrichment?.Email, enrichment?.Company?.Domain);

    /// <summary>Adds the keys not yet listed, in the session's transaction.</summary>
    public static async Task Add(IDocumentSession session, IReadOnlyList<string> keys, string reason, Guid? subjectId, string by,
        DateTimeOffset at, CancellationToken ct)
    {
        var listed = (await session.LoadManyAsync<Suppression>(ct, keys)).Select(s => s.Id).ToHashSet();
        foreach (var key in keys.Where(k => !listed.Contains(k)))
            session.Insert(new Suppression { Id = key, Reason = reason, SubjectId = subjectId, RecordedBy = by, RecordedAt = at });
    }

    /// <summary>Which of the keys are listed: one query for any number of people.</summary>
    public static async Task<IReadOnlySet<string>> Listed(IQuerySession session, IEnumerable<string> keys, CancellationToken ct)
    {
        var distinct = keys.Distinct().ToArray();
        if (distinct.Length == 0) return new HashSet<string>();
        return (await session.LoadManyAsync<Suppression>(ct, distinct)).Select(s => s.Id).ToHashSet();
    }
}

public static class SuppressionCheck
{
    /// <summary>The suppression id that stops this prospect (an objection on their stream counts as one), or null.</summary>
    public static Task<string?> Match(IQuerySession session, Prospect prospect, CancellationToken ct) =>
        Match(session, prospect, prospect.Enrichment, ct);

    /// <summary>As <see cref="Match(IQuerySession, Prospect, CancellationToken)"/>, counting what enrichment has just found.</summary>
    public static async Task<string?> Match(IQuerySession session, Prospect prospect, Domain.Prospects.Enrichment? enrichment, CancellationToken ct)
    {
        if (prospect.IsSuppressed) return $"subject:{prospect.Id}";
        return (await SuppressionList.Listed(session, SuppressionList.KeysOf(session.TenantId, prospect, enrichment), ct)).FirstOrDefault();
    }
}
