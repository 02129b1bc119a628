namespace LeadGen.Domain.Prospects;

public sealed record CompanyData(string Name, string Domain, string? Industry, string? Size, string? Location);

/// <summary>Verification verdicts as email verifiers report them (Hunter's vocabulary).</summary>
public enum EmailStatus { Valid, Invalid, AcceptAll, Unknown, Webmail, Disposable }

public static class EmailStatusRules
{
    /// <summary>Whether an address may be used to contact the person: a verifier vouched for it, or the
    /// server accepts all mail for the domain (the address cannot be disproved).</summary>
    public static bool IsContactable(this EmailStatus status) => status is EmailStatus.Valid or EmailStatus.AcceptAll;
}
