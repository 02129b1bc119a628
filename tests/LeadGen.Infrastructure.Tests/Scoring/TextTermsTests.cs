using LeadGen.Application.Scoring;
using Shouldly;

namespace LeadGen.Infrastructure.Tests.Scoring;

public class TextTermsTests
{
    [Theory]
    [InlineData("engineering", "engineer")]
    [InlineData("accountant", "accounting")]
    [InlineData("electrician", "electrical")]
    [InlineData("therapist", "therapy")]
    [InlineData("analyst", "analytics")]
    [InlineData("analyst", "analysis")]
    [InlineData("sales", "sale")]
    [InlineData("director", "direction")]
    [InlineData("managers", "management")]
    [InlineData("programming", "programmer")]
    [InlineData("nurses", "nursing")]
    public void Word_forms_of_one_role_share_a_stem(string a, string b) => TextTerms.Stem(a).ShouldBe(TextTerms.Stem(b));

    [Theory]
    [InlineData("officer", "office")]
    [InlineData("engineer", "engine")]
    public void Different_roles_keep_different_stems(string a, string b) => TextTerms.Stem(a).ShouldNotBe(TextTerms.Stem(b));

    [Fact]
    public void Abbreviations_expand_and_stop_words_drop()
    {
        TextTerms.Stems("Sr. Mgr of IT").ShouldBe(TextTerms.Stems("Senior Manager Information Technology"));
        TextTerms.Stems("VP, Sales & Marketing").ShouldBe(["vice", "president", TextTerms.Stem("sales"), TextTerms.Stem("marketing")]);
    }

    [Fact]
    public void Prose_keeps_it_as_a_pronoun() => TextTerms.Stems("it works", expandAbbreviations: false).ShouldNotContain("information");

    [Fact]
    public void Languages_with_symbols_survive() => TextTerms.Words("C++ and C# developer").ShouldBe(["c++", "and", "c#", "developer"]);

    [Theory]
    [InlineData("Senior Data Engineer II", "senior")]
    [InlineData("VP of Sales", "vp")]
    [InlineData("CEO", "cxo")]
    [InlineData("Head of Marketing", "director")]
    [InlineData("Sales Manager", "manager")]
    [InlineData("Executive Assistant", "entry")]
    [InlineData("Co-Founder", "owner")]
    [InlineData("Accountant", "entry")]
    public void A_title_implies_a_seniority(string title, string seniority) => JobTitle.Parse(title).Seniority.ShouldBe(seniority);

    [Fact]
    public void Grades_are_not_part_of_the_role()
    {
        var title = JobTitle.Parse("Senior Data Engineer II");
        title.Role.ShouldBe(JobTitle.Parse("data engineers").Role);
        title.Grades.ShouldBe(["senior", "ii"]);
        JobTitle.Parse("Founder & Software Developer").Role.ShouldBe(JobTitle.Parse("Software Developer").Role);
        JobTitle.Parse("Owner").Role.ShouldNotBeEmpty();
    }
}
