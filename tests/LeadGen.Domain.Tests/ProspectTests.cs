using LeadGen.Domain.Common;
using LeadGen.Domain.Prospects;
using Shouldly;

namespace LeadGen.Domain.Tests;

public class ProspectTests
{
    private static readonly ScoreExplanation Why = new("m", [], "because");
    private static readonly Guid CampaignA = Guid.NewGuid();
    private static readonly Guid CampaignB = Guid.NewGuid();

    private static Prospect Discovered(params Guid[] campaigns)
    {
        var prospect = new Prospect();
        var profile = new ProspectProfile("x1", "Ada L", "Data Engineer", "h", "s", "Acme", "acme.example", null, "Oslo", [], "u", "senior");
        foreach (var c in campaigns)
            prospect.Evolve(new ProspectDiscovered(Guid.Parse("11111111-1111-1111-1111-111111111111"), c, "sample", profile,
                new DataSource("sample", c, "legitimate-interest", "q")));
        return prospect;
    }

    private static void ApplyAll(Prospect p, IEnumerable<object> events)
    {
        foreach (var e in events) p.Evolve(e);
    }

    [Fact]
    public void Is_scored_once_per_campaign_and_rejected_below_the_threshold()
    {
        var prospect = Discovered(CampaignA, CampaignB);

        var low = prospect.Score(CampaignA, 0.4, Why, 0.75);
        low.OfType<ProspectRejected>().ShouldHaveSingleItem();
        ApplyAll(prospect, low);
        prospect.Score(CampaignA, 0.9, Why, 0.75).ShouldBeEmpty(); // a redelivery changes nothing

        var high = prospect.Score(CampaignB, 0.8, Why, 0.75);
        high.ShouldHaveSingleItem().ShouldBeOfType<ProspectScored>();
        ApplyAll(prospect, high);
        prospect.StageIn(CampaignA).ShouldBe(ProspectStage.Rejected);
        prospect.StageIn(CampaignB).ShouldBe(ProspectStage.Scored);
        prospect.AwaitsEnrichment(CampaignB).ShouldBeTrue();
    }

    [Theory]
    [InlineData(EmailStatus.Valid, typeof(ProspectQualified))]
    [InlineData(EmailStatus.AcceptAll, typeof(ProspectQualified))]
    [InlineData(EmailStatus.Invalid, typeof(ProspectRejected))]
    [InlineData(EmailStatus.Unknown, typeof(ProspectRejected))]
    public void Qualifies_only_when_reachable_at_a_deliverable_address(EmailStatus status, Type expected)
    {
        var prospect = Discovered(CampaignA);
        ApplyAll(prospect, prospect.Score(CampaignA, 0.9, Why, 0.75));
        prospect.Evolve(new ProspectEnriched(prospect.Id, CampaignA, null, "ada@acme.example", status, null, "local", false));

        prospect.Qualify(CampaignA).ShouldBeOfType(expected);
    }

    [Theory]
    [InlineData("ada@acme.example", EmailStatus.Valid, null, typeof(ProspectQualified), ProspectStage.Qualified)]
    [InlineData("ada@acme.example", EmailStatus.Invalid, null, typeof(ProspectRejected), ProspectStage.Rejected)]
    [InlineData(null, EmailStatus.Unknown, null, typeof(ProspectRejected), ProspectStage.Rejected)]
    [InlineData("ada@acme.example", EmailStatus.Valid, "email:listed", typeof(ProspectSuppressed), ProspectStage.Rejected)]
    public void Completing_enrichment_decides_at_once_on_what_it_found(string? email, EmailStatus status, string? suppressionId,
        Type decision, ProspectStage stage)
    {
        var prospect = Discovered(CampaignA);
        var enriched = new ProspectEnriched(prospect.Id, CampaignA, null, email, status, null, "local", false);
        Should.Throw<BusinessRuleViolation>(() => prospect.CompleteEnrichment(enriched, null)); // not scored yet
        ApplyAll(prospect, prospect.Score(CampaignA, 0.9, Why, 0.75));

        var events = prospect.CompleteEnrichment(enriched, suppressionId);

        events.Count.ShouldBe(2);
        events[0].ShouldBe(enriched);
        events[1].ShouldBeOfType(decision);
        ApplyAll(prospect, events);
        prospect.StageIn(CampaignA).ShouldBe(stage);
        prospect.Enrichment!.Email.ShouldBe(email);
        Should.Throw<BusinessRuleViolation>(() => prospect.CompleteEnrichment(enriched, null)); // a redelivery cannot enrich twice
    }

