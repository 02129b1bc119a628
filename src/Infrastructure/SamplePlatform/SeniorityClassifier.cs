namespace LeadGen.Infrastructure.SamplePlatform;

/// <summary>Reads a seniority (one of <see cref="LeadGen.Domain.Icps.IcpVocabulary.Seniorities"/>) off a job title,
/// the way platforms infer it when people do not state it.</summary>
public static class SeniorityClassifier
{
    [Flags]
    private enum Cue
    {
        None = 0, Chief = 1, President = 2, Vice = 4, VpAbbreviation = 8, Director = 16, Owner = 32, Partner = 64,
        Business = 128, Manager = 256, Senior = 512, Principal = 1024, AssistsSomeone = 2048,
    }

    private static readonly HashSet<string> ChiefAbbreviations = new(StringComparer.OrdinalIgnoreCase)
    {
        "ceo", "cto", "cfo", "coo", "cio", "cmo", "ciso", "cso", "cdo", "cpo", "cro", "cco", "cno",
    };

    private static readonly Dictionary<string, Cue> Cues = new(StringComparer.OrdinalIgnoreCase)
    {
        ["chief"] = Cue.Chief, ["president"] = Cue.President, ["vice"] = Cue.Vice, ["vp"] = Cue.VpAbbreviation,
        ["svp"] = Cue.VpAbbreviation, ["evp"] = Cue.VpAbbreviation, ["avp"] = Cue.VpAbbreviation,
        ["director"] = Cue.Director, ["head"] = Cue.Director, ["owner"] = Cue.Owner, ["founder"] = Cue.Owner,
        ["cofounder"] = Cue.Owner, ["partner"] = Cue.Partner, ["business"] = Cue.Business, ["manager"] = Cue.Manager,
        ["mgr"] = Cue.Manager, ["lead"] = Cue.Manager, ["supervisor"] = Cue.Manager, ["senior"] = Cue.Senior,
        ["sr"] = Cue.Senior,
    };

    public static string Classify(string title)
    {
        var cues = Read(title);

        // "VP Assistant", "President's Assistant", "Executive Secretary": the title names whom they assist.
        if (cues.HasFlag(Cue.AssistsSomeone))
        {
            return "entry";
        }

        // Order matters: "Vice President" holds "President", "Sales Director" outranks its "Sales Manager" peers.
        if (cues.HasFlag(Cue.Chief) || (cues.HasFlag(Cue.President) && !cues.HasFlag(Cue.Vice)))
        {
            return "cxo";
        }

        if (cues.HasFlag(Cue.VpAbbreviation) || (cues.HasFlag(Cue.Vice) && cues.HasFlag(Cue.President)))
        {
            return "vp";
        }

        if (cues.HasFlag(Cue.Director))
        {
            return "director";
        }

        if (cues.HasFlag(Cue.Owner))
        {
            return "owner";
        }

        // An "HR Business Partner" is an individual contributor, not a partner of the firm.
        if (cues.HasFlag(Cue.Partner) && !cues.HasFlag(Cue.Business))
        {
            return "partner";
        }

        if (cues.HasFlag(Cue.Manager))
        {
            return "manager";
        }

        return cues.HasFlag(Cue.Senior) || cues.HasFlag(Cue.Principal) ? "senior" : "entry";
    }

    // Walks the words without allocating: the builder classifies every one of O*NET's ~55,000 titles.
    private static Cue Read(string title)
    {
        var cues = Cue.None;
        var lookup = Cues.GetAlternateLookup<ReadOnlySpan<char>>();
        var chiefLookup = ChiefAbbreviations.GetAlternateLookup<ReadOnlySpan<char>>();
        var span = title.AsSpan();
        var words = 0;
        var lastWord = ReadOnlySpan<char>.Empty;
        var position = 0;
        while (position < span.Length)
        {
            while (position < span.Length && !char.IsLetterOrDigit(span[position]))
            {
                position++;
            }

            var start = position;
            while (position < span.Length && char.IsLetterOrDigit(span[position]))
            {
                position++;
            }

            if (position == start)
            {
                break;
            }

            var word = span[start..position];
            words++;
            if (lookup.TryGetValue(word, out var cue))
            {
                cues |= cue;
            }
            else if (chiefLookup.Contains(word))
            {
                cues |= Cue.Chief;
            }

            // "Principal" grades a role only before it ("Principal Engineer"); alone or last it is a school head.
            if (lastWord.Equals("principal", StringComparison.OrdinalIgnoreCase))
            {
                cues |= Cue.Principal;
            }

            lastWord = word;
        }

        if (words > 1 && (lastWord.Equals("assistant", StringComparison.OrdinalIgnoreCase)
                          || lastWord.Equals("secretary", StringComparison.OrdinalIgnoreCase)))
        {
            cues |= Cue.AssistsSomeone;
        }

        return cues;
    }
}
