using LeadGen.Infrastructure.Embeddings;
using Shouldly;

namespace LeadGen.Infrastructure.Tests.Embeddings;

public class LocalMiniLmEmbeddingGeneratorTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly string[][] Requests =
    [
        ["Software Developer.", "Software Developer. Builds payment APIs in Go and Rust. Skills: Go, Rust, PostgreSQL.", "Nurse."],
        ["Registered Nurse.", "Truck Driver.", "Software Developer."],
        ["Chief Executive Officer. Runs a 40-person logistics company across Germany and Austria. Industry: Logistics.", "Nurse."],
        ["Pastry Chef.", "Data Scientist. Skills: Python, statistics, experiment design.", "Software Developer.", "Welder."],
        ["Welder.", "Welder."],
    ];

    /// <summary>The model thread takes waiting requests on together and sorts their texts by length: every caller must
    /// still get its own texts' vectors, in its own order, whatever else was asked at the same time.</summary>
    [Fact]
    public async Task Requests_taken_on_together_each_get_the_vectors_of_their_own_texts_in_order()
    {
        using var alone = new LocalMiniLmEmbeddingGenerator();
        var expected = new List<float[][]>();
        foreach (var texts in Requests)
            expected.Add((await alone.GenerateAsync(texts, cancellationToken: Ct)).Select(e => e.Vector.ToArray()).ToArray());

        using var together = new LocalMiniLmEmbeddingGenerator();
        await together.GenerateAsync(["warm-up"], cancellationToken: Ct);
        for (var round = 0; round < 3; round++)
        {
            var answers = await Task.WhenAll(Enumerable.Range(0, 4).SelectMany(_ => Requests)
                .Select(texts => together.GenerateAsync(texts, cancellationToken: Ct)));

            for (var i = 0; i < answers.Length; i++)
            {
                var wanted = expected[i % Requests.Length];
                answers[i].Count.ShouldBe(wanted.Length);
                for (var k = 0; k < wanted.Length; k++)
                {
                    // Padding to a different run length may move the last bits of a float, not the meaning.
                    Cosine(answers[i][k].Vector.Span, wanted[k]).ShouldBeGreaterThan(0.99999, $"request {i}, text {k}");
                }
            }
        }
    }

    private static double Cosine(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double dot = 0, na = 0, nb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return dot / Math.Sqrt(na * nb);
    }
}
