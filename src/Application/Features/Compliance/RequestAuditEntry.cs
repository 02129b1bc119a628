namespace LeadGen.Application.Features.Compliance;

/// <summary>
/// One state-changing API request, in the tenant of the caller who made it: who, what (method and route pattern, with
/// the ids in the route), when and with which outcome. Never the body, the query string nor the raw path, which can
/// hold personal data: the entry names the resources changed, not what was written into them.
/// </summary>
public sealed class RequestAuditEntry
{
    public Guid Id { get; set; }
    public DateTimeOffset At { get; set; }
    public string Actor { get; set; } = "";
    public string Method { get; set; } = "";

    /// <summary>The endpoint's route pattern with plain parameter names (<c>/api/v1/icps/{id}</c>); null when no endpoint matched.</summary>
    public string? Route { get; set; }

    /// <summary>The route values that are ids, by parameter name.</summary>
    public Dictionary<string, Guid> Ids { get; set; } = [];

    public int Status { get; set; }
    public string TraceId { get; set; } = "";
}
