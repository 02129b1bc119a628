using JasperFx.Events;
using LeadGen.Domain.Campaigns;
using LeadGen.Domain.Prospects;
using Marten.Events.Aggregation;

namespace LeadGen.Application.ReadModels;

// The aggregates live in a Domain project that knows nothing of Marten, so Marten's compile-time dispatch cannot see
// their Apply methods; these projections hand each event to the aggregate's own Evolve. Registered inline, they keep
// a snapshot per stream that FetchForWriting and FetchLatest read in one query. Each sees every stream's events, so a
// snapshot starts only at its aggregate's first event: a campaign stream has no prospect snapshot, and vice versa.

public sealed class CampaignSnapshot : SingleStreamProjection<Campaign, Guid>
{
    public override Campaign? Evolve(Campaign? snapshot, Guid id, IEvent e)
    {
        if (snapshot is null && e.Data is not CampaignStarted) return null;
        snapshot ??= new Campaign { Id = id };
        snapshot.Evolve(e.Data);
        return snapshot;
    }
}

public sealed class ProspectSnapshot : SingleStreamProjection<Prospect, Guid>
{
    public override Prospect? Evolve(Prospect? snapshot, Guid id, IEvent e)
    {
        if (snapshot is null && e.Data is not ProspectDiscovered) return null;
        snapshot ??= new Prospect { Id = id };
        snapshot.Evolve(e.Data);
        return snapshot;
    }
}
