using LeadGen.Application.Scoring;
using LeadGen.Domain.Icps;
using LeadGen.Infrastructure.Embeddings;
using Shouldly;
using static LeadGen.Infrastructure.Tests.Scoring.ScoringFixtures;

namespace LeadGen.Infrastructure.Tests.Scoring;

public class IcpMatcherTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Scores_in_input_order_with_one_embedding_call_per_batch()
    {
        var embedder = new BagOfWordsEmbedder();
        var matcher = new IcpMatcher(embedder);
        var icp = Icp();
        var vector = await matcher.Embed(icp, Ct);
        vector.Formula.ShouldBe(IcpMatcher.Formula);
        vector.Titles.ShouldNotBeEmpty();
        await matcher.Reference(Ct); // the occupation titles, embedded once per matcher (TitleDistinctnessTests)
        var calls = embedder.Calls;

        var results = await matcher.Score(icp, vector, [Profile("Pastry Chef"), Profile("Software Developer"), Profile("Charge Nurse")], Ct);

        embedder.Calls.ShouldBe(calls + 1);
        results.Count.ShouldBe(3);
        results[1].Score.ShouldBeGreaterThan(results[0].Score);
        results[1].Score.ShouldBeGreaterThan(results[2].Score);
        results.ShouldAllBe(r => r.Explanation.Model == "bag-of-words-256");
    }

    [Fact]
    public async Task A_title_only_profile_is_embedded_once()
    {
        var profile = Profile("Software Developer");
        IcpMatcher.ProfileText(profile).ShouldBe(IcpMatcher.TitleText(profile.Title));
        IcpMatcher.ProfileText(profile with { Skills = ["Python"] }).ShouldBe("Software Developer. Skills: Python.");
        var matcher = new IcpMatcher(new BagOfWordsEmbedder());
        var vector = await matcher.Embed(Icp(), Ct);
        (await matcher.Score(Icp(), vector, [profile], Ct)).ShouldHaveSingleItem();
    }

    [Fact]
    public async Task Refuses_vectors_of_another_model_icp_or_formula()
    {
        var matcher = new IcpMatcher(new BagOfWordsEmbedder());
        var icp = Icp();
        var vector = await matcher.Embed(icp, Ct);

        Should.Throw<InvalidOperationException>(() => matcher.Prepare(icp, new IcpVector { Model = "other", Formula = IcpMatcher.Formula }));
        Should.Throw<InvalidOperationException>(() => matcher.Prepare(icp, new IcpVector { Model = matcher.Model, Formula = "old" }));
        Should.Throw<InvalidOperationException>(() => matcher.Prepare(new Icp { Id = Guid.NewGuid(), Version = 1 }, vector));
        await Should.ThrowAsync<InvalidOperationException>(() => matcher.Score(new Icp { Id = icp.Id, Version = 2 }, vector, [Profile("x")], Ct));
    }

    /// <summary>End to end with the local MiniLM and the shipped taxonomy and calibration: the seed's 0.75 separates a
    /// software engineer from a nurse for a software developers ICP.</summary>
    [Fact]
    public async Task With_the_local_embedder_the_threshold_separates_fits_from_non_fits()
    {
        using var embedder = new LocalMiniLmEmbeddingGenerator();
        var matcher = new IcpMatcher(embedder);
        var icp = Icp("Research, design, and develop computer and network software or specialized utility programs. " +
                      "Analyze user needs and develop software solutions.",
            IcpCriteria.None with { Titles = ["Software Developers"] });
        var vector = await matcher.Embed(icp, Ct);

        var results = await matcher.Score(icp, vector,
            [Profile("Senior Software Engineer"), Profile("Application Developer"), Profile("Registered Nurse"), Profile("Truck Driver")], Ct);

        results[0].Score.ShouldBeGreaterThanOrEqualTo(0.75, results[0].Explanation.Summary);
        results[1].Score.ShouldBeGreaterThanOrEqualTo(0.75, results[1].Explanation.Summary);
        results[2].Score.ShouldBeLessThan(0.75, results[2].Explanation.Summary);
        results[3].Score.ShouldBeLessThan(0.75, results[3].Explanation.Summary);
    }
}
