using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using LeadGen.Application.Ports;
using LeadGen.Domain.Prospects;
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
    /// <summary>For an email answer, the prospect it was bought for, so that erasing them deletes it even when their
    /// enrichment never completed (and so never recorded the address).</summary>
    public Guid? SubjectId { get; set; }
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
/// A paid call whose answer is committed already and whose charges are not yet on the ledger: a remote provider's answer,
/// kept the moment it was bought (id = the answer's), or a paid embedding of a prospect's texts, kept in the embedding
/// cache (id = "scoring/{campaign}/{prospect}"). The step that paid appends the charges to the prospect's stream and
/// deletes this in its own commit. A crash or a failed commit leaves it behind, and the step's retry appends the charges
/// first (<see cref="Pipeline.EnrichmentStep.SettleUnledgered"/>, <see cref="Pipeline.ScoreProspectsHandler"/>), where
/// the retry would otherwise find the answer cached and charge nothing: a paid call reaches the ledger once.
/// </summary>
public sealed class UnledgeredPurchase
{
    public string Id { get; set; } = "";
    public PurchaseStep Step { get; set; }
    public Guid ProspectId { get; set; }
    public Guid CampaignId { get; set; }
    public List<ProviderCharge> Charges { get; set; } = [];
    public DateTimeOffset BoughtAt { get; set; }

    public static string ScoringId(Guid campaignId, Guid prospectId) => $"scoring/{campaignId}/{prospectId}";

    /// <summary>The cost events that put these charges on the ledger.</summary>
    public IEnumerable<ProviderCallCharged> Charged() => Charges.Select(c => c.ChargedTo(ProspectId, CampaignId));
}

public enum PurchaseStep
{
    Enrichment,
    Scoring,
}

/// <summary>
/// "Never pay twice": the waterfall asks here before it asks a provider, and remembers what providers answered
/// (including "not found") for <see cref="EnrichmentOptions.AnswerTtlDays"/>. The embedded providers' answers are
/// written in the transaction that records the call's cost event; when a later provider fails, the enrichment handler
/// commits the answers bought so far with their cost events before retrying. A remote provider's answer is committed as
/// soon as it is bought, with an <see cref="UnledgeredPurchase"/> that carries its charges to the ledger, so a crash
/// repeats at most the calls in flight, not the batch's.
/// Enrichments running side by side, on one host or several, often want the same company: a question is bought only
/// under a PostgreSQL advisory lock of the buyer's transaction (<see cref="FindOrClaim"/>), so a second enrichment that
/// wants it meanwhile is told to come back (<see cref="AnswerBeingBought"/>) and then finds the committed answer.
/// </summary>
public sealed class ProviderAnswers(IDocumentSession session, Guid campaignId, DateTimeOffset now, TimeSpan ttl)
{
    private readonly Dictionary<string, ProviderAnswer> remembered = [];
    private readonly List<ProviderAnswer> bought = [];
    private readonly List<Guid> buyers = []; // the prospect each bought answer was bought for, by position
    private readonly HashSet<string> kept = []; // answers committed as they were bought (remote providers)
    private Guid buyer;

    /// <summary>The answers bought from providers in this unit of work, in the order they were bought; a batch of
    /// prospects shares one unit of work, and each prospect's answers are those bought since its start.</summary>
    public IReadOnlyList<ProviderAnswer> Fresh => bought;

    private async Task<ProviderAnswer?> Find(string id, CancellationToken ct)
    {
        if (remembered.TryGetValue(id, out var fresh)) return fresh;
        var answer = await session.LoadAsync<ProviderAnswer>(id, ct);
        return answer is not null && answer.ExpiresAt > now ? answer : null;
    }

    /// <summary>The answer if the tenant has one; otherwise this unit of work claims the question, to buy it and commit
    /// the answer with its cost. The claim is a transaction-level advisory lock, so it ends with the commit, a rollback or
    /// a dropped connection, and is never waited for: two enrichments that each hold a question the other wants would
    /// wait on each other. Throws <see cref="AnswerBeingBought"/> when another transaction holds the claim.</summary>
    public async Task<ProviderAnswer?> FindOrClaim(string id, CancellationToken ct)
    {
        if (await Find(id, ct) is { } known) return known;
        await session.BeginTransactionAsync(ct);
        var claimed = await session.AdvancedSql.QueryAsync<bool>("select pg_try_advisory_xact_lock(?)", ct, ClaimKey(session.TenantId, id));
        if (!claimed[0]) throw new AnswerBeingBought();
        // Whoever held the claim may have committed the answer between the read above and the claim.
        return await Find(id, ct);
    }

