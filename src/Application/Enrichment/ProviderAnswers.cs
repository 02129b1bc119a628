using System.Security.Cryptography;
using System.Text;
using LeadGen.Application.Ports;
using Marten;

namespace LeadGen.Application.Enrichment;

/// <summary>One provider's answer to one question (a company by domain, a person's email by name and domain), kept for
/// the tenant until it expires. The question is stored only as a hash; the answer is personal data and goes with the
/// person on erasure.</summary>
public sealed class ProviderAnswer
{
    public string Id { get; set; } = "";
    public string Provider { get; set; } = "";
    public string Operation { get; set; } = "";
    public CompanyLookup? Company { get; set; }
    public EmailLookup? Email { get; set; }
    public DateTimeOffset AnsweredAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }

    /// <summary>The calls this answer cost when it was bought.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyList<ProviderCharge> Charges => Company is { } c ? [c.Charge] : Email?.Charges ?? [];

    /// <summary>The document id: provider, operation and a SHA-256 of the normalised question.</summary>
    public static string IdFor(string provider, string operation, params string?[] question)
    {
        var text = string.Join('\n', question.Select(q => (q ?? "").Trim().ToLowerInvariant()));
        return $"{provider}/{operation}/{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))}";
    }
}

/// <summary>
/// "Never pay twice": the waterfall asks here before it asks a provider, and remembers what providers answered
/// (including "not found") for <see cref="EnrichmentOptions.AnswerTtlDays"/>. Answers are written in the transaction
/// that records the call's cost event, so the ledger and the cache always agree; when a later provider fails, the
/// enrichment handler commits the answers bought so far with their cost events before retrying. Only a crash between
/// a provider's answer and that commit repeats a call (and then charges it once).
/// </summary>
public sealed class ProviderAnswers(IDocumentSession session, DateTimeOffset now, TimeSpan ttl)
{
    private readonly Dictionary<string, ProviderAnswer> remembered = [];
    private readonly List<ProviderAnswer> bought = [];

    /// <summary>The answers bought from providers in this unit of work, in the order they were bought; a batch of
    /// prospects shares one unit of work, and each prospect's answers are those bought since its start.</summary>
    public IReadOnlyList<ProviderAnswer> Fresh => bought;

    public async Task<ProviderAnswer?> Find(string id, CancellationToken ct)
    {
        if (remembered.TryGetValue(id, out var fresh)) return fresh;
        var answer = await session.LoadAsync<ProviderAnswer>(id, ct);
        return answer is not null && answer.ExpiresAt > now ? answer : null;
    }

    public void Remember(ProviderAnswer answer)
    {
        answer.AnsweredAt = now;
        answer.ExpiresAt = now + ttl;
        remembered[answer.Id] = answer;
        bought.Add(answer);
    }

    /// <summary>Adds the answers bought to the session's unit of work, to commit with their cost events; the handler
    /// calls it once it has enriched what it will. In id order: two enrichment batches that bought the same companies
    /// in different orders deadlocked on each other's rows.</summary>
    public void StoreBought()
    {
        if (bought.Count > 0) session.Store(InIdOrder(bought));
    }

    public static ProviderAnswer[] InIdOrder(IEnumerable<ProviderAnswer> answers) =>
        answers.OrderBy(a => a.Id, StringComparer.Ordinal).ToArray();
}
