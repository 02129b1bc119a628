using System.Text;

namespace LeadGen.Infrastructure.Enrichment.Local;

/// <summary>FNV-1a (64-bit) over UTF-8, with a final avalanche. Unlike string.GetHashCode, which is randomised per
/// process, it gives the same value in every process and on every machine, so derived verdicts are reproducible.</summary>
public static class StableHash
{
    private const ulong OffsetBasis = 14695981039346656037UL;
    private const ulong Prime = 1099511628211UL;

    public static ulong Fnv1a64(string text)
    {
        var hash = OffsetBasis;
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            hash ^= b;
            hash *= Prime;
        }

        return hash;
    }

    /// <summary>FNV-1a's low bits mix poorly for short, similar inputs ("a.b@x" vs "a.c@x"); the SplitMix64
    /// finaliser spreads every input bit over the whole word before we take a remainder.</summary>
    public static ulong Mixed(string text)
    {
        var z = Fnv1a64(text);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
