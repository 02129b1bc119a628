using LeadGen.Application.Ports;

namespace LeadGen.Infrastructure.Embeddings;

/// <summary>The SHA-256 of a text's UTF-8 bytes: what the embedding cache knows a text by, so the text itself (a person's
/// profile) is never stored.</summary>
public readonly record struct TextDigest(string Hex)
{
    public static TextDigest Of(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new TextDigest(IEmbeddingCache.Digest(text));
    }

    public static TextDigest FromBytes(byte[] sha256) => new(Convert.ToHexString(sha256));

    public byte[] ToBytes() => Convert.FromHexString(Hex);
}
