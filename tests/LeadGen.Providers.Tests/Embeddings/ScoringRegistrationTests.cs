using System.Globalization;
using LeadGen.Application.Scoring;
using LeadGen.Infrastructure.Embeddings;
using LeadGen.Infrastructure.Scoring;
using LeadGen.Tests;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LeadGen.Providers.Tests.Embeddings;

/// <summary>The score's constants follow the embedding model without a code change: <c>Scoring:Calibration</c> sets
/// those fitted for it, a calibration that cannot be used stops the start-up, and an API model scored with the local
/// model's constants is warned about.</summary>
public sealed class ScoringRegistrationTests
{
    private readonly CapturedLogs logs = new();

    private ServiceProvider Register(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection()
            .AddLogging(l => l.AddProvider(logs))
            .AddEmbeddings(configuration, EmbeddingApiFake.UnusedDatabase)
            .AddMatching(configuration)
            .BuildServiceProvider();
    }

    private static Dictionary<string, string?> Calibration(ScoreCalibration calibration) =>
        calibration.Constants().ToDictionary(c => $"{ScoringRegistration.CalibrationSection}:{c.Name}",
            c => (string?)c.Value.ToString(CultureInfo.InvariantCulture));

    private static readonly ScoreCalibration FittedForAnotherModel = ScoreCalibration.Default with
    {
        PersonaCosineFloor = 0.05, PersonaCosineCeiling = 0.42, Threshold = 0.52, DistinctnessCentre = 0.47, OccupationWeight = 0,
    };

    [Fact]
    public void Without_a_calibration_the_local_model_scores_with_the_shipped_constants_and_nothing_is_said()
    {
        using var services = Register([]);

        services.GetRequiredService<IcpMatcher>().Scorer.Calibration.ShouldBe(ScoreCalibration.Default);
        logs.Lines.ShouldNotContain(l => l.Contains("Warning"));
    }

    [Fact]
    public void A_calibration_in_configuration_is_the_one_scores_are_made_with()
    {
        using var services = Register(new(Calibration(FittedForAnotherModel))
        {
            ["Embeddings:Provider"] = "openai", ["Providers:OpenAI:ApiKey"] = "sk-scoring-registration",
        });

        services.GetRequiredService<IcpMatcher>().Scorer.Calibration.ShouldBe(FittedForAnotherModel);
        logs.Lines.ShouldNotContain(l => l.Contains("Warning"));
    }

    [Fact]
    public void An_API_model_scored_with_the_local_models_constants_is_warned_about()
    {
        using var services = Register(new() { ["Embeddings:Provider"] = "openai", ["Providers:OpenAI:ApiKey"] = "sk-scoring-registration" });

        services.GetRequiredService<IcpMatcher>().Scorer.Calibration.ShouldBe(ScoreCalibration.Default);
        logs.Lines.ShouldContain(l => l.Contains("Warning") && l.Contains("openai") && l.Contains("Scoring:Calibration is not set"));
    }

    [Fact]
    public void An_incomplete_calibration_stops_the_start_up_naming_the_section()
    {
        var refusal = Should.Throw<InvalidOperationException>(() => Register(new() { ["Scoring:Calibration:Threshold"] = "0.5" }));

        refusal.Message.ShouldContain("Scoring:Calibration is incomplete");
        refusal.Message.ShouldContain("PersonaCosineFloor");
    }

    [Fact]
    public void A_calibration_that_cannot_be_used_stops_the_start_up_saying_why()
    {
        var settings = Calibration(FittedForAnotherModel with { PersonaCosineFloor = 0.6, Threshold = 1.2, Steepness = -3 });

        var refusal = Should.Throw<InvalidOperationException>(() => Register(settings));

        refusal.Message.ShouldContain("PersonaCosineFloor must be below PersonaCosineCeiling");
        refusal.Message.ShouldContain("Threshold must be between 0 and 1, was 1.2");
        refusal.Message.ShouldContain("Steepness must be > 0, was -3");
    }
}