    /// <summary>What is bought from now on is bought for <paramref name="prospect"/>; returns the mark of its first
    /// answer in <see cref="Fresh"/>.</summary>
    public int BuyFor(Guid prospect)
    {
        buyer = prospect;
        return bought.Count;
    }

    /// <summary>Keeps an answer just bought. One from a remote provider (<paramref name="keepAtOnce"/>) is committed now,
    /// in a transaction of its own, with the <see cref="UnledgeredPurchase"/> of its charges: the call was paid for,
    /// and a crash before the enrichment commits must not make the retry pay for it again.</summary>
    public async Task Remember(ProviderAnswer answer, bool keepAtOnce, CancellationToken ct)
    {
        answer.AnsweredAt = now;
        answer.ExpiresAt = now + ttl;
        if (answer.Operation == "email") answer.SubjectId = buyer;
        remembered[answer.Id] = answer;
        bought.Add(answer);
        buyers.Add(buyer);
        if (keepAtOnce) await KeepAtOnce(answer);
    }

    private async Task KeepAtOnce(ProviderAnswer answer)
    {
        await using var own = session.DocumentStore.LightweightSession(session.TenantId);
        var keepAnswer = true;
        if (answer.Operation == "email")
        {
            // Locked as an erasure locks it: a person erased before this commit keeps the charge, not the address; one
            // erased after it has the answer deleted with them (it carries their id).
            var stream = await own.Events.FetchForExclusiveWriting<Prospect>(buyer);
            keepAnswer = stream.Aggregate?.Erased != true;
        }
        if (keepAnswer) own.Store(answer);
        own.Store(new UnledgeredPurchase
        {
            Id = answer.Id, Step = PurchaseStep.Enrichment, ProspectId = buyer, CampaignId = campaignId, Charges = answer.Charges.ToList(), BoughtAt = now,
        });
        // Not cancellable: the call is paid for whatever happens to the handler now.
        await own.SaveChangesAsync(CancellationToken.None);
        kept.Add(answer.Id);
    }

    /// <summary>Whether <paramref name="answer"/> was committed as it was bought; its charges reach the ledger through
    /// its <see cref="UnledgeredPurchase"/>.</summary>
    public bool WasKeptAtOnce(ProviderAnswer answer) => kept.Contains(answer.Id);

    /// <summary>The answers bought in this unit of work, by the prospect each was bought for.</summary>
    public IEnumerable<(Guid Prospect, List<ProviderAnswer> Answers)> ByBuyer() =>
        bought.Select((answer, i) => (answer, buyer: buyers[i])).GroupBy(b => b.buyer).Select(g => (g.Key, g.Select(b => b.answer).ToList()));

    /// <summary>Adds the answers bought to the session's unit of work, to commit with their cost events; the handler
    /// calls it once it has enriched what it will, and has appended every answer's charges. An answer kept at once is
    /// stored already: its <see cref="UnledgeredPurchase"/> goes, as its charges are in this commit. In id order: two
    /// enrichment batches that bought the same companies in different orders deadlocked on each other's rows.</summary>
    public void StoreBought()
    {
        var toStore = bought.Where(a => !kept.Contains(a.Id)).ToList();
        if (toStore.Count > 0) session.Store(InIdOrder(toStore));
        foreach (var id in kept.Order(StringComparer.Ordinal)) session.Delete<UnledgeredPurchase>(id);
    }

    /// <summary>The advisory lock's key: 64 bits of a hash of the tenant and the question, as answers are per tenant.</summary>
    private static long ClaimKey(string tenant, string id) =>
        BinaryPrimitives.ReadInt64BigEndian(SHA256.HashData(Encoding.UTF8.GetBytes($"provider-answer\n{tenant}\n{id}")));

    public static ProviderAnswer[] InIdOrder(IEnumerable<ProviderAnswer> answers) =>
        answers.OrderBy(a => a.Id, StringComparer.Ordinal).ToArray();
}

/// <summary>Another enrichment's transaction is buying the answer to the same question: try this prospect again once it
/// has committed (or given up), rather than pay for the question twice.</summary>
public sealed class AnswerBeingBought() : Exception("another enrichment is buying the same answer")
{
    /// <summary>About one enrichment batch's commit; a batch of slow remote providers may take longer, and is asked again.</summary>
    public static readonly TimeSpan TryAgainAfter = TimeSpan.FromSeconds(1);
}
