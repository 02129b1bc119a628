namespace LeadGen.Application.Ports;

/// <summary>A vector stored in the index: what it belongs to (its id, e.g. a prospect's), the embedding model that made
/// it, and a few filterable labels. Vectors of different models are never compared: queries always filter by model.</summary>
public sealed record IndexedVector(string Id, string Model, float[] Values, IReadOnlyDictionary<string, string> Metadata);

public sealed record VectorMatch(string Id, double Similarity, IReadOnlyDictionary<string, string> Metadata);

/// <summary>
/// Nearest-neighbour search over a tenant's vectors (docs/adr/0006). Every call names the tenant: an adapter keeps
/// tenants apart (a namespace per tenant in Pinecone, a tenant column in PostgreSQL) and never answers across them.
/// Similarity is cosine similarity in [-1, 1]; the vectors stored are not assumed to be normalised.
/// </summary>
public interface IVectorIndex
{
    /// <summary>Inserts or replaces vectors by id (idempotent: a redelivered message may upsert the same vector twice).</summary>
    Task UpsertAsync(string tenant, IReadOnlyList<IndexedVector> vectors, CancellationToken ct);

    /// <summary>The <paramref name="topK"/> vectors of <paramref name="model"/> most similar to <paramref name="vector"/>,
    /// best first, whose metadata has every key/value of <paramref name="filter"/>.</summary>
    Task<IReadOnlyList<VectorMatch>> QueryAsync(string tenant, string model, float[] vector, int topK,
        IReadOnlyDictionary<string, string>? filter, CancellationToken ct);

    /// <summary>The stored vectors among <paramref name="ids"/> (missing ids are left out).</summary>
    Task<IReadOnlyList<IndexedVector>> FetchAsync(string tenant, IReadOnlyList<string> ids, CancellationToken ct);

    /// <summary>Deletes vectors by id; ids that are not there are ignored.</summary>
    Task DeleteAsync(string tenant, IReadOnlyList<string> ids, CancellationToken ct);
}
