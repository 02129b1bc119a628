using System.Numerics.Tensors;

namespace LeadGen.Application.Scoring;

/// <summary>How distinctly a job title names a known occupation: the mean cosine of its embedding with the titles of
/// its <see cref="OccupationReference.Neighbours"/> closest taxonomy occupations, and which they are.</summary>
public sealed record TitleDistinctness(double Value, IReadOnlyList<TaxonomyOccupation> Closest);

/// <summary>
/// The taxonomy's occupation titles embedded by the active model: the yardstick a profile's title is held against
/// before its title match is trusted (docs/adr/0007). A title that plainly names some occupation ("Sales Engineer")
/// shares words with many ICPs' titles, so its word and meaning matches run high against ICPs it does not fit; a
/// vague one ("Consultant") runs low everywhere. Measuring that once per profile, against the same 1,016 titles
/// whatever the ICP, lets the score hold both to the same bar. Immutable, safe to share between threads.
/// </summary>
public sealed class OccupationReference
{
    /// <summary>How many of the closest occupation titles are averaged: one alone is too often a near-synonym.</summary>
    public const int Neighbours = 3;

    private readonly IReadOnlyList<TaxonomyOccupation> occupations;
    private readonly float[] unitVectors;
    private readonly string model;
    private readonly OccupationClassifier? classifier;

    public OccupationReference(IReadOnlyList<TaxonomyOccupation> occupations, IReadOnlyList<float[]> vectors,
        string model = "", OccupationClassifier? classifier = null)
    {
        if (occupations.Count != vectors.Count) throw new ArgumentException("One vector per occupation.", nameof(vectors));
        if (classifier is not null && classifier.Occupations != occupations.Count)
            throw new ArgumentException("The classifier must know the same occupations.", nameof(classifier));
        this.occupations = occupations;
        this.model = model;
        this.classifier = classifier;
        Dimensions = vectors.Count == 0 ? 0 : vectors[0].Length;
        unitVectors = new float[vectors.Count * Dimensions];
        for (var i = 0; i < vectors.Count; i++)
        {
            if (vectors[i].Length != Dimensions) throw new ArgumentException("Reference vectors differ in dimension.", nameof(vectors));
            var norm = TensorPrimitives.Norm<float>(vectors[i]);
            if (norm > 0) TensorPrimitives.Divide(vectors[i], norm, unitVectors.AsSpan(i * Dimensions, Dimensions));
        }
    }

    public static readonly OccupationReference None = new([], []);

    public int Dimensions { get; }

    /// <summary>The probability of each occupation that the title names it (<see cref="OccupationClassifier"/>), or
    /// null when there is no classifier for the model's vectors.</summary>
    public float[]? Classify(ReadOnlySpan<float> titleVector) => classifier?.Probabilities(model, titleVector);

    /// <summary>The title's distinctness, or null when there is no reference for vectors of its length.</summary>
    public TitleDistinctness? Of(ReadOnlySpan<float> titleVector)
    {
        if (occupations.Count < Neighbours || titleVector.Length != Dimensions) return null;
        var norm = TensorPrimitives.Norm(titleVector);
        if (norm <= 0) return null;
        Span<float> best = stackalloc float[Neighbours];
        Span<int> index = stackalloc int[Neighbours];
        best.Fill(float.MinValue);
        for (var i = 0; i < occupations.Count; i++)
        {
            var cosine = TensorPrimitives.Dot(titleVector, unitVectors.AsSpan(i * Dimensions, Dimensions)) / norm;
            if (cosine <= best[^1]) continue;
            var k = Neighbours - 1;
            for (; k > 0 && best[k - 1] < cosine; k--)
            {
                best[k] = best[k - 1];
                index[k] = index[k - 1];
            }

            best[k] = cosine;
            index[k] = i;
        }

        double sum = 0;
        var closest = new TaxonomyOccupation[Neighbours];
        for (var k = 0; k < Neighbours; k++)
        {
            sum += best[k];
            closest[k] = occupations[index[k]];
        }

        return new TitleDistinctness(sum / Neighbours, closest);
    }
}
