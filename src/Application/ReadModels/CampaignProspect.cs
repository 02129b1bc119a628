using JasperFx.Events;
using LeadGen.Domain.Common;
using LeadGen.Domain.Prospects;
using Marten.Events.Projections;

namespace LeadGen.Application.ReadModels;

/// <summary>One prospect as one campaign sees it: the row of GET /campaigns/{id}/prospects. Projected inline, in the
/// transaction that moves the prospect, so the pipeline can count what is still in flight exactly.</summary>
public sealed class CampaignProspect
{
    private static readonly Guid Namespace = new("a7d1f0c2-61b4-4d0e-bb1c-3f5e8e2d4a90");

    public Guid Id { get; set; }
    public Guid CampaignId { get; set; }
    public Guid ProspectId { get; set; }
    public string Name { get; set; } = "";
    public string Title { get; set; } = "";
    public string Company { get; set; } = "";
    public string Location { get; set; } = "";
    public string Platform { get; set; } = "";
    public string ProfileUrl { get; set; } = "";
    public double? Score { get; set; }
    public ProspectStage Stage { get; set; }
    public bool InFlight { get; set; }
    public string? Reason { get; set; }
    public string? Email { get; set; }
    public EmailStatus? EmailStatus { get; set; }

    /// <summary>What this campaign paid providers for this prospect: summed over the campaign, what it has spent.</summary>
    public decimal Cost { get; set; }

    /// <summary>The latest fit feedback on this prospect for this campaign's ICP, if any.</summary>
    public ProspectFit? Fit { get; set; }

    /// <summary>Sort key, best first: the score, or -1 while unscored.</summary>
    public double Rank { get; set; } = -1;

    /// <summary>Breaks ties between equal ranks in keyset paging: 64 bits of the prospect id.</summary>
    public long Tiebreak { get; set; }

    public static Guid IdFor(Guid campaignId, Guid prospectId) => DeterministicGuid.Create(Namespace, $"{campaignId:N}{prospectId:N}");

    public static long TiebreakFor(Guid prospectId) => BitConverter.ToInt64(prospectId.ToByteArray(), 8);

    internal void MoveTo(ProspectStage stage, string? reason = null)
    {
        Stage = stage;
        Reason = reason;
        InFlight = stage is ProspectStage.Discovered or ProspectStage.Scored or ProspectStage.Enriched;
    }
}

public sealed class CampaignProspectProjection : MultiStreamProjection<CampaignProspect, Guid>
{
    public CampaignProspectProjection()
    {
        Identity<IProspectCampaignEvent>(e => CampaignProspect.IdFor(e.CampaignId, e.ProspectId));
        Identities<ProspectErased>(e => e.CampaignIds.Select(c => CampaignProspect.IdFor(c, e.ProspectId)).ToList());
    }

    public CampaignProspect Create(ProspectDiscovered e) => new()
    {
        Id = CampaignProspect.IdFor(e.CampaignId, e.ProspectId),
        CampaignId = e.CampaignId,
        ProspectId = e.ProspectId,
        Name = e.Profile.Name,
        Title = e.Profile.Title,
        Company = e.Profile.Company,
        Location = e.Profile.Location,
        Platform = e.Platform,
        ProfileUrl = e.Profile.ProfileUrl,
        Stage = ProspectStage.Discovered,
        InFlight = true,
        Tiebreak = CampaignProspect.TiebreakFor(e.ProspectId),
    };

    public void Apply(CampaignProspect row, ProspectScored e)
    {
        row.Score = e.Score;
        row.Rank = e.Score;
        row.MoveTo(ProspectStage.Scored);
    }

    public void Apply(CampaignProspect row, ProspectRejected e) => row.MoveTo(ProspectStage.Rejected, e.Reason);

    public void Apply(CampaignProspect row, ProspectEnriched e)
    {
        row.Email = e.Email;
        row.EmailStatus = e.EmailStatus;
        if (e.Company is not null) row.Company = e.Company.Name;
        row.MoveTo(ProspectStage.Enriched);
    }

    public void Apply(CampaignProspect row, ProspectEnrichmentFailed e) => row.MoveTo(ProspectStage.Failed, e.Reason);
    public void Apply(CampaignProspect row, ProspectQualified e) => row.MoveTo(ProspectStage.Qualified);
    public void Apply(CampaignProspect row, ProspectConverted e) => row.MoveTo(ProspectStage.Converted);
    public void Apply(CampaignProspect row, ProspectFitJudged e) => row.Fit = e.Fit;
    public void Apply(CampaignProspect row, ProviderCallCharged e) => row.Cost += e.Cost;
    public void Apply(CampaignProspect row, ProspectSuppressed e) => row.MoveTo(ProspectStage.Rejected, "suppressed");

    /// <summary>The row keeps its stage, score and cost; everything that described the person goes.</summary>
    public void Apply(CampaignProspect row, ProspectErased e)
    {
        var erased = ProspectProfile.Erased;
        (row.Name, row.Title, row.Company, row.Location, row.ProfileUrl, row.Email) =
            (erased.Name, erased.Title, erased.Company, erased.Location, erased.ProfileUrl, null);
    }
}
