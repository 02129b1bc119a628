using System.Security.Cryptography;
using System.Text;

namespace LeadGen.Application.Ports;

/// <summary>The cache of computed embeddings, which knows texts only by their SHA-256 (<see cref="Digest"/>). Erasure
/// removes a person's profile vectors from it by digest, so the texts themselves need not travel in a queued message.</summary>
public interface IEmbeddingCache
{
    Task ForgetDigestsAsync(IReadOnlyCollection<string> digests, CancellationToken ct);

    /// <summary>Upper-case hex SHA-256 of the text's UTF-8 bytes.</summary>
    public static string Digest(string text) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
