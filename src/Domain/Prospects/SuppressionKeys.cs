using System.Security.Cryptography;
using System.Text;

namespace LeadGen.Domain.Prospects;

/// <summary>
/// The hashed identifiers a suppression list keeps instead of the identifiers: an email address, a platform's id for
/// the person, and their name at a company (by domain and by company name, because discovery may know only one of
/// them). Values are normalised first (case, accents, spacing, "www."), so the same person hashes the same wherever
/// they are found; the tenant is part of the hash, so one tenant's list says nothing about another's.
/// </summary>
public static class SuppressionKeys
{
    public const string EmailKind = "email";
    public const string PlatformIdKind = "platform-id";
    public const string NameAtCompanyKind = "name-company";

    public static string Email(string tenant, string email) => Key(tenant, EmailKind, email.Trim().ToLowerInvariant());

    public static string PlatformId(string tenant, string platform, string externalId) =>
        Key(tenant, PlatformIdKind, $"{platform.Trim().ToLowerInvariant()}\n{externalId.Trim()}");

    public static string NameAtCompany(string tenant, string name, string company) =>
        Key(tenant, NameAtCompanyKind, $"{Normalise(name)}\n{NormaliseCompany(company)}");

    /// <summary>Every key a person found on <paramref name="platform"/> can be recognised by.</summary>
    public static IReadOnlyList<string> Of(string tenant, string platform, ProspectProfile profile, string? email = null, string? companyDomain = null)
    {
        var keys = new List<string>();
        if (!string.IsNullOrWhiteSpace(profile.ExternalId)) keys.Add(PlatformId(tenant, platform, profile.ExternalId));
        if (!string.IsNullOrWhiteSpace(profile.Name))
        {
            foreach (var company in new[] { profile.CompanyDomain, companyDomain, profile.Company }.Where(c => !string.IsNullOrWhiteSpace(c)))
                keys.Add(NameAtCompany(tenant, profile.Name, company!));
        }
        if (!string.IsNullOrWhiteSpace(email)) keys.Add(Email(tenant, email));
        return keys.Distinct().ToList();
    }

    private static string Key(string tenant, string kind, string value) =>
        $"{kind}:{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{tenant}\n{kind}\n{value}")))}";

    private static string Normalise(string text)
    {
        var kept = new StringBuilder(text.Length);
        var space = false;
        foreach (var c in text.Trim().ToLowerInvariant())
        {
            if (char.IsWhiteSpace(c) || c is '.' or ',' or '-')
            {
                space = kept.Length > 0;
                continue;
            }
            if (space) kept.Append(' ');
            space = false;
            kept.Append(Folded.GetValueOrDefault(c, c.ToString()));
        }
        return kept.ToString();
    }

    // Accents folded by table, not by Unicode decomposition: the process runs with invariant globalization, where
    // string.Normalize leaves "ü" as it is. Latin letters with diacritics and the common ligatures cover names as
    // European platforms show them.
    private static readonly Dictionary<char, string> Folded = BuildFolding(
        ("a", "àáâãäåāăą"), ("c", "çćĉċč"), ("d", "ďđð"), ("e", "èéêëēĕėęě"), ("g", "ĝğġģ"), ("h", "ĥħ"), ("i", "ìíîïĩīĭįı"),
        ("j", "ĵ"), ("k", "ķ"), ("l", "ĺļľŀł"), ("n", "ñńņňŉ"), ("o", "òóôõöøōŏő"), ("r", "ŕŗř"), ("s", "śŝşšș"), ("t", "ţťŧț"),
        ("u", "ùúûüũūŭůűų"), ("w", "ŵ"), ("y", "ýÿŷ"), ("z", "źżž"), ("ss", "ß"), ("ae", "æ"), ("oe", "œ"), ("th", "þ"));

    private static Dictionary<char, string> BuildFolding(params (string To, string From)[] groups) =>
        groups.SelectMany(g => g.From.Select(c => (c, g.To))).ToDictionary(x => x.c, x => x.To);

    private static string NormaliseCompany(string company)
    {
        var c = company.Trim().ToLowerInvariant();
        if (c.StartsWith("https://")) c = c[8..];
        if (c.StartsWith("http://")) c = c[7..];
        if (c.StartsWith("www.")) c = c[4..];
        return Normalise(c.TrimEnd('/'));
    }
}
