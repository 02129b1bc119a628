using LeadGen.Infrastructure.SamplePlatform;

namespace LeadGen.Infrastructure.Tests;

/// <summary>One default population for every test in the run: building it once keeps the suite fast.</summary>
internal static class TestPopulation
{
    private static readonly Lazy<SamplePopulation> Shared = new(() => new SamplePopulation());

    public static SamplePopulation Instance => Shared.Value;
}
