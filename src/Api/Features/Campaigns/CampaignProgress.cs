using System.Runtime.CompilerServices;
using LeadGen.Application.Features.Campaigns;
using Mediator;

namespace LeadGen.Api.Features.Campaigns;

/// <summary>A campaign's progress as a stream: the status view each time it changes, the last one once the campaign has
/// settled. Read from the projected view every half second: the view, not the event firehose, is what a dashboard
/// shows, and one indexed load per client per half second costs the database nothing noticeable.</summary>
public static class CampaignProgress
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);

    /// <summary>Without a change, a comment-free repeat every this often keeps proxies from closing an idle stream.</summary>
    public static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);

    public static async IAsyncEnumerable<CampaignView> Stream(CampaignView first, IMediator mediator, [EnumeratorCancellation] CancellationToken ct)
    {
        var last = first;
        var sentAt = DateTimeOffset.UtcNow;
        yield return first;
        while (last.Status == "running" && !ct.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(Interval, ct);
            }
            catch (OperationCanceledException)
            {
                yield break;
            }
            var now = await mediator.Send(new GetCampaign(first.Id), ct);
            if (Same(now, last) && DateTimeOffset.UtcNow - sentAt < KeepAlive) continue;
            last = now;
            sentAt = DateTimeOffset.UtcNow;
            yield return now;
        }
    }

    // The view holds lists and a dictionary, which record equality compares by reference.
    private static bool Same(CampaignView a, CampaignView b) =>
        System.Text.Json.JsonSerializer.Serialize(a) == System.Text.Json.JsonSerializer.Serialize(b);
}
