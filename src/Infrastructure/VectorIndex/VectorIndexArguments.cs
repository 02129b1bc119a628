using LeadGen.Application.Ports;

namespace LeadGen.Infrastructure.VectorIndex;

/// <summary>
/// The argument rules both adapters share, checked before anything is sent or stored, so that switching
/// VectorIndex:Provider never changes which calls succeed.
/// </summary>
internal static class VectorIndexArguments
{
    /// <summary>Pinecone keeps a vector's model in its metadata under this key (one namespace holds every model), so
    /// callers may not use it for a label of their own, in metadata or in a filter.</summary>
    public const string ModelKey = "model";

    public static void Upsert(string tenant, IReadOnlyList<IndexedVector> vectors)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tenant);
        ArgumentNullException.ThrowIfNull(vectors);
        foreach (var vector in vectors)
        {
            ArgumentNullException.ThrowIfNull(vector, nameof(vectors));
            ArgumentException.ThrowIfNullOrWhiteSpace(vector.Id, nameof(vectors));
            ArgumentException.ThrowIfNullOrWhiteSpace(vector.Model, nameof(vectors));
            ArgumentNullException.ThrowIfNull(vector.Metadata, nameof(vectors));
            Values(vector.Values, $"vector {vector.Id}");
            Labels(vector.Metadata, nameof(vectors));
        }
    }

    public static void Query(string tenant, string model, float[] vector, int topK, IReadOnlyDictionary<string, string>? filter)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tenant);
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        Values(vector, "the query vector");
        ArgumentOutOfRangeException.ThrowIfLessThan(topK, 1);
        if (filter is not null) Labels(filter, nameof(filter));
    }

    public static void Ids(string tenant, IReadOnlyList<string> ids)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tenant);
        ArgumentNullException.ThrowIfNull(ids);
        foreach (var id in ids) ArgumentException.ThrowIfNullOrWhiteSpace(id, nameof(ids));
    }

    /// <summary>One vector per id, the last one given winning: upserting a list applies it in order, and PostgreSQL's
    /// "on conflict do update" refuses to touch one row twice in a statement.</summary>
    public static IReadOnlyList<IndexedVector> LastPerId(IReadOnlyList<IndexedVector> vectors)
    {
        var last = new Dictionary<string, IndexedVector>(vectors.Count, StringComparer.Ordinal);
        foreach (var vector in vectors) last[vector.Id] = vector;
        return last.Count == vectors.Count ? vectors : [.. last.Values];
    }

    public static string[] DistinctIds(IReadOnlyList<string> ids) => ids.Distinct(StringComparer.Ordinal).ToArray();

    /// <summary>Cosine similarity needs a direction: an empty, all-zero or non-finite vector has none (Pinecone refuses
    /// them too).</summary>
    private static void Values(float[]? values, string what)
    {
        if (values is null || values.Length == 0) throw new ArgumentException($"{what} has no values.");
        var anyNonZero = false;
        foreach (var value in values)
        {
            if (!float.IsFinite(value)) throw new ArgumentException($"{what} has a value that is not a finite number.");
            anyNonZero |= value != 0;
        }

        if (!anyNonZero) throw new ArgumentException($"{what} is all zeros: it has no direction to compare.");
    }

    private static void Labels(IReadOnlyDictionary<string, string> labels, string parameter)
    {
        foreach (var (key, value) in labels)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(key, parameter);
            ArgumentNullException.ThrowIfNull(value, parameter);
            if (string.Equals(key, ModelKey, StringComparison.Ordinal))
            {
                throw new ArgumentException($"The label \"{ModelKey}\" is reserved for the vector's model.", parameter);
            }
        }
    }
}
