using System.Security.Cryptography;
using System.Text;

namespace LeadGen.Application.Features.Webhooks;

/// <summary>
/// How a request proves it comes from Meta (developers.facebook.com, Webhooks "Getting Started"):
/// <list type="bullet">
/// <item>the subscription handshake (GET) echoes <c>hub.verify_token</c>, the string entered in the App Dashboard;</item>
/// <item>every notification (POST) is signed: <c>X-Hub-Signature-256: sha256=&lt;hex HMAC-SHA256 of the raw body, keyed
/// with the app secret&gt;</c>.</item>
/// </list>
/// Both comparisons take the same time whatever the input, so timing tells a forger nothing about how close a guess was.
/// </summary>
public static class FacebookWebhookSecurity
{
    public const string SignatureHeader = "X-Hub-Signature-256";
    private const string SignaturePrefix = "sha256=";

    /// <summary>Whether <paramref name="signatureHeader"/> is the body's signature with <paramref name="appSecret"/>.
    /// The body must be the bytes as received: re-serialised JSON would not match.</summary>
    public static bool SignatureMatches(string appSecret, ReadOnlySpan<byte> body, string? signatureHeader)
    {
        ArgumentException.ThrowIfNullOrEmpty(appSecret);
        if (signatureHeader is null || !signatureHeader.StartsWith(SignaturePrefix, StringComparison.OrdinalIgnoreCase)) return false;

        Span<byte> presented = stackalloc byte[HMACSHA256.HashSizeInBytes];
        var hex = signatureHeader.AsSpan(SignaturePrefix.Length).Trim();
        if (hex.Length != presented.Length * 2 || Convert.FromHexString(hex, presented, out _, out var written) != System.Buffers.OperationStatus.Done
            || written != presented.Length)
        {
            return false;
        }

        Span<byte> expected = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(appSecret), body, expected);
        return CryptographicOperations.FixedTimeEquals(expected, presented);
    }

    /// <summary>Whether the handshake's token is the configured one. Both are hashed first, so neither the content nor
    /// the length of the configured token shows in the time taken.</summary>
    public static bool VerifyTokenMatches(string verifyToken, string? presented)
    {
        ArgumentException.ThrowIfNullOrEmpty(verifyToken);
        return presented is { Length: > 0 } && CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(verifyToken)), SHA256.HashData(Encoding.UTF8.GetBytes(presented)));
    }

    /// <summary>The header value for a body: what Meta sends, and what tests sign with.</summary>
    public static string Sign(string appSecret, ReadOnlySpan<byte> body) =>
        SignaturePrefix + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(appSecret), body));
}
