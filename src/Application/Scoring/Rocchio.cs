using System.Numerics.Tensors;

namespace LeadGen.Application.Scoring;

/// <summary>
/// Rocchio relevance feedback: moves a query vector toward the centroid of the examples judged relevant and away from
/// the centroid of those judged not, <c>Alpha·q + Beta·mean(good) − Gamma·mean(bad)</c>, normalised. The classic
/// weights (1, 0.75, 0.15) trust the good examples far more than the bad: a bad example says little about where the
/// fits are.
/// </summary>
public static class Rocchio
{
    public const double DefaultAlpha = 1.0;
    public const double DefaultBeta = 0.75;
    public const double DefaultGamma = 0.15;

    public static float[] Apply(float[] query, IReadOnlyList<float[]> good, IReadOnlyList<float[]> bad, double alpha, double beta, double gamma)
    {
        var result = new float[query.Length];
        TensorPrimitives.Multiply(Normalised(query), (float)alpha, result);
        AddCentroid(result, good, (float)beta);
        AddCentroid(result, bad, -(float)gamma);
        return Normalised(result);
    }

    private static void AddCentroid(float[] into, IReadOnlyList<float[]> vectors, float weight)
    {
        if (vectors.Count == 0 || weight == 0) return;
        var share = weight / vectors.Count;
        foreach (var v in vectors) TensorPrimitives.MultiplyAdd(Normalised(v), share, into, into);
    }

    private static float[] Normalised(float[] v)
    {
        var norm = TensorPrimitives.Norm(v);
        if (norm == 0) return v;
        var result = new float[v.Length];
        TensorPrimitives.Divide(v, norm, result);
        return result;
    }
}
