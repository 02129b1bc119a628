using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using FluentValidation;
using LeadGen.Application.Common;
using LeadGen.Application.Pipeline;
using LeadGen.Application.Ports;
using LeadGen.Domain.Campaigns;
using LeadGen.Domain.Common;
using LeadGen.Domain.Icps;
using LeadGen.Application.ReadModels;
using Marten;
using Marten.Exceptions;
using Mediator;
using Wolverine;

namespace LeadGen.Application.Features.Campaigns;

public sealed record StartCampaign(
    Guid? IcpId,
    IReadOnlyList<string>? Platforms,
    int? MaxProspects,
    double? MinMatchScore,
    string? Name,
    decimal? Budget,
    string? IdempotencyKey = null) : ICommand<CampaignStartResult>;

public sealed record CampaignStartResult(Guid Id, string Status, bool Replayed);

public sealed class StartCampaignValidator : AbstractValidator<StartCampaign>
{
    public static readonly IReadOnlyList<string> KnownPlatforms = ["sample", "linkedin", "facebook"];

    public StartCampaignValidator()
    {
        RuleFor(x => x.IcpId).NotNull().NotEqual(Guid.Empty);
        RuleFor(x => x.Platforms).Cascade(CascadeMode.Stop).NotEmpty().Must(p => p!.Count <= KnownPlatforms.Count)
            .WithMessage($"At most {KnownPlatforms.Count} platforms.");
        RuleForEach(x => x.Platforms).Must(p => KnownPlatforms.Contains(p))
            .WithMessage($"Platform must be one of: {string.Join(", ", KnownPlatforms)}.");
        RuleFor(x => x.MaxProspects).NotNull().InclusiveBetween(1, Campaign.MaxProspectsLimit);
        RuleFor(x => x.MinMatchScore).NotNull().InclusiveBetween(0, 1);
        RuleFor(x => x.Name).MaximumLength(200).PlainText();
        RuleFor(x => x.Budget).GreaterThan(0).LessThanOrEqualTo(10_000_000).When(x => x.Budget is not null);
        RuleFor(x => x.IdempotencyKey).MaximumLength(255).PlainText().WithName("Idempotency-Key");
    }
}

/// <summary>What an Idempotency-Key was first used for, so a retry gets the same campaign and a reuse for another
/// request is refused.</summary>
public sealed class IdempotentStart
{
    public Guid Id { get; set; }
    public string RequestFingerprint { get; set; } = "";
}

public sealed class StartCampaignHandler(
    IDocumentSession session,
    IMessageBus bus,
    IEnumerable<IProspectingPlatform> platforms,
    Caller caller,
    TimeProvider clock) : ICommandHandler<StartCampaign, CampaignStartResult>
{
    private static readonly Guid IdempotencyNamespace = new("0d4c2a55-9f57-4a43-8a53-2b1c6d0e7f10");

    public async ValueTask<CampaignStartResult> Handle(StartCampaign command, CancellationToken ct)
    {
        var fingerprint = Fingerprint(command with { IdempotencyKey = null });
        var campaignId = command.IdempotencyKey is { } key
            ? DeterministicGuid.Create(IdempotencyNamespace, $"{caller.TenantId}\n{key}")
            : Guid.CreateVersion7(clock.GetUtcNow());

        if (command.IdempotencyKey is not null && await session.LoadAsync<IdempotentStart>(campaignId, ct) is { } earlier)
            return await Replay(session, earlier, fingerprint, ct);

        var icp = await session.LoadAsync<Icp>(command.IcpId!.Value, ct)
                  ?? throw new Unprocessable("icpId", $"ICP '{command.IcpId}' does not exist.");
        if (icp.IsArchived) throw new Unprocessable("icpId", $"ICP '{icp.Id}' is archived; it starts no new campaigns.");
        var unconfigured = command.Platforms!.Where(p => !platforms.Any(x => x.Name == p)).ToList();
        if (unconfigured.Count > 0)
            throw new Unprocessable("platforms", $"Platform(s) not configured on this deployment: {string.Join(", ", unconfigured)}.");

        var started = Campaign.Start(campaignId, command.Name?.Trim() is { Length: > 0 } name ? name : $"{icp.Name} campaign",
            icp.Id, icp.Version, command.Platforms!, command.MaxProspects!.Value, command.MinMatchScore!.Value, command.Budget, caller.Actor);

        session.Events.StartStream<Campaign>(campaignId, started);
        if (command.IdempotencyKey is not null)
            session.Store(new IdempotentStart { Id = campaignId, RequestFingerprint = fingerprint });
        // The status view is projected asynchronously; seeding it here means the Location we answer with works at once.
        session.Store(CampaignStatusView.Seed(started, clock.GetUtcNow()));
        foreach (var platform in started.Platforms)
            await bus.PublishAsync(new DiscoverProspects(campaignId, platform, 1));

        try
        {
            await session.SaveChangesAsync(ct);
        }
        catch (ExistingStreamIdCollisionException) when (command.IdempotencyKey is not null)
        {
            // The same key raced us and won: answer as the retry we are.
            await using var query = session.DocumentStore.QuerySession(caller.TenantId);
            var winner = await query.LoadAsync<IdempotentStart>(campaignId, ct)
                         ?? throw new InvalidOperationException("Campaign stream exists without its idempotency record.");
            return await Replay(query, winner, fingerprint, ct);
        }
        return new CampaignStartResult(campaignId, CampaignState.Running.ToApiName(), Replayed: false);
    }

    private static async Task<CampaignStartResult> Replay(IQuerySession session, IdempotentStart earlier, string fingerprint, CancellationToken ct)
    {
        if (earlier.RequestFingerprint != fingerprint)
            throw new Unprocessable("Idempotency-Key", "This Idempotency-Key was already used with a different request.");
        var status = await session.LoadAsync<CampaignStatusView>(earlier.Id, ct);
        return new CampaignStartResult(earlier.Id, (status?.Status ?? CampaignState.Running).ToApiName(), Replayed: true);
    }

    private static string Fingerprint(StartCampaign command) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(command))));
}
