namespace LeadGen.Application.Common;

/// <summary>Who is asking, per request: the tenant whose data they may see and the actor recorded on what they change.
/// Set once by the API's authentication; use cases read it and never trust a tenant named in a request body.</summary>
public sealed class Caller
{
    private string? _tenantId;

    public string TenantId => _tenantId ?? throw new InvalidOperationException("No authenticated caller in this scope.");
    public string Actor { get; private set; } = "system";
    public IReadOnlyList<string> Roles { get; private set; } = [];

    public void Authenticate(string tenantId, string actor, IReadOnlyList<string> roles)
    {
        _tenantId = tenantId;
        Actor = actor;
        Roles = roles;
    }
}
