using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using LeadGen.Application.Ports;
using LeadGen.Infrastructure.Providers;
using Microsoft.Extensions.Options;

namespace LeadGen.Infrastructure.VectorIndex;

/// <summary>
/// Pinecone's REST data plane (docs/adr/0006): <c>POST /vectors/upsert</c>, <c>POST /query</c>, <c>GET /vectors/fetch</c>,
/// <c>POST /vectors/delete</c> on the index's own host, authenticated by the <c>Api-Key</c> header and pinned to one API
/// version by <c>X-Pinecone-Api-Version</c> (unpinned requests get the oldest supported version, which changes under
/// us as versions retire).
/// <para>Each tenant is a namespace, so no request can reach another tenant's vectors. A namespace holds every model's
/// vectors; the model is kept in metadata under <c>model</c> and every query filters on it. The index must use the
/// cosine metric: its score is then the cosine similarity the port promises, with no conversion.</para>
/// <para>Limits this adapter keeps (Pinecone's operation limits): an upsert carries at most 1,000 vectors and 2 MB of
/// body, a delete at most 1,000 ids; fetch ids travel in the query string, so they go 100 at a time.</para>
/// </summary>
public sealed partial class PineconeVectorIndex(HttpClient http, IOptionsMonitor<ProviderOptions> options, TimeProvider time) : IVectorIndex
{
    public const string ProviderName = "pinecone";

    /// <summary>A stable version (Pinecone keeps each for at least 12 months); <c>Providers:Pinecone:ApiVersion</c>
    /// moves to a newer one.</summary>
    public const string DefaultApiVersion = "2025-10";

    public const int MaxVectorsPerUpsert = 1_000;

    /// <summary>Pinecone's "2 MB" read as the smaller of 2,000,000 and 2 MiB.</summary>
    public const int MaxUpsertBytes = 2_000_000;

    public const int MaxIdsPerFetch = 100;
    public const int MaxIdsPerDelete = 1_000;

    /// <summary>Keeps a fetch URL well under the 8 KB that proxies and servers commonly accept, whatever the ids' length.</summary>
    private const int MaxFetchQueryChars = 4_000;

    private const string UpsertOperation = "upsert";
    private const string QueryOperation = "query";
    private const string FetchOperation = "fetch";
    private const string DeleteOperation = "delete";

    public static readonly ProviderProfile Profile = new(ProviderName);

    private static readonly byte[] UpsertBodyStart = "{\"vectors\":["u8.ToArray();

    public async Task UpsertAsync(string tenant, IReadOnlyList<IndexedVector> vectors, CancellationToken ct)
    {
        VectorIndexArguments.Upsert(tenant, vectors);
        var records = VectorIndexArguments.LastPerId(vectors).Select(Record).ToList();
        var bodyEnd = Encoding.UTF8.GetBytes($"],\"namespace\":{JsonSerializer.Serialize(tenant)}}}");
        // Each record is serialised once and its size known exactly, so the body sent is the body measured.
        var roomForRecords = MaxUpsertBytes - UpsertBodyStart.Length - bodyEnd.Length;
        foreach (var record in records)
        {
            if (record.Length + 1 > roomForRecords)
            {
                throw new ArgumentException($"A vector serialises to {record.Length:N0} bytes: more than one Pinecone upsert may carry.", nameof(vectors));
            }
        }

        // The comma before each record but the first is counted with the record: one byte too many per batch at most.
        foreach (var batch in Batches(records, MaxVectorsPerUpsert, roomForRecords, record => record.Length + 1))
        {
            using var _ = await SendAsync(UpsertOperation, HttpMethod.Post, "vectors/upsert", UpsertBody(batch, bodyEnd),
                missingMeansNothing: false, ct);
        }
    }

    public async Task<IReadOnlyList<VectorMatch>> QueryAsync(string tenant, string model, float[] vector, int topK,
        IReadOnlyDictionary<string, string>? filter, CancellationToken ct)
    {
        VectorIndexArguments.Query(tenant, model, vector, topK, filter);
        var conditions = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal)
        {
            [VectorIndexArguments.ModelKey] = new() { ["$eq"] = model },
        };
        foreach (var (key, value) in filter ?? new Dictionary<string, string>()) conditions[key] = new() { ["$eq"] = value };

