using LeadGen.Application.Scoring;
using LeadGen.Domain.Icps;
using LeadGen.Domain.Prospects;
using Shouldly;
using static LeadGen.Infrastructure.Tests.Scoring.ScoringFixtures;

namespace LeadGen.Infrastructure.Tests.Scoring;

public class MatchScorerTests
{
    private static readonly IcpCriteria Everything = new(
        Titles: ["Software Developer"], Seniorities: ["senior", "manager"], Industries: ["Software Development"],
        CompanySizes: ["51-200"], Locations: ["Germany", "Europe"], Skills: ["Python", "SQL", "Kubernetes"]);

    private static MatchResult Explain(Icp icp, ProspectProfile profile, ScoringWeights? weights = null) =>
        Scorer.Explain(Prepare(icp, weights), Ready(profile), "bag-of-words-256");

    [Fact]
    public void Every_component_is_explained_with_its_weight_value_and_contribution()
    {
        var result = Explain(Icp(criteria: Everything),
            Profile("Senior Software Engineer", ["Python", "SQL", "Excel"], "Software Development", "Berlin, Germany"));

        result.Explanation.Components.Select(c => c.Name).ShouldBe(
            ["semantic-similarity", "title", "seniority", "skills", "industry", "location", "company-size"]);
        Component(result, "title").Value.ShouldBeGreaterThan(0.5);
        Component(result, "title").Detail.ShouldContain("Software Engineer");
        Component(result, "seniority").Value.ShouldBe(1);
        Component(result, "skills").Value.ShouldBe(2.0 / 3, 0.0001);
        Component(result, "industry").Value.ShouldBe(1);
        Component(result, "location").Value.ShouldBe(1);
        // Company size is not on a profile: left out, not counted as a miss.
        Component(result, "company-size").Weight.ShouldBe(0);
        Component(result, "company-size").Contribution.ShouldBe(0);
        Component(result, "company-size").Detail.ShouldContain("left out");
        result.Explanation.Summary.ShouldContain("weighted mean");
    }

    [Fact]
    public void The_contributions_add_up_to_the_score_and_the_weights_to_one()
    {
        var icp = Prepare(Icp(criteria: Everything));
        foreach (var profile in new[]
                 {
                     Profile("Senior Software Engineer", ["Python"], "Software Development", "Berlin, Germany"),
                     Profile("Charge Nurse", ["Epic"], "Hospitals", "Lyon, France", "entry"),
                     Profile("Programmer Analyst", [], null, ""),
                     Profile("Pastry Chef", ["Baking"], "Restaurants", "Austin, United States"),
                 })
        {
            var result = Scorer.Explain(icp, Ready(profile), "m");
            result.Explanation.Components.Sum(c => c.Contribution).ShouldBe(result.Score, 1e-9, profile.Title);
            result.Explanation.Components.Sum(c => c.Weight).ShouldBe(1, 0.0005, profile.Title);
            result.Score.ShouldBe(Scorer.Score(icp, Ready(profile)));
        }
    }

    [Fact]
    public void Criteria_the_icp_does_not_state_do_not_drag_the_score_down()
    {
        var titlesOnly = Icp(criteria: IcpCriteria.None with { Titles = ["Software Developer"] });
        var profile = Profile("Software Engineer", ["Cobol"], "Farming", "Nowhere");

        var heavy = Explain(titlesOnly, profile, ScoringWeights.Default with { Skills = 5, Industry = 5, Location = 5, Seniority = 5 });
        var light = Explain(titlesOnly, profile, ScoringWeights.Default with { Skills = 0, Industry = 0, Location = 0, Seniority = 0 });

        heavy.Score.ShouldBe(light.Score);
        foreach (var name in new[] { "seniority", "skills", "industry", "location", "company-size" })
        {
            Component(heavy, name).Weight.ShouldBe(0);
            Component(heavy, name).Detail.ShouldContain("left out", customMessage: name);
        }

        // …whereas a stated criterion the person misses does count.
        var withSkills = Explain(Icp(criteria: titlesOnly.Criteria with { Skills = ["Python"] }), profile);
        withSkills.Score.ShouldBeLessThan(light.Score);
    }

    [Fact]
    public void A_profile_that_does_not_say_is_not_counted_as_a_miss()
    {
        var icp = Icp(criteria: IcpCriteria.None with { Titles = ["Software Developer"], Skills = ["Python"], Locations = ["Germany"] });
        var silent = Explain(icp, Profile("Software Engineer"));
        var wrong = Explain(icp, Profile("Software Engineer", ["Cobol"], location: "Paris, France"));

        Component(silent, "skills").Weight.ShouldBe(0);
        Component(silent, "location").Weight.ShouldBe(0);
        wrong.Score.ShouldBeLessThan(silent.Score);
    }

