namespace LeadGen.Infrastructure.SamplePlatform;

/// <summary>Normalises the ways callers write a company, so that "https://www.Northwind-Analytics.example/about" and
/// "Northwind Analytics, Inc." find the same company.</summary>
internal static class CompanyKeys
{
    private static readonly HashSet<string> LegalSuffixes = new(StringComparer.Ordinal)
    {
        "inc", "incorporated", "llc", "ltd", "limited", "gmbh", "corp", "corporation", "co", "plc", "sa", "ag", "bv",
        "nv", "srl", "sas", "oy", "ab", "as", "pty", "llp",
    };

    public static string? Domain(string? domain)
    {
        if (string.IsNullOrWhiteSpace(domain))
        {
            return null;
        }

        var key = domain.Trim().ToLowerInvariant();
        var scheme = key.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
        {
            key = key[(scheme + 3)..];
        }

        var at = key.LastIndexOf('@');
        if (at >= 0)
        {
            key = key[(at + 1)..];
        }

        var end = key.IndexOfAny(['/', '?', '#', ':']);
        if (end >= 0)
        {
            key = key[..end];
        }

        key = key.TrimEnd('.');
        if (key.StartsWith("www.", StringComparison.Ordinal))
        {
            key = key[4..];
        }

        return key.Length == 0 ? null : key;
    }

    public static string? Name(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return null;
        }

        var words = SearchText.Words(name.Replace("&", " and ", StringComparison.Ordinal));
        while (words.Count > 1 && LegalSuffixes.Contains(words[^1]))
        {
            words.RemoveAt(words.Count - 1);
        }

        return words.Count == 0 ? null : string.Join(' ', words);
    }
}
