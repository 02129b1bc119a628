using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Marten.Metadata;

namespace LeadGen.Application.Features.Admin;

/// <summary>An API key an admin issued for their tenant. Only the SHA-256 of the key is kept: whoever reads the
/// database cannot call the API with it, and a lost key is revoked and issued again, never shown twice.</summary>
public sealed class IssuedApiKey : ITenanted
{
    public Guid Id { get; set; }
    public string Name { get; set; } = "";
    public List<string> Roles { get; set; } = [];

    /// <summary>Lower-case hex SHA-256 of the whole key; authentication looks keys up by it.</summary>
    public string KeyHash { get; set; } = "";

    /// <summary>The key's first characters, enough for a person to tell their keys apart and far too few to guess the rest.</summary>
    public string Prefix { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }
    public string CreatedBy { get; set; } = "";
    public DateTimeOffset? RevokedAt { get; set; }
    public string? RevokedBy { get; set; }

    /// <summary>Filled by Marten from the row's tenant, so a key found across tenants tells which tenant it acts for.</summary>
    public string? TenantId { get; set; }
}

public static class ApiKeySecret
{
    /// <summary>Every issued key starts with it, so a leaked one is recognisable (secret scanners, logs) and the
    /// authentication handler asks the database only for keys that can be issued ones.</summary>
    public const string KeyPrefix = "lg_";

    private const int SecretBytes = 32;
    private const int VisibleSecretChars = 6;

    public static string NewKey() => KeyPrefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(SecretBytes));

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    public static string PrefixOf(string key) => key[..(KeyPrefix.Length + VisibleSecretChars)];

    /// <summary>Only a string of an issued key's shape is worth a database lookup.</summary>
    public static bool LooksIssued(string key) =>
        key.StartsWith(KeyPrefix, StringComparison.Ordinal) && key.Length == KeyPrefix.Length + Base64Url.GetEncodedLength(SecretBytes);
}
