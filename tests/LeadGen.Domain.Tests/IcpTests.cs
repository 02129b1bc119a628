using LeadGen.Domain.Common;
using LeadGen.Domain.Icps;

namespace LeadGen.Domain.Tests;

public class IcpTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 9, 0, 0, TimeSpan.Zero);

    private static Icp NewIcp() => new()
    {
        Id = Guid.NewGuid(), Name = "Data", Persona = "Data engineers", Criteria = IcpCriteria.None with { Titles = ["Data Engineer"] },
        CreatedAt = T0, UpdatedAt = T0,
    };

    [Fact]
    public void A_revision_is_a_new_version_and_the_old_one_is_kept_as_it_was()
    {
        var icp = NewIcp();
        var first = icp.Revision("created", "alice");
        icp.Revise("Nurses", "Registered nurses", IcpCriteria.None with { Titles = ["Registered Nurse"] }, ScoringWeights.Default with { Skills = 0 }, T0.AddHours(1));

        icp.Version.ShouldBe(2);
        icp.UpdatedAt.ShouldBe(T0.AddHours(1));
        first.Name.ShouldBe("Data");
        first.AsIcp(icp).Criteria.Titles.ShouldBe(["Data Engineer"]);
        icp.Revision("updated", "bob").Id.ShouldNotBe(first.Id);
        icp.EffectiveWeights.Skills.ShouldBe(0);
    }

    [Fact]
    public void An_archived_icp_takes_no_new_version_and_is_archived_once()
    {
        var icp = NewIcp();
        icp.Archive(T0.AddDays(1));
        icp.IsArchived.ShouldBeTrue();
        Should.Throw<BusinessRuleViolation>(() => icp.Revise("x", "y", IcpCriteria.None, null, T0.AddDays(2)));
        Should.Throw<BusinessRuleViolation>(() => icp.Archive(T0.AddDays(2)));
        icp.Version.ShouldBe(1);
    }

    [Fact]
    public void Refinement_needs_a_good_example_and_an_update_drops_it()
    {
        var icp = NewIcp();
        Should.Throw<BusinessRuleViolation>(() => icp.Refine(new IcpRefinement(1, [], [Guid.NewGuid()], 1, 0.75, 0.15), T0));
        icp.Refine(new IcpRefinement(1, [Guid.NewGuid()], [], 1, 0.75, 0.15), T0.AddHours(1));
        icp.Version.ShouldBe(2);
        icp.Refinement.ShouldNotBeNull();

        icp.Revise("Data", "Data engineers", icp.Criteria, null, T0.AddHours(2));
        icp.Refinement.ShouldBeNull();
        icp.Version.ShouldBe(3);
    }
}
