using System.Globalization;
using LeadGen.Domain.Prospects;

namespace LeadGen.Infrastructure.Platforms.Facebook;

/// <summary>
/// A Graph lead as LeadGen's prospect. Lead forms ask what the advertiser chose, so every answer is optional; the
/// standard questions' keys are <c>full_name</c> (or <c>first_name</c> + <c>last_name</c>), <c>job_title</c>,
/// <c>company_name</c>, <c>city</c>, <c>country</c>. A form carries no skills and the person no profile page, so those stay
/// empty and LeadGen's scoring judges the rest.
/// </summary>
internal static class FacebookLeadMapping
{
    public const string ConsentSource = "facebook-lead-ad";

    /// <summary>The prospect, or null for a lead without an id (nothing could refer to it again).</summary>
    public static ProspectProfile? ToProfile(GraphLead lead)
    {
        if (string.IsNullOrWhiteSpace(lead.Id)) return null;
        var answers = Answers(lead);
        var name = answers.GetValueOrDefault("full_name") ?? JoinPresent(" ", answers.GetValueOrDefault("first_name"), answers.GetValueOrDefault("last_name"));
        var title = answers.GetValueOrDefault("job_title") ?? "";
        var company = answers.GetValueOrDefault("company_name") ?? "";
        return new ProspectProfile(
            ExternalId: lead.Id.Trim(),
            Name: name,
            Title: title,
            Headline: JoinPresent(" at ", title, company),
            Summary: "",
            Company: company,
            CompanyDomain: null,
            Industry: null,
            Location: JoinPresent(", ", answers.GetValueOrDefault("city"), answers.GetValueOrDefault("country")),
            Skills: [],
            ProfileUrl: "",
            Seniority: null);
    }

    /// <summary>Submitting a lead form is the person's own act: the evidence names the form, the moment and the consent
    /// checkboxes as the person left them, or the submission itself when the form had none. Null when Graph gave no
    /// readable submission time: evidence without a date proves nothing.</summary>
    public static ConsentEvidence? ToConsent(GraphLead lead, string readFromForm)
    {
        if (!DateTimeOffset.TryParse(lead.CreatedTime, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var givenAt))
        {
            return null;
        }

        var form = string.IsNullOrWhiteSpace(lead.FormId) ? readFromForm : lead.FormId.Trim();
        var statements = (lead.CustomDisclaimerResponses ?? [])
            .Where(r => !string.IsNullOrWhiteSpace(r.CheckboxKey))
            .Select(r => $"{r.CheckboxKey!.Trim()}: {(r.Checked ? "checked" : "not checked")}")
            .ToList();
        if (statements.Count == 0) statements.Add($"Submitted lead form {form}");
        return new ConsentEvidence(ConsentSource, form, givenAt, statements);
    }

    /// <summary>Each question's answer by key (case-insensitive); a multiple-choice answer's values joined.</summary>
    private static Dictionary<string, string> Answers(GraphLead lead)
    {
        var answers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var field in lead.FieldData ?? [])
        {
            var value = JoinPresent(", ", [.. field.Values ?? []]);
            if (!string.IsNullOrWhiteSpace(field.Name) && value.Length > 0) answers.TryAdd(field.Name.Trim(), value);
        }

        return answers;
    }

    private static string JoinPresent(string separator, params string?[] parts) =>
        string.Join(separator, parts.Where(p => !string.IsNullOrWhiteSpace(p)).Select(p => p!.Trim()));
}