    [Fact]
    public void A_better_title_match_never_lowers_the_score()
    {
        var icp = Prepare(Icp(criteria: Everything));
        string[] titles = ["Pastry Chef", "Charge Nurse", "Software Tester", "Programmer Analyst", "Software Engineer", "Software Developer"];
        var results = titles.Select(t => Scorer.Explain(icp, Ready(Profile(t, ["Python"], "Software Development", "Berlin, Germany")), "m")).ToArray();

        var ordered = results.OrderBy(r => Component(r, "title").Value).ToArray();
        for (var i = 1; i < ordered.Length; i++)
        {
            if (Component(ordered[i], "title").Value > Component(ordered[i - 1], "title").Value
                && Math.Abs(Component(ordered[i], "semantic-similarity").Value - Component(ordered[i - 1], "semantic-similarity").Value) < 1e-9)
                ordered[i].Score.ShouldBeGreaterThanOrEqualTo(ordered[i - 1].Score);
        }

        Component(results[^1], "title").Value.ShouldBeGreaterThan(Component(results[0], "title").Value);
        results[^1].Score.ShouldBeGreaterThan(results[0].Score);
    }

    [Fact]
    public void Raising_any_component_never_lowers_the_score()
    {
        var random = new Random(42);
        var weights = ScoringWeights.Default;
        Span<double> values = stackalloc double[MatchScorer.ComponentCount];
        for (var trial = 0; trial < 2_000; trial++)
        {
            for (var i = 0; i < values.Length; i++) values[i] = random.NextDouble() < 0.2 ? double.NaN : random.NextDouble();
            var index = random.Next(values.Length);
            if (double.IsNaN(values[index])) continue;
            var before = Calibration.Calibrate(MatchScorer.WeightedMean(values, weights));
            values[index] = Math.Min(1, values[index] + random.NextDouble() * 0.3);
            var after = Calibration.Calibrate(MatchScorer.WeightedMean(values, weights));
            after.ShouldBeGreaterThanOrEqualTo(before - 1e-12);
        }
    }

    [Fact]
    public void A_title_known_only_through_the_taxonomy_still_matches()
    {
        // "Application Developer" shares no word with "Software Developers"' criteria title "Software Developer"
        // beyond "developer", but the taxonomy lists it under that occupation.
        var icp = Prepare(Icp(criteria: IcpCriteria.None with { Titles = ["Software Developers"] }));
        icp.Titles.Select(t => t.Title).ShouldContain("Programmer Analyst");
        var known = Scorer.Explain(icp, Ready(Profile("Programmer Analyst")), "m");
        var unknown = Scorer.Explain(icp, Ready(Profile("Charge Nurse")), "m");

        Component(known, "title").Value.ShouldBeGreaterThan(0.9);
        Component(known, "title").Detail.ShouldContain("Software Developers");
        Component(unknown, "title").Value.ShouldBeLessThan(0.2);
    }

    [Fact]
    public void A_title_spelled_like_one_of_the_icp_titles_matches_better_than_without_spelling()
    {
        // "Baller" and "Baler" are different words and stems, and the bag-of-words stand-in embeds them apart: only
        // their letters say they are the same job.
        var icp = Icp("Compresses scrap metal into bales.", IcpCriteria.None with { Titles = ["Scrap Baler"] });
        var withSpelling = Scorer.Explain(Prepare(icp), Ready(Profile("Scrap Baller")), "m");
        var noSpelling = new MatchScorer(Taxonomy, Calibration with { TitleSpellingShare = 0 });
        var without = noSpelling.Explain(Prepare(icp, scorer: noSpelling), Ready(Profile("Scrap Baller")), "m");

        Component(withSpelling, "title").Value.ShouldBeGreaterThan(Component(without, "title").Value + 0.05);
        Component(withSpelling, "title").Detail.ShouldContain("'Scrap Baler'");
    }

