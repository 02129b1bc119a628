using LeadGen.Domain.Icps;
using Marten;

namespace LeadGen.Application.Features.Icps;

public static class IcpVersions
{
    /// <summary>Stores a new version. The revision's id is the ICP's id and version, and it is inserted, not upserted:
    /// of two concurrent changes to the same version, the second fails with a conflict instead of overwriting.</summary>
    public static async Task Save(IDocumentSession session, Icp icp, string origin, string actor, CancellationToken ct)
    {
        session.Store(icp);
        session.Insert(icp.Revision(origin, actor));
        try
        {
            await session.SaveChangesAsync(ct);
        }
        catch (JasperFx.DocumentAlreadyExistsException)
        {
            throw new Domain.Common.BusinessRuleViolation($"ICP {icp.Id} was changed concurrently; reload it and try again.");
        }
    }

    /// <summary>The ICP as it was at <paramref name="version"/> (the current document when no revision was kept, as for
    /// ICPs made before versions were).</summary>
    public static async Task<Icp?> Load(IQuerySession session, Guid icpId, int version, CancellationToken ct)
    {
        var current = await session.LoadAsync<Icp>(icpId, ct);
        if (current is null || current.Version == version) return current;
        var revision = await session.LoadAsync<IcpRevision>(IcpRevision.IdFor(icpId, version), ct);
        return revision?.AsIcp(current);
    }
}
