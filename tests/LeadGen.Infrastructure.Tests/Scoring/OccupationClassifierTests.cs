using LeadGen.Application.Scoring;
using LeadGen.Domain.Icps;
using LeadGen.Infrastructure.Embeddings;
using Shouldly;
using static LeadGen.Infrastructure.Tests.Scoring.ScoringFixtures;

namespace LeadGen.Infrastructure.Tests.Scoring;

/// <summary>The occupation classifier reads which occupation a title names, and the score joins that reading with the
/// criteria (docs/adr/0007).</summary>
public class OccupationClassifierTests
{
    private const string Model = "bag-of-words-256";

    /// <summary>A classifier that has learned each occupation from its titles: its weights are the occupation's titles'
    /// bag-of-words vectors, scaled up so that the softmax is decisive; one row has its largest weight negative.</summary>
    private static OccupationClassifier Classifier()
    {
        var rows = FourOccupations.Occupations.Select(o =>
        {
            var row = new float[BagOfWordsEmbedder.Dimensions];
            foreach (var title in FourOccupations.TitlesOf(o))
            {
                var v = BagOfWordsEmbedder.Embed(IcpMatcher.TitleText(title));
                for (var k = 0; k < row.Length; k++) row[k] += 8 * v[k];
            }

            return row;
        }).ToArray();
        rows[3][0] -= 20; // the largest weight of a row may be negative: it must survive the compact form
        var biases = new float[rows.Length];
        return OccupationClassifier.Parse(new MemoryStream(OccupationClassifier.Serialize(Model, BagOfWordsEmbedder.Dimensions, rows, biases)));
    }

    private static OccupationReference Reference(OccupationClassifier? classifier) => new(FourOccupations.Occupations,
        FourOccupations.Occupations.Select(o => BagOfWordsEmbedder.Embed(IcpMatcher.TitleText(o.Title))).ToArray(), Model, classifier);

    private static ScoringProfile Ready(string title, OccupationReference reference) => ScoringProfile.From(Profile(title),
        BagOfWordsEmbedder.Embed(IcpMatcher.TitleText(title)), BagOfWordsEmbedder.Embed(IcpMatcher.TitleText(title)), reference);

    [Fact]
    public void The_occupation_a_title_names_is_the_most_probable_and_vectors_of_another_model_get_no_reading()
    {
        var classifier = Classifier();

        var nurse = classifier.Probabilities(Model, BagOfWordsEmbedder.Embed("Staff Nurse."))!;
        var chef = classifier.Probabilities(Model, BagOfWordsEmbedder.Embed("Pastry Chef."))!;

        nurse.Sum().ShouldBe(1f, 1e-4f);
        Array.IndexOf(nurse, nurse.Max()).ShouldBe(1);
        nurse[1].ShouldBeGreaterThan(0.9f);
        Array.IndexOf(chef, chef.Max()).ShouldBe(3);
        classifier.Probabilities("another-model", BagOfWordsEmbedder.Embed("Staff Nurse.")).ShouldBeNull();
        classifier.Probabilities(Model, new float[7]).ShouldBeNull();
    }

    [Fact]
    public void A_title_read_as_the_icps_occupation_scores_higher_and_one_read_as_another_lower_explained_and_adding_up()
    {
        var calibration = Calibration with { OccupationWeight = 1, OccupationThreshold = 0.6, OccupationSteepness = 6 };
        var scorer = new MatchScorer(FourOccupations, calibration);
        var icp = Prepare(Icp("Assesses and treats patients.", IcpCriteria.None with { Titles = ["Registered Nurses"] }), scorer: scorer);
        var (with, without) = (Reference(Classifier()), Reference(null));

        // "Nurse" is none of the ICP's titles word for word, so its criteria score leaves room to rise.
        var nurse = scorer.Explain(icp, Ready("Nurse", with), Model);
        var chef = scorer.Explain(icp, Ready("Pastry Chef", with), Model);

        nurse.Score.ShouldBeGreaterThan(scorer.Score(icp, Ready("Nurse", without)));
        chef.Score.ShouldBeLessThan(scorer.Score(icp, Ready("Pastry Chef", without)));
        chef.Score.ShouldBeLessThan(0.2);
        nurse.Explanation.Summary.ShouldContain("names occupation 'Registered Nurses'");
        nurse.Explanation.Components.Single(c => c.Name == MatchComponents.Title).Detail.ShouldContain("reads it as 'Registered Nurses'");
        chef.Explanation.Components.Single(c => c.Name == MatchComponents.Title).Detail.ShouldContain("reads it as 'Chefs and Head Cooks'");
        foreach (var result in new[] { nurse, chef })
        {
            result.Explanation.Components.Sum(c => c.Contribution).ShouldBe(result.Score, 1e-9);
        }

        nurse.Score.ShouldBe(scorer.Score(icp, Ready("Nurse", with)));
    }

    [Fact]
    public void Without_an_occupation_weight_or_an_occupation_the_icp_names_the_criteria_score_stands()
    {
        var reference = Reference(Classifier());
        var weightless = new MatchScorer(FourOccupations, Calibration with { OccupationWeight = 0 });
        var weighted = new MatchScorer(FourOccupations, Calibration with { OccupationWeight = 1, OccupationThreshold = 0.6 });
        var nurses = Icp("Assesses and treats patients.", IcpCriteria.None with { Titles = ["Registered Nurses"] });
        var unknown = Icp("Grows the audience.", IcpCriteria.None with { Titles = ["Growth Hacker"] });

        weightless.Score(Prepare(nurses, scorer: weightless), Ready("Staff Nurse", reference))
            .ShouldBe(weightless.Score(Prepare(nurses, scorer: weightless), Ready("Staff Nurse", Reference(null))));
        weighted.Score(Prepare(unknown, scorer: weighted), Ready("Staff Nurse", reference))
            .ShouldBe(weighted.Score(Prepare(unknown, scorer: weighted), Ready("Staff Nurse", Reference(null))));
    }

    [Fact]
    public async Task The_shipped_classifier_reads_the_local_models_title_vectors_into_onet_occupations()
    {
        var classifier = OccupationClassifier.Default.ShouldNotBeNull();
        classifier.Occupations.ShouldBe(TitleTaxonomy.Default.Occupations.Count);
        using var model = new LocalMiniLmEmbeddingGenerator();
        var vectors = await model.GenerateAsync(["Staff Nurse.", "Line Cook.", "Dental Hygienist."], cancellationToken: TestContext.Current.CancellationToken);

        string Top(int i)
        {
            var p = classifier.Probabilities(LocalMiniLmEmbeddingGenerator.ModelId, vectors[i].Vector.Span)!;
            return TitleTaxonomy.Default.Occupations[Array.IndexOf(p, p.Max())].Title;
        }

        Top(0).ShouldBe("Registered Nurses");
        Top(1).ShouldContain("Cooks");
        Top(2).ShouldBe("Dental Hygienists");
    }
}
