namespace LeadGen.Application.Compliance;

/// <summary>What a tenant declares about its processing (configuration section <c>Compliance</c>, with per-tenant
/// overrides under <c>Compliance:Tenants:{tenant}</c>): the records of processing (Art. 30) and the notices (Art. 14)
/// are built from it.</summary>
public sealed class ComplianceOptions
{
    public string Controller { get; set; } = "The tenant (controller); LeadGen is its processor";
    public string Purpose { get; set; } = "B2B prospecting: finding, scoring, enriching and contacting professionals who match an ideal customer profile";

    /// <summary>The reference of the legitimate-interest assessment (balancing test) prospects are processed under.</summary>
    public string BalancingTest { get; set; } = "LIA-B2B-prospecting-v1";

    /// <summary>Prospects never qualified nor converted are erased this many days after they were last found.</summary>
    public int RetentionDays { get; set; } = 180;

    /// <summary>How often the retention job looks for prospects past their retention period.</summary>
    public TimeSpan RetentionCheckInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>When an erasure's scrub runs once more: later than any pipeline step that read the person before the
    /// erasure can still commit (Wolverine's handler time-out is 60 s), docs/adr/0012.</summary>
    public TimeSpan ErasureFinalPassAfter { get; set; } = TimeSpan.FromMinutes(2);

    public Dictionary<string, TenantCompliance> Tenants { get; set; } = [];

    public string BalancingTestOf(string tenant) => Tenants.GetValueOrDefault(tenant)?.BalancingTest ?? BalancingTest;

    public int RetentionDaysOf(string tenant) => Tenants.GetValueOrDefault(tenant)?.RetentionDays ?? RetentionDays;
}

public sealed class TenantCompliance
{
    public string? BalancingTest { get; set; }
    public int? RetentionDays { get; set; }
}
