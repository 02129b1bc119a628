using System.Numerics.Tensors;
using LeadGen.Application.Scoring;
using Shouldly;

namespace LeadGen.Infrastructure.Tests.Scoring;

public class RocchioTests
{
    [Fact]
    public void The_query_moves_toward_the_good_and_away_from_the_bad_and_stays_a_unit_vector()
    {
        float[] query = [1, 0, 0];
        float[] good = [0, 1, 0];
        float[] bad = [0, 0, 1];

        var moved = Rocchio.Apply(query, [good], [bad], Rocchio.DefaultAlpha, Rocchio.DefaultBeta, Rocchio.DefaultGamma);

        TensorPrimitives.Norm(moved).ShouldBe(1f, 1e-5f);
        TensorPrimitives.CosineSimilarity(moved, good).ShouldBeGreaterThan(TensorPrimitives.CosineSimilarity(query, good));
        TensorPrimitives.CosineSimilarity(moved, bad).ShouldBeLessThan(TensorPrimitives.CosineSimilarity(query, bad));
        // The classic weights keep the query dominant: one example does not replace the ICP.
        TensorPrimitives.CosineSimilarity(moved, query).ShouldBeGreaterThan(0.7f);
    }

    [Fact]
    public void Without_examples_only_the_length_changes()
    {
        var moved = Rocchio.Apply([3, 4], [], [], 1, 0.75, 0.15);
        moved.ShouldBe([0.6f, 0.8f], tolerance: 1e-6);
    }
}
