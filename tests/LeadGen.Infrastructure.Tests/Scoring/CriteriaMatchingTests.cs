using LeadGen.Application.Scoring;
using Shouldly;

namespace LeadGen.Infrastructure.Tests.Scoring;

public class CriteriaMatchingTests
{
    [Theory]
    [InlineData("senior", 1)]
    [InlineData("manager", 0.5)]
    [InlineData("entry", 0.5)]
    [InlineData("cxo", 0)]
    public void Seniority_counts_neighbours_half(string actual, double value) =>
        CriteriaMatching.Seniority(["senior"], actual).Value.ShouldBe(value);

    [Fact]
    public void Skills_need_three_of_the_wanted_for_a_full_match()
    {
        string[] wanted = ["Python", "SQL", "Kubernetes", "Terraform"];
        var stems = wanted.Select(w => TextTerms.Stems(w)).ToArray();
        CriteriaMatching.Skills(stems, wanted, ["Python programming", "PostgreSQL"])!.Value.ShouldBe(1.0 / 3, 1e-9);
        CriteriaMatching.Skills(stems, wanted, ["python", "SQL", "Kubernetes"])!.Value.ShouldBe(1);
        CriteriaMatching.Skills(stems, wanted, ["Excel"])!.Value.ShouldBe(0);
        CriteriaMatching.Skills(stems, wanted, []).ShouldBeNull();
    }

    [Fact]
    public void Industries_match_on_words()
    {
        string[] wanted = ["Software Development"];
        var stems = wanted.Select(w => TextTerms.Stems(w)).ToArray();
        CriteriaMatching.Industry(stems, wanted, "software development")!.Value.ShouldBe(1);
        CriteriaMatching.Industry(stems, wanted, "Computer Software")!.Value.ShouldBe(0.5);
        CriteriaMatching.Industry(stems, wanted, "Farming")!.Value.ShouldBe(0);
        CriteriaMatching.Industry(stems, wanted, null).ShouldBeNull();
    }

    [Theory]
    [InlineData("Berlin, Germany", "Germany", 1)]
    [InlineData("Berlin, Germany", "DACH", 1)]
    [InlineData("Berlin, Germany", "Europe", 1)]
    [InlineData("Austin, TX, USA", "United States", 1)]
    [InlineData("London, UK", "EMEA", 1)]
    [InlineData("Toronto, Canada", "North America", 1)]
    [InlineData("Sydney, New South Wales, Australia", "United Kingdom", 0)]
    [InlineData("Paris, France", "Germany", 0)]
    public void Locations_match_by_place_alias_or_region(string actual, string wanted, double value) =>
        CriteriaMatching.Location([wanted], actual)!.Value.ShouldBe(value);

    [Fact]
    public void Company_size_counts_the_neighbouring_band_half()
    {
        CriteriaMatching.CompanySize(["51-200"], "51-200")!.Value.ShouldBe(1);
        CriteriaMatching.CompanySize(["51-200"], "201-500")!.Value.ShouldBe(0.5);
        CriteriaMatching.CompanySize(["51-200"], "10001+")!.Value.ShouldBe(0);
        CriteriaMatching.CompanySize(["51-200"], null).ShouldBeNull();
    }
}
