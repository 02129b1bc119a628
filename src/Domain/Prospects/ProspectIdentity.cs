using LeadGen.Domain.Common;

namespace LeadGen.Domain.Prospects;

/// <summary>A prospect's id is derived from who they are on which platform, per tenant: finding the same person
/// again (another page, another campaign, a redelivered message) lands on the same stream.</summary>
public static class ProspectIdentity
{
    private static readonly Guid Namespace = new("5b0f6a1e-3c0e-4f5e-9d6b-6c1f3a2e9b01");

    public static Guid For(string tenantId, string platform, string externalId) =>
        DeterministicGuid.Create(Namespace, $"{tenantId}\n{platform.ToLowerInvariant()}\n{externalId}");
}
