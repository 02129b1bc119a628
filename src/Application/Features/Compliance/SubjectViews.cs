using LeadGen.Application.Features.Campaigns;
using LeadGen.Application.ReadModels;
using LeadGen.Domain.Prospects;

namespace LeadGen.Application.Features.Compliance;

/// <summary>A line of a subject's or a campaign's audit trail, as the compliance endpoints show it.</summary>
public sealed record AuditLine(
    long Sequence, DateTimeOffset At, string Event, string Actor, Guid? SubjectId, Guid? CampaignId, long StreamVersion, string Details,
    decimal? Cost)
{
    public static AuditLine From(AuditEntry e) =>
        new(e.Sequence, e.At, e.Event, e.Actor, e.SubjectId, e.CampaignId, e.StreamVersion, e.Details, e.Cost);
}

public sealed record SourceView(
    string Platform, Guid CampaignId, string LawfulBasis, string Query, string? BalancingTest, ConsentEvidence? Consent);

public sealed record MembershipView(Guid CampaignId, string Stage, double? Score, string? Reason);

/// <summary>What a data subject is owed by Art. 14 when their data was not obtained from them: where it came from, what
/// kinds of data, for what purposes, on what basis, who receives it, and for how long it is kept.</summary>
public sealed record NoticeView(
    IReadOnlyList<SourceView> Sources, IReadOnlyList<string> DataCategories, string Purpose, string Controller,
    IReadOnlyList<string> Recipients, int RetentionDays, IReadOnlyList<string> Rights);

public static class SubjectViews
{
    public static readonly IReadOnlyList<string> DataCategories =
    [
        "identity: name",
        "professional: job title, headline, summary, skills, seniority, employer, industry, location",
        "online identifier: the platform's id and profile URL",
        "contact: work email address and its deliverability (from enrichment)",
        "derived: match scores and their explanations, fit feedback",
    ];

    public static readonly IReadOnlyList<string> Rights =
    [
        "access (Art. 15)", "rectification (Art. 16)", "erasure (Art. 17)", "restriction (Art. 18)", "objection (Art. 21)",
        "withdraw consent at any time (Art. 7(3))", "complain to a supervisory authority (Art. 77)",
    ];

    public static SourceView Source(DataSource s) => new(s.Platform, s.CampaignId, s.LawfulBasis, s.Query, s.BalancingTest, s.Consent);

    public static IReadOnlyList<MembershipView> Memberships(Prospect p) =>
        p.Campaigns.Select(c => new MembershipView(c.Key, c.Value.Stage.ToApiName(), c.Value.Score, c.Value.Reason)).ToList();
}
