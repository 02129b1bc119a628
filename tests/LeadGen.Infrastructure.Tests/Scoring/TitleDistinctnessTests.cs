using LeadGen.Application.Scoring;
using LeadGen.Domain.Icps;
using Microsoft.Extensions.AI;
using Shouldly;
using static LeadGen.Infrastructure.Tests.Scoring.ScoringFixtures;

namespace LeadGen.Infrastructure.Tests.Scoring;

/// <summary>A profile's title is held against the taxonomy's occupation titles (<see cref="OccupationReference"/>):
/// a title that plainly names an occupation is held to a higher bar than a vague one (docs/adr/0007).</summary>
public class TitleDistinctnessTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static OccupationReference Reference() => new(FourOccupations.Occupations,
        FourOccupations.Occupations.Select(o => BagOfWordsEmbedder.Embed(IcpMatcher.TitleText(o.Title))).ToArray());

    private static ScoringProfile Ready(string title, OccupationReference? reference) => ScoringProfile.From(Profile(title),
        BagOfWordsEmbedder.Embed(IcpMatcher.TitleText(title)), BagOfWordsEmbedder.Embed(IcpMatcher.TitleText(title)), reference);

    [Fact]
    public void A_title_that_names_an_occupation_is_more_distinct_than_a_vague_one_and_names_its_closest_occupations()
    {
        var reference = Reference();

        var nurse = reference.Of(BagOfWordsEmbedder.Embed("Registered Nurse."))!;
        var vague = reference.Of(BagOfWordsEmbedder.Embed("Coordinator."))!;

        nurse.Closest[0].Title.ShouldBe("Registered Nurses");
        nurse.Closest.Count.ShouldBe(OccupationReference.Neighbours);
        vague.Value.ShouldBeLessThan(nurse.Value - 0.2);
        reference.Of(new float[7]).ShouldBeNull(); // a vector of another model is not compared
        OccupationReference.None.Of(BagOfWordsEmbedder.Embed("Registered Nurse.")).ShouldBeNull();
    }

    [Fact]
    public void A_distinct_title_scores_lower_and_a_vague_one_higher_with_the_shift_explained_and_contributions_adding_up()
    {
        var reference = Reference();
        var (distinct, vague) = (Ready("Registered Nurse", reference).Distinctness!.Value, Ready("Nursing Coordinator", reference).Distinctness!.Value);
        distinct.ShouldBeGreaterThan(vague);
        // A centre between the two: the first title is more distinct than most, the second less.
        var scorer = new MatchScorer(FourOccupations, Calibration with { DistinctnessWeight = 0.6, DistinctnessCentre = (distinct + vague) / 2 });
        var icp = Prepare(Icp("Assesses and treats patients.", IcpCriteria.None with { Titles = ["Nurse Practitioner"] }), scorer: scorer);

        foreach (var (title, lower) in new[] { ("Registered Nurse", true), ("Nursing Coordinator", false) })
        {
            var without = scorer.Explain(icp, Ready(title, null), "m");
            var with = scorer.Explain(icp, Ready(title, reference), "m");

            without.Score.ShouldBeInRange(0.05, 0.95, title);
            if (lower) with.Score.ShouldBeLessThan(without.Score, title);
            else with.Score.ShouldBeGreaterThan(without.Score, title);
            with.Explanation.Summary.ShouldContain(lower ? "lowered by" : "raised by");
            if (lower) with.Explanation.Summary.ShouldContain("Registered Nurses");
            without.Explanation.Summary.ShouldNotContain("distinctly");
            with.Explanation.Components.Sum(c => c.Contribution).ShouldBe(with.Score, 1e-9, title);
            with.Score.ShouldBe(scorer.Score(icp, Ready(title, reference)));
        }
    }

    [Fact]
    public void Without_a_title_criterion_the_title_cannot_move_the_score()
    {
        var scorer = new MatchScorer(FourOccupations, Calibration with { DistinctnessWeight = 0.6, DistinctnessCentre = 0.2 });
        var icp = Prepare(Icp(criteria: IcpCriteria.None with { Skills = ["Python"] }), scorer: scorer);

        scorer.Score(icp, Ready("Registered Nurse", Reference())).ShouldBe(scorer.Score(icp, Ready("Registered Nurse", null)));
    }

    [Fact]
    public async Task The_matcher_embeds_the_occupation_titles_once_and_tries_again_after_a_failure()
    {
        var embedder = new FailingOnce(new BagOfWordsEmbedder());
        var matcher = new IcpMatcher(embedder);

        await Should.ThrowAsync<HttpRequestException>(() => matcher.Reference(Ct));
        var reference = await matcher.Reference(Ct);
        var calls = embedder.Calls;

        (await matcher.Reference(Ct)).ShouldBeSameAs(reference);
        embedder.Calls.ShouldBe(calls);
        reference.Dimensions.ShouldBe(BagOfWordsEmbedder.Dimensions);
        reference.Of(BagOfWordsEmbedder.Embed("Registered Nurses."))!.Closest[0].Title.ShouldBe("Registered Nurses");
    }

    /// <summary>An embedder whose first call fails, as a provider outage would.</summary>
    private sealed class FailingOnce(IEmbeddingGenerator<string, Embedding<float>> inner) : DelegatingEmbeddingGenerator<string, Embedding<float>>(inner)
    {
        public int Calls { get; private set; }

        public override Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values,
            EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default) =>
            ++Calls == 1 ? throw new HttpRequestException("provider unavailable") : base.GenerateAsync(values, options, cancellationToken);
    }
}
