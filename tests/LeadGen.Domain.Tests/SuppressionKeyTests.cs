using LeadGen.Domain.Prospects;
using Shouldly;

namespace LeadGen.Domain.Tests;

/// <summary>A suppressed person must be recognised however a platform or a compliance officer spells them, and only in
/// the tenant that suppressed them.</summary>
public class SuppressionKeyTests
{
    private static ProspectProfile Profile(string name, string company, string? domain, string externalId = "urn:li:1") =>
        new(externalId, name, "Data Engineer", "", "", company, domain, null, "Berlin", [], "https://example.com/p/1", null);

    [Fact]
    public void The_same_person_gives_the_same_keys_whatever_the_case_accents_spacing_or_www()
    {
        SuppressionKeys.Email("t", " Zoë.Müller@Acme.COM ").ShouldBe(SuppressionKeys.Email("t", "zoë.müller@acme.com"));
        SuppressionKeys.NameAtCompany("t", "Zoë  Müller", "www.acme.com").ShouldBe(SuppressionKeys.NameAtCompany("t", "zoe muller", "https://acme.com/"));
        SuppressionKeys.PlatformId("t", "LinkedIn", "urn:li:1").ShouldBe(SuppressionKeys.PlatformId("t", "linkedin", " urn:li:1"));
    }

    [Fact]
    public void Keys_differ_between_tenants_people_and_kinds_and_hold_no_identifier()
    {
        SuppressionKeys.Email("a", "x@acme.com").ShouldNotBe(SuppressionKeys.Email("b", "x@acme.com"));
        SuppressionKeys.Email("a", "x@acme.com").ShouldNotBe(SuppressionKeys.Email("a", "y@acme.com"));
        SuppressionKeys.Email("a", "x@acme.com").ShouldStartWith("email:");
        SuppressionKeys.Email("a", "x@acme.com").ShouldNotContain("acme");
    }

    [Fact]
    public void A_profile_is_recognised_by_platform_id_and_by_name_at_its_domain_and_at_its_company_name()
    {
        var keys = SuppressionKeys.Of("t", "sample", Profile("Ada Byron", "Acme GmbH", "acme.com"), email: "ada@acme.com");
        keys.Count.ShouldBe(4);
        keys.ShouldContain(SuppressionKeys.PlatformId("t", "sample", "urn:li:1"));
        keys.ShouldContain(SuppressionKeys.NameAtCompany("t", "Ada Byron", "acme.com"));
        keys.ShouldContain(SuppressionKeys.NameAtCompany("t", "ada byron", "ACME GmbH"));
        keys.ShouldContain(SuppressionKeys.Email("t", "ADA@acme.com"));
        // Found later without a domain, the person is still recognised by name at the company.
        SuppressionKeys.Of("t", "other", Profile("Ada Byron", "Acme GmbH", null, "x-9")).ShouldContain(keys[2]);
    }
}
