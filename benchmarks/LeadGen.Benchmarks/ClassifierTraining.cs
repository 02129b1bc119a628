using System.Numerics.Tensors;
using LeadGen.Application.Scoring;

namespace LeadGen.Benchmarks;

/// <summary>Trains <see cref="OccupationClassifier"/>: a softmax over unit title vectors into occupations, by plain
/// stochastic gradient descent on the cross-entropy (a title several occupations list counts a share to each), 30
/// passes in a seeded order with a learning rate falling linearly from 2 to 0. Single-threaded and seeded, so the same
/// titles give the same weights byte for byte.</summary>
public static class ClassifierTraining
{
    public const int Epochs = 30;
    private const float LearningRate = 2f;
    private const float BiasRate = 0.1f;

    /// <summary>The training titles' examples: each known training title, and each occupation's own title.</summary>
    public static (List<float[]> Inputs, List<int[]> Labels) Examples(OnetDataset data, IEnumerable<HeldTitle> titles, Func<string, float[]> vectorOf)
    {
        var inputs = new List<float[]>();
        var labels = new List<int[]>();
        foreach (var t in titles)
        {
            inputs.Add(vectorOf(t.Title));
            labels.Add(t.Occupations);
        }

        foreach (var o in data.Occupations)
        {
            inputs.Add(vectorOf(o.Title));
            labels.Add([o.Index]);
        }

        return (inputs, labels);
    }

    public static (float[][] Rows, float[] Biases) Train(IReadOnlyList<float[]> inputs, IReadOnlyList<int[]> labels, int occupations, int seed = 5)
    {
        var dimensions = inputs[0].Length;
        var unit = inputs.Select(x =>
        {
            var u = new float[dimensions];
            var norm = TensorPrimitives.Norm<float>(x);
            if (norm > 0) TensorPrimitives.Divide(x, norm, u);
            return u;
        }).ToArray();
        var rows = Enumerable.Range(0, occupations).Select(_ => new float[dimensions]).ToArray();
        var biases = new float[occupations];
        var order = Enumerable.Range(0, unit.Length).ToArray();
        var random = new Random(seed);
        var probabilities = new float[occupations];
        for (var epoch = 0; epoch < Epochs; epoch++)
        {
            random.Shuffle(order);
            var rate = LearningRate * (1 - (float)epoch / Epochs);
            foreach (var i in order)
            {
                var x = unit[i];
                for (var o = 0; o < occupations; o++) probabilities[o] = TensorPrimitives.Dot(rows[o], x) + biases[o];
                TensorPrimitives.SoftMax(probabilities, probabilities);
                var share = 1f / labels[i].Length;
                for (var o = 0; o < occupations; o++)
                {
                    var gradient = probabilities[o] - (Array.IndexOf(labels[i], o) >= 0 ? share : 0);
                    if (MathF.Abs(gradient) < 1e-5f) continue; // a step too small to matter; skipping it saves most of the time
                    TensorPrimitives.MultiplyAdd(x, -rate * gradient, rows[o], rows[o]);
                    biases[o] -= rate * BiasRate * gradient;
                }
            }
        }

        return (rows, biases);
    }

    /// <summary>Out-of-fold probabilities for training titles: the training half is cut in ten folds by a seeded
    /// hash of the title; each title is read by a classifier trained on the other four (and the occupation titles), so
    /// that what the fitting sees of the classifier is what a title it never saw gets.</summary>
    public static float[][] OutOfFold(OnetDataset data, IReadOnlyList<HeldTitle> wanted, Func<string, float[]> vectorOf, string model)
    {
        const int folds = 10;
        const ulong foldSeed = 2705;
        var training = data.Titles.Where(t => t.Half == 0).ToArray();
        var result = new float[wanted.Count][];
        Parallel.For(0, folds, fold =>
        {
            var (inputs, labels) = Examples(data, training.Where(t => OnetDataset.BucketOf(t.Title, foldSeed, folds) != fold), vectorOf);
            var (rows, biases) = Train(inputs, labels, data.Occupations.Count);
            var classifier = Classifier(model, rows, biases);
            for (var i = 0; i < wanted.Count; i++)
            {
                if (OnetDataset.BucketOf(wanted[i].Title, foldSeed, folds) == fold) result[i] = classifier.Probabilities(model, vectorOf(wanted[i].Title))!;
            }
        });
        return result;
    }

    /// <summary>The classifier as the product reads it: through its compact form, so the weights are rounded the same way.</summary>
    public static OccupationClassifier Classifier(string model, float[][] rows, float[] biases) =>
        OccupationClassifier.Parse(new MemoryStream(OccupationClassifier.Serialize(model, rows[0].Length, rows, biases)));
}
