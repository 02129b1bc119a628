using LeadGen.Domain.Common;

namespace LeadGen.Domain.Prospects;

public enum ProspectStage { Discovered, Scored, Rejected, Enriched, Qualified, Failed, Converted }

/// <summary>A person found on a platform, with what each campaign that found them made of them.</summary>
public sealed class Prospect
{
    public Guid Id { get; set; }
    public long Version { get; set; }
    public string Platform { get; set; } = "";
    public ProspectProfile Profile { get; set; } = null!;
    public Dictionary<Guid, CampaignMembership> Campaigns { get; set; } = [];
    public Enrichment? Enrichment { get; set; }
    public Guid? LeadId { get; set; }

    /// <summary>Where the person was found and on what lawful basis, once per campaign that found them.</summary>
    public List<DataSource> Sources { get; set; } = [];

    /// <summary>The latest objection, withdrawal or "do not contact", if any: the person is suppressed.</summary>
    public ObjectionKind? Objection { get; set; }

    /// <summary>Qualified or converted in some campaign at some point: kept beyond the retention period.</summary>
    public bool EverQualified { get; set; }

    public bool Erased { get; set; }
    public bool ErasureCompleted { get; set; }

    /// <summary>Whether no campaign may process the person any further.</summary>
    public bool IsSuppressed => Objection is not null || Erased;

    public ProspectStage? StageIn(Guid campaignId) => Campaigns.TryGetValue(campaignId, out var m) ? m.Stage : null;

    /// <summary>Scores the prospect for a campaign once; a prospect below the campaign's threshold is rejected there.</summary>
    public IReadOnlyList<object> Score(Guid campaignId, double score, ScoreExplanation explanation, double minMatchScore)
    {
        if (StageIn(campaignId) != ProspectStage.Discovered) return [];
        var scored = new ProspectScored(Id, campaignId, score, explanation);
        return score >= minMatchScore
            ? [scored]
            : [scored, new ProspectRejected(Id, campaignId, $"score {score:0.000} below the campaign's threshold {minMatchScore:0.00}")];
    }

    public bool AwaitsEnrichment(Guid campaignId) => StageIn(campaignId) == ProspectStage.Scored;

    public bool AwaitsQualification(Guid campaignId) => StageIn(campaignId) == ProspectStage.Enriched;

    /// <summary>Qualified: above the threshold (it was not rejected), enriched, and reachable at a verified address.</summary>
    public object Qualify(Guid campaignId)
    {
        if (!AwaitsQualification(campaignId))
            throw new BusinessRuleViolation("Only an enriched prospect can be qualified.");
        return Qualification(campaignId, Enrichment?.Email, Enrichment?.EmailStatus ?? EmailStatus.Unknown);
    }

    /// <summary>Records what enrichment found and decides on it in the same step: suppressed when something it found
    /// (an address, a domain) is on the suppression list, otherwise qualified or rejected as <see cref="Qualify"/> would.</summary>
    public IReadOnlyList<object> CompleteEnrichment(ProspectEnriched enriched, string? suppressionId)
    {
        if (enriched.ProspectId != Id || !AwaitsEnrichment(enriched.CampaignId))
            throw new BusinessRuleViolation("Only a scored prospect can be enriched.");
        return suppressionId is not null
            ? [enriched, new ProspectSuppressed(Id, enriched.CampaignId, suppressionId)]
            : [enriched, Qualification(enriched.CampaignId, enriched.Email, enriched.EmailStatus)];
    }

    private object Qualification(Guid campaignId, string? email, EmailStatus status)
    {
        if (email is null) return new ProspectRejected(Id, campaignId, "no work email found");
        if (!status.IsContactable()) return new ProspectRejected(Id, campaignId, $"email not deliverable ({status})");
        return new ProspectQualified(Id, campaignId);
    }

    public ProspectConverted Convert(Guid leadId, string convertedBy)
    {
        if (LeadId is not null) throw new BusinessRuleViolation("The prospect has already been converted to a lead.");
        var qualifiedIn = Campaigns.Where(c => c.Value.Stage == ProspectStage.Qualified)
            .OrderByDescending(c => c.Value.Score)
            .Select(c => (Guid?)c.Key)
            .FirstOrDefault();
        if (qualifiedIn is null) throw new BusinessRuleViolation("Only a qualified prospect can be converted to a lead.");
        return new ProspectConverted(Id, qualifiedIn.Value, leadId, convertedBy);
    }

    /// <summary>Records whether the prospect fits the ICP of a campaign that scored them; a later judgement replaces an
    /// earlier one.</summary>
    public ProspectFitJudged JudgeFit(Guid campaignId, Guid icpId, int icpVersion, ProspectFit fit, string? reason, string judgedBy)
    {
        var stage = StageIn(campaignId) ?? throw new BusinessRuleViolation("The prospect was not found by that campaign.");
        if (stage == ProspectStage.Discovered) throw new BusinessRuleViolation("Only a prospect that has been scored can be judged.");
        return new ProspectFitJudged(Id, campaignId, icpId, icpVersion, fit, reason, judgedBy);
    }

