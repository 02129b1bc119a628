using LeadGen.Domain.Prospects;
using LeadGen.Infrastructure.Providers;

namespace LeadGen.Infrastructure.Platforms.LinkedIn;

/// <summary>
/// Reads a lead (a lead form response) with the help of its form. A response's answers carry only question ids; the
/// form says which question is which through <c>predefinedField</c>, the language-independent tag of the questions
/// LinkedIn pre-fills from the member's profile (FIRST_NAME, JOB_TITLE, COMPANY_NAME…). Custom questions have no such
/// tag, and their meaning is the advertiser's: they are not mapped.
/// </summary>
internal static class LeadFormMapping
{
    public const string ConsentSource = "linkedin-lead-form";

    public static ProspectProfile ToProfile(string id, LeadFormResponse response, LeadForm form)
    {
        var answers = PredefinedAnswers(response, form);
        string? Answer(string field) => answers.GetValueOrDefault(field);

        var name = string.Join(' ', new[] { Answer("FIRST_NAME"), Answer("LAST_NAME") }.OfType<string>());
        var title = Answer("JOB_TITLE") ?? "";
        var company = Answer("COMPANY_NAME") ?? "";
        return new ProspectProfile(
            ExternalId: id,
            Name: name,
            Title: title,
            Headline: Headline(title, company),
            Summary: "",
            Company: company,
            CompanyDomain: DomainOf(Answer("WORK_EMAIL")),
            Industry: Answer("INDUSTRY"),
            Location: Firmographics.Location(Answer("CITY") ?? Answer("STATE"), Answer("COUNTRY")) ?? "",
            Skills: [],
            ProfileUrl: Answer("LINKEDIN_PROFILE_LINK") ?? "",
            // LinkedIn's SENIORITY answer is free, localized text, not LeadGen's vocabulary; left empty, the scorer reads
            // the seniority off the title as it does for every platform that states none.
            Seniority: null);
    }

    /// <summary>
    /// The consent the member gave on the form, or null when there is none to rely on: no checkbox accepted, or a
    /// checkbox the form required left unaccepted (LinkedIn enforces required ones, so that means a form edited since,
    /// or a response we cannot vouch for). Without evidence the prospect is still discovered, on legitimate interest.
    /// </summary>
    /// <remarks>The reference is the versioned form URN: the exact form, and so the exact consent texts, the member saw.
    /// Each statement is a checkbox's text in the form's language, or its id when the form no longer has it.</remarks>
    public static ConsentEvidence? ToConsent(LeadFormResponse response, LeadForm form)
    {
        var accepted = (response.FormResponse?.ConsentResponses ?? [])
            .Where(c => c.Accepted == true && c.ConsentId is not null)
            .Select(c => c.ConsentId!.Value)
            .Distinct()
            .ToList();
        var checkboxes = form.Content?.LegalInfo?.Consents ?? [];
        if (accepted.Count == 0 || checkboxes.Any(c => c.CheckRequired == true && c.Id is { } id && !accepted.Contains(id)))
        {
            return null;
        }

        var statements = accepted
            .Select(id => checkboxes.FirstOrDefault(c => c.Id == id)?.Consent?.In(form.CreationLocale)?.Trim() is { Length: > 0 } text
                ? $"{text}: accepted"
                : $"consent checkbox {id}: accepted")
            .ToList();
        return new ConsentEvidence(ConsentSource, response.VersionedLeadGenFormUrn ?? "", SubmittedAt(response), statements);
    }

    public static DateTimeOffset SubmittedAt(LeadFormResponse response) =>
        response.SubmittedAt is { } epochMilliseconds ? DateTimeOffset.FromUnixTimeMilliseconds(epochMilliseconds) : DateTimeOffset.UnixEpoch;

    /// <summary>The response's text answers by their question's predefined field; blank answers left out.</summary>
    private static Dictionary<string, string> PredefinedAnswers(LeadFormResponse response, LeadForm form)
    {
        var fieldOf = (form.Content?.Questions ?? [])
            .Where(q => q.QuestionId is not null && !string.IsNullOrWhiteSpace(q.PredefinedField))
            .DistinctBy(q => q.QuestionId)
            .ToDictionary(q => q.QuestionId!.Value, q => q.PredefinedField!.Trim().ToUpperInvariant());
        var answers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var answer in response.FormResponse?.Answers ?? [])
        {
            if (answer.QuestionId is { } questionId && fieldOf.TryGetValue(questionId, out var field)
                && answer.AnswerDetails?.TextQuestionAnswer?.Answer?.Trim() is { Length: > 0 } text)
            {
                answers.TryAdd(field, text);
            }
        }

        return answers;
    }

    private static string Headline(string title, string company) => (title, company) switch
    {
        ({ Length: > 0 }, { Length: > 0 }) => $"{title} at {company}",
        ({ Length: > 0 }, _) => title,
        _ => company,
    };

    /// <summary>The company's domain from a work email (the form asks for it as such), which enrichment matches on.
    /// A personal email (EMAIL) says nothing about the employer and is not used.</summary>
    private static string? DomainOf(string? workEmail)
    {
        var at = workEmail?.LastIndexOf('@') ?? -1;
        if (at < 0) return null;
        var domain = workEmail![(at + 1)..].Trim().TrimEnd('.').ToLowerInvariant();
        return domain.Contains('.', StringComparison.Ordinal) ? domain : null;
    }
}
