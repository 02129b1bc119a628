using LeadGen.Application.Ports;
using LeadGen.Application.Scoring;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LeadGen.Infrastructure.Scoring;

/// <summary>
/// Registers the <see cref="IcpMatcher"/> with the score's constants (docs/adr/0007). The shipped ones were fitted on
/// the local model's cosines; another model's cosines spread differently, so 0.75 keeps its meaning with OpenAI or Azure
/// only once the constants fitted for that model (the matching benchmark prints them) are set under
/// <c>Scoring:Calibration</c>. An incomplete or unusable calibration stops the start-up, naming what is wrong; an API
/// model without one is warned about.
/// </summary>
public static class ScoringRegistration
{
    public const string CalibrationSection = "Scoring:Calibration";

    public static IServiceCollection AddMatching(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var calibration = CalibrationIn(configuration);
        services.AddSingleton(sp =>
        {
            var pricing = sp.GetRequiredService<EmbeddingPricing>();
            if (calibration is null && !pricing.IsLocal)
            {
                sp.GetService<ILogger<IcpMatcher>>()?.LogWarning(
                    "Embeddings come from {Provider}, but {Section} is not set: scores use the constants fitted on the local " +
                    "model's vectors, so 0.75 may not mean a good fit. Fit them for this model with the matching benchmark " +
                    "and set {Section}.", pricing.Provider, CalibrationSection, CalibrationSection);
            }

            return new IcpMatcher(sp.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>(), pricing, calibration);
        });
        return services;
    }

    private static ScoreCalibration? CalibrationIn(IConfiguration configuration)
    {
        var section = configuration.GetSection(CalibrationSection);
        if (!section.Exists()) return null;
        ScoreCalibration calibration;
        try
        {
            calibration = section.Get<ScoreCalibration>()
                          ?? throw new InvalidOperationException($"{CalibrationSection} holds no constants.");
        }
        catch (InvalidOperationException e)
        {
            throw new InvalidOperationException(
                $"{CalibrationSection} is incomplete: set every constant the matching benchmark prints for the model. {e.Message}", e);
        }

        var problems = calibration.Problems();
        if (problems.Count > 0) throw new InvalidOperationException($"{CalibrationSection} cannot be used: {string.Join("; ", problems)}.");
        return calibration;
    }
}