    [Fact]
    public void A_title_close_to_two_of_the_icp_titles_outscores_one_close_to_a_single_title()
    {
        // Both profiles share one word with the ICP's titles; "Clinical Developer" is close to the one title that has
        // "developer", "Nurse Developer" also to the nurse titles the ICP lists: the two best matches are averaged.
        var icp = Prepare(Icp("Works in a hospital.", IcpCriteria.None with { Titles = ["Staff Nurse", "Charge Nurse", "Application Developer"] }),
            scorer: new MatchScorer(TitleTaxonomy.Empty, Calibration));
        var scorer = new MatchScorer(TitleTaxonomy.Empty, Calibration);
        var twice = scorer.Explain(icp, Ready(Profile("Clinical Nurse")), "m");
        var once = scorer.Explain(icp, Ready(Profile("Clinical Developer")), "m");

        Component(twice, "title").Value.ShouldBeGreaterThan(Component(once, "title").Value);
        Component(twice, "title").Detail.ShouldContain("then");
    }

    [Fact]
    public void A_criteria_title_word_for_word_matches_fully_and_the_explanation_names_the_evidence()
    {
        var icp = Prepare(Icp(criteria: IcpCriteria.None with { Titles = ["Software Developers"] }));
        var exact = Scorer.Explain(icp, Ready(Profile("Software Developers")), "m");
        var near = Scorer.Explain(icp, Ready(Profile("Software Developer Apprentice")), "m");

        Component(exact, "title").Value.ShouldBe(1);
        Component(near, "title").Value.ShouldBeLessThan(1);
        Component(near, "title").Detail.ShouldContain("of its words are in the ICP's titles");
    }

    [Fact]
    public void Criteria_titles_come_first_and_borrowed_titles_never_count_more()
    {
        var icp = Prepare(Icp(criteria: IcpCriteria.None with { Titles = ["Software Developers"] }));
        icp.Titles[0].Title.ShouldBe("Software Developers");
        icp.Titles[0].Strength.ShouldBe(1);
        icp.Titles[0].Source.ShouldBe(MatchScorer.CriteriaSource);
        icp.Titles.Skip(1).ShouldAllBe(t => t.Strength <= 1);
        var noTaxonomy = new MatchScorer(TitleTaxonomy.Empty, Calibration);
        Prepare(Icp(criteria: IcpCriteria.None with { Titles = ["Software Developers"] }), scorer: noTaxonomy).Titles.Count.ShouldBe(1);
    }

    [Fact]
    public void The_threshold_075_is_where_the_weighted_mean_reaches_the_calibrated_threshold()
    {
        Calibration.Calibrate(0).ShouldBe(0, 1e-12);
        Calibration.Calibrate(1).ShouldBe(1, 1e-12);
        Calibration.Calibrate(Calibration.Threshold).ShouldBe(0.75, 1e-12);
        Calibration.Calibrate(Calibration.Threshold + 0.001).ShouldBeGreaterThan(0.75);
        Calibration.Calibrate(Calibration.Threshold - 0.001).ShouldBeLessThan(0.75);
        var previous = -1.0;
        for (var x = 0.0; x <= 1.0; x += 0.01)
        {
            var y = Calibration.Calibrate(x);
            y.ShouldBeGreaterThanOrEqualTo(previous);
            previous = y;
        }
    }

    [Fact]
    public void A_perfect_match_passes_the_campaign_threshold_and_an_unrelated_person_does_not()
    {
        var icp = Prepare(Icp("Software Developer", Everything with { CompanySizes = [] }));
        var perfect = Scorer.Explain(icp, Ready(Profile("Software Developer", ["Python", "SQL", "Kubernetes"], "Software Development",
            "Berlin, Germany", "senior")), "m");
        var unrelated = Scorer.Explain(icp, Ready(Profile("Pastry Chef", ["Baking"], "Restaurants", "Austin, United States", "entry")), "m");

        perfect.Score.ShouldBe(1, 0.0001);
        unrelated.Score.ShouldBeLessThan(0.1);
        var prospect = new Prospect();
        var campaign = Guid.NewGuid();
        prospect.Evolve(new ProspectDiscovered(Guid.NewGuid(), campaign, "sample", Profile("Software Developer"),
            new DataSource("sample", campaign, "legitimate-interest", "q")));
        prospect.Score(campaign, perfect.Score, perfect.Explanation, 0.75).ShouldHaveSingleItem().ShouldBeOfType<ProspectScored>();
        prospect.Score(Guid.NewGuid(), unrelated.Score, unrelated.Explanation, 0.75).ShouldNotContain(e => e is ProspectScored);
    }

    [Fact]
    public void Weights_are_validated()
    {
        ScoringWeights.Default.Problems().ShouldBeEmpty();
        (ScoringWeights.Default with { Skills = -1 }).Problems().ShouldHaveSingleItem().ShouldContain("skills");
        new ScoringWeights(0, 0, 0, 0, 0, 0, 0).Problems().ShouldHaveSingleItem();
    }
}
