using System.IO.Compression;
using System.Numerics.Tensors;

namespace LeadGen.Application.Scoring;

/// <summary>
/// Which of the taxonomy's occupations a job title names, as probabilities: a linear softmax over the title's
/// embedding, trained on the training half of the O*NET titles (docs/adr/0007; the benchmark's <c>taxonomy</c> command
/// writes it). Where the title match compares a title with an ICP's titles one at a time, the classifier has learned
/// from all ~22,500 known titles at once which directions of the embedding separate neighbouring occupations
/// ("Biology Professor" from "Chemistry Professor"). It holds for the model it was trained on only: vectors of any
/// other model get no reading. Immutable, safe to share between threads.
/// </summary>
public sealed class OccupationClassifier
{
    private readonly float[] weights; // occupation-major: row o holds occupation o's weights, then its bias at the end
    private readonly int stride;

    public OccupationClassifier(string model, int dimensions, int occupations, float[] weights)
    {
        if (weights.Length != occupations * (dimensions + 1)) throw new ArgumentException("One row of weights and a bias per occupation.", nameof(weights));
        Model = model;
        Dimensions = dimensions;
        Occupations = occupations;
        this.weights = weights;
        stride = dimensions + 1;
    }

    public string Model { get; }
    public int Dimensions { get; }
    public int Occupations { get; }

    private static readonly Lazy<OccupationClassifier?> DefaultClassifier = new(() =>
        OccupationClassifierData.Compressed.Length == 0 ? null : Parse(new MemoryStream(Convert.FromBase64String(OccupationClassifierData.Compressed))));

    /// <summary>The classifier for the local model's vectors over <see cref="TitleTaxonomy.Default"/>'s occupations.</summary>
    public static OccupationClassifier? Default => DefaultClassifier.Value;

    /// <summary>The probability of each occupation (taxonomy order), or null when the vector is not of this classifier's
    /// model and size.</summary>
    public float[]? Probabilities(string model, ReadOnlySpan<float> vector)
    {
        if (model != Model || vector.Length != Dimensions) return null;
        var norm = TensorPrimitives.Norm(vector);
        if (norm <= 0) return null;
        var logits = new float[Occupations];
        for (var o = 0; o < Occupations; o++)
        {
            var row = weights.AsSpan(o * stride, stride);
            logits[o] = TensorPrimitives.Dot(row[..Dimensions], vector) / norm + row[Dimensions];
        }

        TensorPrimitives.SoftMax(logits, logits);
        return logits;
    }

    /// <summary>Reads the compact form <see cref="Serialize"/> writes: gzip of the model id, the sizes, and each
    /// occupation's weights as signed bytes with a scale of their own (a tenth of a percent of the largest weight is
    /// lost, which moves no probability by more than ~0.1 %).</summary>
    public static OccupationClassifier Parse(Stream gzip)
    {
        using var reader = new BinaryReader(new GZipStream(gzip, CompressionMode.Decompress));
        var model = reader.ReadString();
        var dimensions = reader.ReadInt32();
        var occupations = reader.ReadInt32();
        var stride = dimensions + 1;
        var weights = new float[occupations * stride];
        for (var o = 0; o < occupations; o++)
        {
            var scale = reader.ReadSingle();
            var bytes = reader.ReadBytes(dimensions);
            for (var k = 0; k < dimensions; k++) weights[o * stride + k] = (sbyte)bytes[k] * scale;
            weights[o * stride + dimensions] = reader.ReadSingle();
        }

        return new OccupationClassifier(model, dimensions, occupations, weights);
    }

    public static byte[] Serialize(string model, int dimensions, IReadOnlyList<float[]> rows, IReadOnlyList<float> biases)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(new GZipStream(buffer, CompressionLevel.SmallestSize, leaveOpen: true)))
        {
            writer.Write(model);
            writer.Write(dimensions);
            writer.Write(rows.Count);
            for (var o = 0; o < rows.Count; o++)
            {
                var scale = MathF.Abs(TensorPrimitives.MaxMagnitude(rows[o])) / 127f; // the element of largest magnitude, which may be negative
                writer.Write(scale);
                foreach (var w in rows[o]) writer.Write(scale > 0 ? (sbyte)Math.Round(w / scale) : (sbyte)0);
                writer.Write(biases[o]);
            }
        }

        return buffer.ToArray();
    }
}
