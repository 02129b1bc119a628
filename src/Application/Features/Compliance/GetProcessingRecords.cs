using LeadGen.Application.Common;
using LeadGen.Application.Compliance;
using Mediator;
using Microsoft.Extensions.Options;

namespace LeadGen.Application.Features.Compliance;

/// <summary>The tenant's records of processing activities (Art. 30) for prospecting, from its compliance settings and the
/// processors this deployment is configured with.</summary>
public sealed record GetProcessingRecords : IQuery<ProcessingRecords>;

public sealed record ProcessingRecords(
    string Tenant, string Controller, string Purpose, IReadOnlyList<LawfulBasisView> LawfulBases, string DataSubjects,
    IReadOnlyList<string> DataCategories, IReadOnlyList<DataProcessor> Processors, int RetentionDays, string RetentionRule,
    IReadOnlyList<string> SecurityMeasures);

public sealed record LawfulBasisView(string Basis, string When, string? Reference);

public sealed class GetProcessingRecordsHandler(Caller caller, DataProcessors processors, IOptions<ComplianceOptions> compliance)
    : IQueryHandler<GetProcessingRecords, ProcessingRecords>
{
    public ValueTask<ProcessingRecords> Handle(GetProcessingRecords query, CancellationToken ct)
    {
        var options = compliance.Value;
        var tenant = caller.TenantId;
        return ValueTask.FromResult(new ProcessingRecords(
            tenant, options.Controller, options.Purpose,
            [
                new LawfulBasisView("legitimate-interest", "people found by searching platforms (Art. 6(1)(f))", options.BalancingTestOf(tenant)),
                new LawfulBasisView("consent", "people who submitted a lead form (Art. 6(1)(a)); the form and its statements are kept as evidence", null),
            ],
            "business professionals found on the configured platforms",
            SubjectViews.DataCategories,
            processors.All,
            options.RetentionDaysOf(tenant),
            "prospects never qualified nor converted are erased automatically after the retention period without activity; "
            + "an objection suppresses, an erasure request erases at once",
            [
                "tenants' data kept apart in every table and query (conjoined tenancy) and every vector index namespace",
                "roles per endpoint; API keys stored as SHA-256 hashes; JWT bearer tokens validated for issuer, audience and signature",
                "no personal data or secrets in logs",
                "suppression list keeps salted SHA-256 hashes, never identifiers",
                "erasure rewrites stored events and removes cached answers, vectors and embeddings",
            ]));
    }
}