    public ProspectObjected Object(ObjectionKind kind, string? reason, string recordedBy)
    {
        if (Erased) throw new BusinessRuleViolation("The person has been erased; they are already suppressed.");
        return new ProspectObjected(Id, kind, reason, recordedBy);
    }

    /// <summary>Skips the prospect in a campaign where it is still in flight.</summary>
    public IReadOnlyList<object> Suppress(Guid campaignId, string suppressionId) =>
        StageIn(campaignId) is ProspectStage.Discovered or ProspectStage.Scored or ProspectStage.Enriched
            ? [new ProspectSuppressed(Id, campaignId, suppressionId)]
            : [];

    public ProspectDataExported Export(string exportedBy)
    {
        if (Erased) throw new BusinessRuleViolation("The person has been erased; nothing personal is held to export.");
        return new ProspectDataExported(Id, exportedBy);
    }

    public ProspectErased Erase(string reason, string erasedBy)
    {
        if (Erased) throw new BusinessRuleViolation("The person has already been erased.");
        return new ProspectErased(Id, Campaigns.Keys.ToList(), reason, erasedBy);
    }

    /// <summary>Applies any of the prospect's events; the one place that knows which Apply an event goes to.</summary>
    public void Evolve(object @event)
    {
        switch (@event)
        {
            case ProspectDiscovered e: When(e); break;
            case ProspectScored e: When(e); break;
            case ProspectRejected e: When(e); break;
            case ProspectEnriched e: When(e); break;
            case ProspectEnrichmentFailed e: When(e); break;
            case ProspectQualified e: When(e); break;
            case ProspectConverted e: When(e); break;
            case ProspectFitJudged e: When(e); break;
            case ProspectObjected e: Objection = e.Kind; break;
            case ProspectSuppressed e: Move(e.CampaignId, ProspectStage.Rejected, "suppressed"); break;
            case ProspectErased: When(); break;
            case ProspectErasureCompleted: ErasureCompleted = true; break;
        }
    }

    private void When(ProspectDiscovered e)
    {
        Id = e.ProspectId;
        Platform = e.Platform;
        Profile = e.Profile;
        Sources.Add(e.Source);
        Campaigns.TryAdd(e.CampaignId, new CampaignMembership(ProspectStage.Discovered, null, null));
    }

    private void When()
    {
        Erased = true;
        Profile = ProspectProfile.Erased;
        // The employer and the score's sentences would name the person again beside each other ("CTO at Acme, Berlin").
        if (Enrichment is not null) Enrichment = Enrichment with { Email = null, Company = null };
        foreach (var campaign in Campaigns.Keys.ToList())
            Campaigns[campaign] = Campaigns[campaign] with { Explanation = Campaigns[campaign].Explanation?.Erased() };
    }

    // Erased already: a scoring step that read the person before their erasure committed after it.
    private void When(ProspectScored e) => Campaigns[e.CampaignId] = Campaigns[e.CampaignId] with
    {
        Stage = ProspectStage.Scored, Score = e.Score, Explanation = Erased ? e.Explanation.Erased() : e.Explanation,
    };

    private void When(ProspectRejected e) => Move(e.CampaignId, ProspectStage.Rejected, e.Reason);

    private void When(ProspectEnriched e)
    {
        Enrichment = Enrichment.Of(e);
        Move(e.CampaignId, ProspectStage.Enriched, null);
    }

    private void When(ProspectEnrichmentFailed e) => Move(e.CampaignId, ProspectStage.Failed, e.Reason);

    private void When(ProspectQualified e)
    {
        EverQualified = true;
        Move(e.CampaignId, ProspectStage.Qualified, null);
    }

    private void When(ProspectConverted e)
    {
        LeadId = e.LeadId;
        EverQualified = true;
        Move(e.CampaignId, ProspectStage.Converted, null);
    }

    private void When(ProspectFitJudged e) => Campaigns[e.CampaignId] = Campaigns[e.CampaignId] with { Fit = e.Fit };

    private void Move(Guid campaignId, ProspectStage stage, string? reason) =>
        Campaigns[campaignId] = Campaigns[campaignId] with { Stage = stage, Reason = reason };
}

public sealed record CampaignMembership(
    ProspectStage Stage, double? Score, string? Reason, ScoreExplanation? Explanation = null, ProspectFit? Fit = null);

public sealed record Enrichment(CompanyData? Company, string? Email, EmailStatus EmailStatus, string? CompanyProvider, string? EmailProvider)
{
    /// <summary>What a prospect is known to be once <paramref name="e"/> is applied.</summary>
    public static Enrichment Of(ProspectEnriched e) => new(e.Company, e.Email, e.EmailStatus, e.CompanyProvider, e.EmailProvider);
}