        var body = Json(new PineconeQuery(tenant, vector, topK, conditions, IncludeMetadata: true, IncludeValues: false));
        using var response = await SendAsync(QueryOperation, HttpMethod.Post, "query", body, missingMeansNothing: true, ct);
        if (response is null) return [];

        var answer = await response.ReadJsonAsync<PineconeQueryAnswer>(Profile, QueryOperation, ct);
        return (answer.Matches ?? [])
            .Select(match => new VectorMatch(match.Id, Math.Clamp(match.Score, -1d, 1d), Labels(match.Metadata).Labels))
            .ToList();
    }

    public async Task<IReadOnlyList<IndexedVector>> FetchAsync(string tenant, IReadOnlyList<string> ids, CancellationToken ct)
    {
        VectorIndexArguments.Ids(tenant, ids);
        var found = new List<IndexedVector>(ids.Count);
        var tenantQuery = $"namespace={Uri.EscapeDataString(tenant)}";
        var escaped = VectorIndexArguments.DistinctIds(ids).Select(id => (Id: id, Query: $"ids={Uri.EscapeDataString(id)}&")).ToList();
        foreach (var batch in Batches(escaped, MaxIdsPerFetch, MaxFetchQueryChars - tenantQuery.Length, id => id.Query.Length))
        {
            var path = $"vectors/fetch?{string.Concat(batch.Select(id => id.Query))}{tenantQuery}";
            using var response = await SendAsync(FetchOperation, HttpMethod.Get, path, content: null, missingMeansNothing: true, ct);
            if (response is null) continue;

            var answer = await response.ReadJsonAsync<PineconeFetchAnswer>(Profile, FetchOperation, ct);
            // In the order asked for; ids Pinecone does not have are simply absent from its map.
            foreach (var (id, _) in batch)
            {
                if (answer.Vectors?.GetValueOrDefault(id) is not { Values: { Length: > 0 } values, Metadata: var metadata }) continue;
                var (model, labels) = Labels(metadata);
                found.Add(new IndexedVector(id, model, values, labels));
            }
        }

        return found;
    }

    public async Task DeleteAsync(string tenant, IReadOnlyList<string> ids, CancellationToken ct)
    {
        VectorIndexArguments.Ids(tenant, ids);
        foreach (var batch in VectorIndexArguments.DistinctIds(ids).Chunk(MaxIdsPerDelete))
        {
            // A namespace that does not exist yet has nothing to delete: that is what the port asks for, not a failure.
            using var _ = await SendAsync(DeleteOperation, HttpMethod.Post, "vectors/delete", Json(new PineconeDelete(batch, tenant)),
                missingMeansNothing: true, ct);
        }
    }

    /// <summary>Sends one request through the provider pipeline. Returns the successful answer; or null when Pinecone
    /// answered NOT_FOUND and <paramref name="missingMeansNothing"/> (a tenant that never upserted has no namespace
    /// yet); anything else is a <see cref="ProviderFailure"/>.</summary>
    private async Task<HttpResponseMessage?> SendAsync(string operation, HttpMethod method, string path, HttpContent? content,
        bool missingMeansNothing, CancellationToken ct)
    {
        var settings = options.Get(ProviderName);
        using var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Add("Api-Key", settings.ApiKey);
        request.Headers.Add("X-Pinecone-Api-Version", string.IsNullOrWhiteSpace(settings.ApiVersion) ? DefaultApiVersion : settings.ApiVersion.Trim());

        var response = await http.SendAsync(Profile, operation, request, ct);
        if (response.IsSuccessStatusCode) return response;

        using (response)
        {
            var code = await ErrorCodeAsync(response, ct);
            if (missingMeansNothing && response.StatusCode == HttpStatusCode.NotFound && code is "5" or "NOT_FOUND") return null;

            var failure = ProviderFailures.FromResponse(Profile, operation, response, time);
            throw code is null ? failure : new ProviderFailure(failure.Provider, failure.Kind, $"{failure.Reason}, Pinecone code {code}", failure.RetryAfter);
        }
    }

    /// <summary>The code of a Pinecone error body: the data plane answers a gRPC status
    /// <c>{"code":16,"message":…,"details":[]}</c>, the API gateway <c>{"error":{"code":"UNAUTHENTICATED","message":…}}</c>.
    /// Only a code shaped like one is kept; the message is not, as it can quote the request.</summary>
    private static async Task<string?> ErrorCodeAsync(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            using var document = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(ct), cancellationToken: ct);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return null;
            if (root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object) root = error;
            if (!root.TryGetProperty("code", out var code)) return null;
            var text = code.ValueKind switch
            {
                JsonValueKind.Number => code.GetRawText(),
                JsonValueKind.String => code.GetString(),
                _ => null,
            };
            return text is not null && ErrorCodeShape().IsMatch(text) ? text : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static byte[] Record(IndexedVector vector)
    {
        var metadata = new Dictionary<string, string>(vector.Metadata, StringComparer.Ordinal) { [VectorIndexArguments.ModelKey] = vector.Model };
        return JsonSerializer.SerializeToUtf8Bytes(new PineconeRecord(vector.Id, vector.Values, metadata), ProviderJson.Options);
    }

    private static ByteArrayContent UpsertBody(List<byte[]> records, byte[] bodyEnd)
    {
        using var body = new MemoryStream();
        body.Write(UpsertBodyStart);
        for (var i = 0; i < records.Count; i++)
        {
            if (i > 0) body.WriteByte((byte)',');
            body.Write(records[i]);
        }

        body.Write(bodyEnd);
        return JsonBytes(body.ToArray());
    }

    private static ByteArrayContent Json<T>(T value) => JsonBytes(JsonSerializer.SerializeToUtf8Bytes(value, ProviderJson.Options));

    private static ByteArrayContent JsonBytes(byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    /// <summary>Consecutive runs of <paramref name="items"/>, each at most <paramref name="maxCount"/> long and at most
    /// <paramref name="maxSize"/> in total size.</summary>
    private static IEnumerable<List<T>> Batches<T>(IReadOnlyList<T> items, int maxCount, int maxSize, Func<T, int> sizeOf)
    {
        var batch = new List<T>();
        var size = 0;
        foreach (var item in items)
        {
            var itemSize = sizeOf(item);
            if (batch.Count > 0 && (batch.Count == maxCount || size + itemSize > maxSize))
            {
                yield return batch;
                batch = [];
                size = 0;
            }

            batch.Add(item);
            size += itemSize;
        }

        if (batch.Count > 0) yield return batch;
    }

    /// <summary>Splits Pinecone's metadata into the model and the caller's labels. Labels LeadGen wrote are strings;
    /// any other JSON value (written by another client) is kept as its JSON text.</summary>
    private static (string Model, IReadOnlyDictionary<string, string> Labels) Labels(Dictionary<string, JsonElement>? metadata)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        var model = "";
        foreach (var (key, value) in metadata ?? [])
        {
            var text = value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
            if (key == VectorIndexArguments.ModelKey) model = text;
            else labels[key] = text;
        }

        return (model, labels);
    }

    [GeneratedRegex("^(?:[0-9]{1,3}|[A-Z_]{1,40})$")]
    private static partial Regex ErrorCodeShape();
}

internal sealed record PineconeRecord(string Id, float[] Values, Dictionary<string, string> Metadata);

internal sealed record PineconeQuery(string Namespace, float[] Vector, int TopK, Dictionary<string, Dictionary<string, string>> Filter,
    bool IncludeMetadata, bool IncludeValues);

internal sealed record PineconeDelete(string[] Ids, string Namespace);

internal sealed record PineconeQueryAnswer(List<PineconeMatch>? Matches);

internal sealed record PineconeMatch(string Id, double Score, Dictionary<string, JsonElement>? Metadata);

internal sealed record PineconeFetchAnswer(Dictionary<string, PineconeStoredVector>? Vectors);

internal sealed record PineconeStoredVector(string Id, float[]? Values, Dictionary<string, JsonElement>? Metadata);