    [Fact]
    public void Converts_once_and_only_when_qualified()
    {
        var prospect = Discovered(CampaignA);
        Should.Throw<BusinessRuleViolation>(() => prospect.Convert(Guid.NewGuid(), "bob"));

        ApplyAll(prospect, prospect.Score(CampaignA, 0.9, Why, 0.75));
        prospect.Evolve(new ProspectEnriched(prospect.Id, CampaignA, null, "ada@acme.example", EmailStatus.Valid, null, "local", false));
        prospect.Evolve(prospect.Qualify(CampaignA));

        var converted = prospect.Convert(Guid.NewGuid(), "bob");
        converted.CampaignId.ShouldBe(CampaignA);
        prospect.Evolve(converted);
        prospect.StageIn(CampaignA).ShouldBe(ProspectStage.Converted);
        Should.Throw<BusinessRuleViolation>(() => prospect.Convert(Guid.NewGuid(), "bob"));
    }

    [Fact]
    public void Identity_is_the_same_person_on_the_same_platform_per_tenant()
    {
        ProspectIdentity.For("t1", "sample", "smp-1").ShouldBe(ProspectIdentity.For("t1", "SAMPLE", "smp-1"));
        ProspectIdentity.For("t1", "sample", "smp-1").ShouldNotBe(ProspectIdentity.For("t2", "sample", "smp-1"));
        ProspectIdentity.For("t1", "sample", "smp-1").ShouldNotBe(ProspectIdentity.For("t1", "linkedin", "smp-1"));
        // A known RFC 9562 version-5 vector: the DNS namespace and "www.example.com".
        DeterministicGuid.Create(new Guid("6ba7b810-9dad-11d1-80b4-00c04fd430c8"), "www.example.com")
            .ShouldBe(new Guid("2ed6657d-e927-568b-95e1-2665a8aea6a2"));
    }

    [Fact]
    public void Erasure_blanks_the_person_once_and_keeps_the_skeleton()
    {
        var p = Discovered(CampaignA);
        ApplyAll(p, p.Score(CampaignA, 0.9, Why, 0.75));
        var erased = p.Erase("request", "officer");
        erased.CampaignIds.ShouldBe([CampaignA]);
        p.Evolve(erased);
        p.Profile.ShouldBe(ProspectProfile.Erased);
        p.IsSuppressed.ShouldBeTrue();
        p.StageIn(CampaignA).ShouldBe(ProspectStage.Scored);
        Should.Throw<BusinessRuleViolation>(() => p.Erase("again", "officer"));
        Should.Throw<BusinessRuleViolation>(() => p.Export("officer"));
        Should.Throw<BusinessRuleViolation>(() => p.Object(ObjectionKind.Objection, null, "officer"));
    }

    [Fact]
    public void An_objection_suppresses_and_stops_only_campaigns_still_in_flight()
    {
        var p = Discovered(CampaignA, CampaignB);
        ApplyAll(p, p.Score(CampaignA, 0.2, Why, 0.75)); // rejected in A
        p.Evolve(p.Object(ObjectionKind.ConsentWithdrawn, "by email", "officer"));
        p.IsSuppressed.ShouldBeTrue();
        p.Suppress(CampaignA, "subject").ShouldBeEmpty();
        var stopped = p.Suppress(CampaignB, "subject");
        stopped.ShouldHaveSingleItem().ShouldBeOfType<ProspectSuppressed>();
        ApplyAll(p, stopped);
        p.Campaigns[CampaignB].Stage.ShouldBe(ProspectStage.Rejected);
        p.Campaigns[CampaignB].Reason.ShouldBe("suppressed");
    }
}
