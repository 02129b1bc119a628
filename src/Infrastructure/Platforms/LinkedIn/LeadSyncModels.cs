using System.Text.Json.Serialization;

namespace LeadGen.Infrastructure.Platforms.LinkedIn;

// LinkedIn's Lead Sync answers as documented (learn.microsoft.com/linkedin/marketing/lead-sync/leadsync and
// lead-sync-schema), Rest.li 2.0 protocol. Only the fields LeadGen reads are declared; everything is nullable because
// LinkedIn leaves out fields that have no value.

/// <summary>A Rest.li collection: <c>{elements:[…], paging:{start, count, total?, links:[{rel, href}]}}</c>.</summary>
internal sealed record LinkedInCollection<T>(List<T>? Elements, LinkedInPaging? Paging);

internal sealed record LinkedInPaging(int? Start, int? Count, int? Total, List<LinkedInLink>? Links);

internal sealed record LinkedInLink(string? Rel, string? Href);

/// <summary>One lead: <c>GET /rest/leadFormResponses?q=owner…</c> elements.</summary>
internal sealed record LeadFormResponse(
    string? Id,
    string? VersionedLeadGenFormUrn,
    long? SubmittedAt,
    bool? TestLead,
    LeadFormAnswers? FormResponse);

internal sealed record LeadFormAnswers(List<LeadAnswer>? Answers, List<LeadConsentResponse>? ConsentResponses);

internal sealed record LeadAnswer(long? QuestionId, LeadAnswerDetails? AnswerDetails);

/// <summary>Predefined questions (name, email, company…) are all text questions; multiple-choice answers only occur on
/// custom questions, which LeadGen does not map.</summary>
internal sealed record LeadAnswerDetails(LeadTextAnswer? TextQuestionAnswer);

internal sealed record LeadTextAnswer(string? Answer);

/// <summary>A consent checkbox of the form as the member left it.</summary>
internal sealed record LeadConsentResponse(long? ConsentId, bool? Accepted);

/// <summary>A lead form: <c>GET /rest/leadForms/{id}</c>. Its questions give the answers their meaning (answers only
/// carry a question id), its legal info the text of each consent checkbox.</summary>
internal sealed record LeadForm(long? Id, long? VersionId, string? Name, LinkedInLocale? CreationLocale, LeadFormContent? Content)
{
    /// <summary>For a response whose form could not be identified: no question has a known meaning.</summary>
    public static readonly LeadForm Unknown = new(null, null, null, null, null);
}

internal sealed record LinkedInLocale(string? Country, string? Language)
{
    /// <summary>The key LinkedIn uses in MultiLocaleString.localized, e.g. "en_US".</summary>
    public string? Key => string.IsNullOrWhiteSpace(Language) ? null
        : string.IsNullOrWhiteSpace(Country) ? Language : $"{Language}_{Country}";
}

internal sealed record LeadFormContent(List<LeadFormQuestion>? Questions, LeadFormLegalInfo? LegalInfo);

internal sealed record LeadFormQuestion(long? QuestionId, string? Name, string? PredefinedField);

internal sealed record LeadFormLegalInfo(List<LeadFormConsent>? Consents, string? PrivacyPolicyUrl);

internal sealed record LeadFormConsent(long? Id, bool? CheckRequired, LinkedInText? Consent);

/// <summary>A MultiLocaleString: <c>{localized: {"en_US": "…"}}</c>.</summary>
internal sealed record LinkedInText(Dictionary<string, string>? Localized)
{
    /// <summary>The text in <paramref name="locale"/> when the form has it, else any.</summary>
    public string? In(LinkedInLocale? locale)
    {
        if (Localized is null || Localized.Count == 0) return null;
        return locale?.Key is { } key && Localized.TryGetValue(key, out var text) ? text : Localized.Values.First();
    }
}

/// <summary>The OAuth 2.0 token endpoint's answer: <c>{access_token, expires_in, refresh_token?, refresh_token_expires_in?,
/// scope}</c>.</summary>
internal sealed record LinkedInTokenAnswer(
    [property: JsonPropertyName("access_token")] string? AccessToken,
    [property: JsonPropertyName("expires_in")] long? ExpiresIn,
    [property: JsonPropertyName("refresh_token")] string? RefreshToken)
{
    public override string ToString() => "LinkedIn token answer"; // never the tokens
}
