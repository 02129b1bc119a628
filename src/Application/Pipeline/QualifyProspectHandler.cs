using LeadGen.Application.Compliance;
using LeadGen.Domain.Campaigns;
using LeadGen.Domain.Prospects;
using Marten;

namespace LeadGen.Application.Pipeline;

/// <summary>Decides whether an enriched prospect is a qualified lead candidate for the campaign. Enrichment now qualifies
/// in its own transaction; this handler stays for the messages an earlier version left in the durable queue.</summary>
public static class QualifyProspectHandler
{
    public static async Task<CheckCampaignProgress?> Handle(QualifyProspect message, IDocumentSession session, CancellationToken ct)
    {
        var campaign = await session.Events.FetchLatest<Campaign>(message.CampaignId, ct);
        if (campaign is null) return null;
        var stream = await session.Events.FetchForWriting<Prospect>(message.ProspectId, ct);
        if (stream.Aggregate is not { } prospect || !prospect.AwaitsQualification(message.CampaignId)) return null;

        // Again after enrichment: the email address it found may be on the list.
        if (await SuppressionCheck.Match(session, prospect, ct) is { } suppression)
            stream.AppendMany(prospect.Suppress(message.CampaignId, suppression));
        else
            stream.AppendOne(prospect.Qualify(message.CampaignId));
        return CheckCampaignProgress.After(campaign);
    }
}
