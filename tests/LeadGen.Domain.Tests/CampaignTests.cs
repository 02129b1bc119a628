using LeadGen.Domain.Campaigns;
using LeadGen.Domain.Common;
using Shouldly;

namespace LeadGen.Domain.Tests;

public class CampaignTests
{
    private static Campaign Started(int maxProspects = 250, params string[] platforms)
    {
        var campaign = new Campaign();
        campaign.Evolve(Campaign.Start(Guid.NewGuid(), "c", Guid.NewGuid(), 1, platforms.Length == 0 ? ["sample"] : platforms,
            maxProspects, 0.75, null, "tester"));
        return campaign;
    }

    private static void ApplyAll(Campaign campaign, IEnumerable<ICampaignEvent> events)
    {
        foreach (var e in events) campaign.Evolve(e);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(100_001)]
    public void Refuses_a_prospect_count_out_of_range(int max) =>
        Should.Throw<BusinessRuleViolation>(() => Campaign.Start(Guid.NewGuid(), "c", Guid.NewGuid(), 1, ["sample"], max, 0.5, null, "t"));

    [Fact]
    public void Waits_for_pages_in_order_and_ignores_one_already_taken_in()
    {
        var campaign = Started();
        campaign.IsAwaitingPage("sample", 1).ShouldBeTrue();
        campaign.IsAwaitingPage("sample", 2).ShouldBeFalse();

        ApplyAll(campaign, campaign.RecordPage("sample", 1, "cursor-2", 100, 100));

        campaign.IsAwaitingPage("sample", 1).ShouldBeFalse();
        campaign.IsAwaitingPage("sample", 2).ShouldBeTrue();
        campaign.CursorOf("sample").ShouldBe("cursor-2");
        campaign.Discovered.ShouldBe(100);
        Should.Throw<BusinessRuleViolation>(() => campaign.RecordPage("sample", 1, "cursor-2", 100, 100));
    }

    [Fact]
    public void Discovery_ends_when_the_campaign_has_as_many_prospects_as_it_asked_for()
    {
        var campaign = Started(maxProspects: 150);
        ApplyAll(campaign, campaign.RecordPage("sample", 1, "c2", 100, 100));
        campaign.RemainingCapacity.ShouldBe(50);

        var events = campaign.RecordPage("sample", 2, "c3", 100, 50);

        events.OfType<PlatformDiscoveryFinished>().Single().Reason.ShouldBe("max-prospects-reached");
        events.OfType<DiscoveryCompleted>().Single().Discovered.ShouldBe(150);
        Should.Throw<BusinessRuleViolation>(() => Started(maxProspects: 10).RecordPage("sample", 1, null, 100, 11));
    }

    [Fact]
    public void Discovery_completes_only_when_every_platform_has_finished()
    {
        var campaign = Started(1000, "sample", "linkedin");
        var first = campaign.RecordPage("sample", 1, null, 40, 40);
        first.OfType<PlatformDiscoveryFinished>().Single().Reason.ShouldBe("exhausted");
        first.OfType<DiscoveryCompleted>().ShouldBeEmpty();
        ApplyAll(campaign, first);

        var failure = campaign.RecordPlatformFailure("linkedin", "credentials refused");

        failure.OfType<PlatformDiscoveryFinished>().Single().Reason.ShouldBe("failed: credentials refused");
        failure.OfType<DiscoveryCompleted>().Single().Discovered.ShouldBe(40);
    }

    [Fact]
    public void Completes_by_itself_once_discovery_is_done_and_nothing_is_in_flight()
    {
        var campaign = Started(maxProspects: 10);
        campaign.CompleteIfSettled(0).ShouldBeNull(); // discovery still running
        ApplyAll(campaign, campaign.RecordPage("sample", 1, null, 10, 10));

        campaign.CompleteIfSettled(3).ShouldBeNull();
        var completed = campaign.CompleteIfSettled(0).ShouldNotBeNull();
        campaign.Evolve(completed);
        campaign.State.ShouldBe(CampaignState.Completed);
        campaign.CompleteIfSettled(0).ShouldBeNull();
    }

    [Fact]
    public void Settling_prospects_matter_to_a_campaign_once_discovery_is_done_or_from_the_start_with_a_budget()
    {
        var unbudgeted = Started(maxProspects: 10);
        unbudgeted.WatchesSettlingProspects.ShouldBeFalse();
        ApplyAll(unbudgeted, unbudgeted.RecordPage("sample", 1, null, 10, 10));
        unbudgeted.WatchesSettlingProspects.ShouldBeTrue();
        unbudgeted.Evolve(unbudgeted.CompleteIfSettled(0).ShouldNotBeNull());
        unbudgeted.WatchesSettlingProspects.ShouldBeFalse();

        var budgeted = new Campaign();
        budgeted.Evolve(Campaign.Start(Guid.NewGuid(), "c", Guid.NewGuid(), 1, ["sample"], 10, 0.75, 5m, "tester"));
        budgeted.WatchesSettlingProspects.ShouldBeTrue();
    }

    [Fact]
    public void Only_a_running_campaign_can_be_cancelled()
    {
        var campaign = Started();
        campaign.Evolve(campaign.Cancel("alice", "wrong ICP"));
        campaign.State.ShouldBe(CampaignState.Cancelled);
        campaign.IsAwaitingPage("sample", 1).ShouldBeFalse();
        Should.Throw<BusinessRuleViolation>(() => campaign.Cancel("alice", null));
    }
}
