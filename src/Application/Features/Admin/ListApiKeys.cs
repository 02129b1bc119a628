using Marten;
using Mediator;

namespace LeadGen.Application.Features.Admin;

/// <summary>The tenant's issued keys, revoked ones included, newest first; never a key nor its hash.</summary>
public sealed record ListApiKeys : IQuery<ApiKeyList>;

public sealed record ApiKeyList(IReadOnlyList<ApiKeyView> Items);

public sealed record ApiKeyView(Guid Id, string Name, IReadOnlyList<string> Roles, string Prefix, DateTimeOffset CreatedAt,
    string CreatedBy, DateTimeOffset? RevokedAt, string? RevokedBy)
{
    public static ApiKeyView From(IssuedApiKey key) =>
        new(key.Id, key.Name, key.Roles, key.Prefix, key.CreatedAt, key.CreatedBy, key.RevokedAt, key.RevokedBy);
}

public sealed class ListApiKeysHandler(IQuerySession session) : IQueryHandler<ListApiKeys, ApiKeyList>
{
    // A tenant has a handful of keys, so one page holds them all.
    public async ValueTask<ApiKeyList> Handle(ListApiKeys query, CancellationToken ct) =>
        new((await session.Query<IssuedApiKey>().OrderByDescending(x => x.CreatedAt).ToListAsync(ct)).Select(ApiKeyView.From).ToList());
}
