using LeadGen.Application.Common;
using Marten;
using Mediator;

namespace LeadGen.Application.Features.Admin;

/// <summary>Revokes an issued key of the caller's tenant; the next request made with it is refused. Revoking a revoked
/// key changes nothing and succeeds, so a client may retry a revocation whose answer it did not get.</summary>
public sealed record RevokeApiKey(Guid Id) : ICommand;

public sealed class RevokeApiKeyHandler(IDocumentSession session, Caller caller, TimeProvider clock) : ICommandHandler<RevokeApiKey>
{
    public async ValueTask<Unit> Handle(RevokeApiKey command, CancellationToken ct)
    {
        var key = await session.LoadAsync<IssuedApiKey>(command.Id, ct) ?? throw new NotFound("API key", command.Id);
        if (key.RevokedAt is not null) return Unit.Value;

        key.RevokedAt = clock.GetUtcNow();
        key.RevokedBy = caller.Actor;
        session.Update(key);
        await session.SaveChangesAsync(ct);
        return Unit.Value;
    }
}
