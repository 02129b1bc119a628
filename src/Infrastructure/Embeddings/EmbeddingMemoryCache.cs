namespace LeadGen.Infrastructure.Embeddings;

/// <summary>
/// The in-process level of the embedding cache: least recently used vectors are dropped once the vectors held take more
/// than the budget. The budget is in bytes rather than entries because a vector's size depends on the model: 1.5 KB for
/// MiniLM, 6 KB for a full text-embedding-3-small vector.
/// </summary>
public sealed class EmbeddingMemoryCache
{
    /// <summary>What an entry costs besides its floats: the key's string, the list node, the dictionary slot.</summary>
    private const int EntryOverheadBytes = 256;

    private readonly long budgetBytes;
    private readonly Dictionary<TextDigest, LinkedListNode<(TextDigest Key, float[] Vector)>> entries = new();
    private readonly LinkedList<(TextDigest Key, float[] Vector)> byRecency = new();
    private readonly Lock gate = new();
    private long usedBytes;

    public EmbeddingMemoryCache(long budgetBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(budgetBytes);
        this.budgetBytes = budgetBytes;
    }

    public int Count
    {
        get
        {
            lock (gate) return entries.Count;
        }
    }

    public bool TryGet(TextDigest key, out float[] vector)
    {
        lock (gate)
        {
            if (entries.TryGetValue(key, out var node))
            {
                byRecency.Remove(node);
                byRecency.AddFirst(node);
                vector = node.Value.Vector;
                return true;
            }
        }

        vector = [];
        return false;
    }

    public void Set(TextDigest key, float[] vector)
    {
        ArgumentNullException.ThrowIfNull(vector);
        if (CostOf(vector) > budgetBytes) return;
        lock (gate)
        {
            RemoveLocked(key);
            entries[key] = byRecency.AddFirst((key, vector));
            usedBytes += CostOf(vector);
            while (usedBytes > budgetBytes && byRecency.Last is { } oldest) RemoveLocked(oldest.Value.Key);
        }
    }

    public void Remove(TextDigest key)
    {
        lock (gate) RemoveLocked(key);
    }

    private void RemoveLocked(TextDigest key)
    {
        if (!entries.Remove(key, out var node)) return;
        byRecency.Remove(node);
        usedBytes -= CostOf(node.Value.Vector);
    }

    private static long CostOf(float[] vector) => (long)vector.Length * sizeof(float) + EntryOverheadBytes;
}
