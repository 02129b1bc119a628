using LeadGen.Domain.Common;

namespace LeadGen.Application.Features.Webhooks;

/// <summary>
/// The record that Meta told us a lead was submitted (a <c>leadgen</c> webhook change): which lead, on which Page and
/// form, when. No personal data: the lead's answers stay at Facebook until discovery reads them through Graph. Kept so
/// that a later incremental sync can read just the leads that arrived, and as the audit of what Meta announced.
/// </summary>
public sealed class FacebookLeadNotification
{
    /// <summary>Derived from the tenant and the lead id, so that a notification Meta delivers again finds its earlier
    /// copy instead of adding a second one.</summary>
    public Guid Id { get; init; }

    public required string LeadgenId { get; init; }
    public string? PageId { get; init; }
    public string? FormId { get; init; }

    /// <summary>When the person submitted the form, as Meta reports it.</summary>
    public DateTimeOffset? CreatedTime { get; init; }

    /// <summary>When LeadGen first received the notification.</summary>
    public DateTimeOffset ReceivedAt { get; init; }

    private static readonly Guid Namespace = new("5b0c1f0e-7d53-4c8e-9a55-0f3f6c1d2b7a");

    public static Guid IdFor(string tenant, string leadgenId) => DeterministicGuid.Create(Namespace, $"{tenant}/{leadgenId}");
}
