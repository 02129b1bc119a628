using System.Net;
using LeadGen.Application.Ports;
using LeadGen.Domain.Prospects;
using LeadGen.Infrastructure.Providers;
using Microsoft.Extensions.Options;

namespace LeadGen.Infrastructure.Enrichment.Hunter;

/// <summary>
/// Hunter.io API v2: the email-finder guesses a person's work address from their name and company domain, then the
/// email-verifier checks that the address takes mail.
/// <para>Billing (help.hunter.io, "What is a request and how is it counted"): one search credit for every address the
/// finder returns, nothing when it finds none; one verification credit for each address verified, except those it
/// reports unknown or disposable; a verification still in progress (202) "will only count as a single request until we
/// return the response", and failed lookups are free. Every answered call is recorded as one charge, billable or not;
/// a call that fails outright surfaces as a <see cref="ProviderFailure"/> and costs nothing. Hunter also bills a request
/// repeated within the same billing period only once ("How are duplicated requests counted?", per team): a call a crash
/// makes us repeat costs nothing more, and its one recorded charge is the one billed. Tenants sharing one key share that
/// allowance, but each tenant's ledger records its own first call as billed (an upper bound).</para>
/// <para>Auth: the key goes in the documented X-API-KEY header rather than the api_key query parameter, so it never
/// appears in a URL (proxies, traces, logs).</para>
/// </summary>
public sealed class HunterEmailEnrichment : IEmailEnrichmentProvider
{
    public const string ProviderName = "hunter";
    public const string FinderOperation = "email-finder";
    public const string VerifierOperation = "email-verifier";

    public static readonly Uri DefaultBaseUrl = new("https://api.hunter.io/");

    /// <summary>Hunter answers 403 when the per-second/per-minute limit is hit, and keeps 429 for a spent monthly
    /// quota; both mean "not now".</summary>
    public static readonly ProviderProfile Profile = new(ProviderName)
    {
        ThrottleStatuses = new HashSet<HttpStatusCode> { HttpStatusCode.Forbidden },
    };

    /// <summary>Hunter's non-standard "Email Verification failed": the remote mail server answered unexpectedly.</summary>
    private const HttpStatusCode VerificationFailed = (HttpStatusCode)222;

    private readonly HttpClient http;
    private readonly IOptionsMonitor<ProviderOptions> options;
    private readonly TimeProvider time;

    public HunterEmailEnrichment(HttpClient http, IOptionsMonitor<ProviderOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        this.http = http;
        this.options = options;
        this.time = time;
    }

    public string Name => ProviderName;

    public async Task<EmailLookup> FindEmailAsync(EmailQuery query, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        var settings = options.Get(ProviderName);
        var finderQuery = FinderQuery(query);
        if (finderQuery is null)
        {
            // Nothing Hunter could search with: no request is sent, so nothing is spent (zero units).
            return new EmailLookup(null, EmailStatus.Unknown, new ProviderCharge(ProviderName, FinderOperation, 0, settings.PriceOf(FinderOperation), false));
        }

        var charges = new List<ProviderCharge>();
        var email = await FindAsync(finderQuery, settings, charges, ct);
        var status = email is null ? EmailStatus.Unknown : await VerifyAsync(email, settings, charges, ct);
        return new EmailLookup(email, status, charges[0]) { FollowUpCharges = charges.Skip(1).ToList() };
    }

    private async Task<string?> FindAsync(string finderQuery, ProviderOptions settings, List<ProviderCharge> charges, CancellationToken ct)
    {
        using var response = await AskAsync(FinderOperation, $"v2/email-finder?{finderQuery}", settings, charges, ct);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            // Hunter's "no email found" (errors[].id email_not_found): an answer, not a failure, and not billed.
            charges.Add(Charge(settings, FinderOperation, billable: false));
            return null;
        }

        if (response.StatusCode == HttpStatusCode.Accepted)
        {
            throw new ProviderFailure(ProviderName, ProviderFailureKind.Transient, $"{FinderOperation} still searching after our rechecks",
                TimeSpan.FromSeconds(settings.Pending.DelaySeconds));
        }

        if (!response.IsSuccessStatusCode) throw ProviderFailures.FromResponse(Profile, FinderOperation, response, time);

        var answer = await response.ReadJsonAsync<HunterAnswer<HunterFinding>>(Profile, FinderOperation, ct);
        var email = string.IsNullOrWhiteSpace(answer.Data?.Email) ? null : answer.Data.Email.Trim();
        charges.Add(Charge(settings, FinderOperation, billable: email is not null));
        return email;
    }

    private async Task<EmailStatus> VerifyAsync(string email, ProviderOptions settings, List<ProviderCharge> charges, CancellationToken ct)
    {
        try
        {
            using var response = await AskAsync(VerifierOperation, $"v2/email-verifier?email={Uri.EscapeDataString(email)}", settings, charges, ct);
            if (response.StatusCode is HttpStatusCode.Accepted or VerificationFailed)
            {
                // Still verifying after our rechecks, or the remote mail server would not say: not billed, verdict unknown.
                charges.Add(Charge(settings, VerifierOperation, billable: false));
                return EmailStatus.Unknown;
            }

            if (!response.IsSuccessStatusCode) throw ProviderFailures.FromResponse(Profile, VerifierOperation, response, time);

            var answer = await response.ReadJsonAsync<HunterAnswer<HunterVerification>>(Profile, VerifierOperation, ct);
            var status = ToEmailStatus(answer.Data?.Status);
            charges.Add(Charge(settings, VerifierOperation, billable: IsBilledVerdict(status)));
            return status;
        }
        catch (ProviderFailure)
        {
            // The address is found and already paid for. Failing the whole lookup now would make the pipeline ask the
            // finder again and pay for it twice; an unverified address is the honest answer instead, and the waterfall
            // can still ask the next provider for a contactable one.
            charges.Add(Charge(settings, VerifierOperation, billable: false));
            return EmailStatus.Unknown;
        }
    }

    /// <summary>Sends a GET and, while Hunter answers 202 ("still processing, ask again"), asks again after a short
    /// delay, at most <see cref="ProviderPendingOptions.Rechecks"/> times. Each 202 is recorded as an unbilled call.
    /// Returns the last answer, which may still be a 202.</summary>
    private async Task<HttpResponseMessage> AskAsync(string operation, string pathAndQuery, ProviderOptions settings,
        List<ProviderCharge> charges, CancellationToken ct)
    {
        for (var recheck = 0; ; recheck++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, pathAndQuery);
            request.Headers.Add("X-API-KEY", settings.ApiKey);
            var response = await http.SendAsync(Profile, operation, request, ct);
            if (response.StatusCode != HttpStatusCode.Accepted || recheck >= settings.Pending.Rechecks) return response;

            response.Dispose();
            charges.Add(Charge(settings, operation, billable: false));
            await Task.Delay(TimeSpan.FromSeconds(settings.Pending.DelaySeconds), time, ct);
        }
    }

    /// <summary>The finder's query: the company's domain (or, without one, its name) and the person's first and last
    /// name; a single-word name goes as full_name. Null when there is nothing to search with.</summary>
    private static string? FinderQuery(EmailQuery query)
    {
        var names = (query.FullName ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var company = !string.IsNullOrWhiteSpace(query.CompanyDomain) ? $"domain={Uri.EscapeDataString(query.CompanyDomain.Trim())}"
            : !string.IsNullOrWhiteSpace(query.CompanyName) ? $"company={Uri.EscapeDataString(query.CompanyName.Trim())}"
            : null;
        if (company is null || names.Length == 0) return null;

        // Everything after the first name is the surname: "Thijs van den Berg" searches last_name "van den Berg".
        return names.Length == 1
            ? $"{company}&full_name={Uri.EscapeDataString(names[0])}"
            : $"{company}&first_name={Uri.EscapeDataString(names[0])}&last_name={Uri.EscapeDataString(string.Join(' ', names[1..]))}";
    }

    public static EmailStatus ToEmailStatus(string? hunterStatus) => hunterStatus?.Trim().ToLowerInvariant() switch
    {
        "valid" => EmailStatus.Valid,
        "invalid" => EmailStatus.Invalid,
        "accept_all" => EmailStatus.AcceptAll,
        "webmail" => EmailStatus.Webmail,
        "disposable" => EmailStatus.Disposable,
        _ => EmailStatus.Unknown,
    };

    /// <summary>Hunter skips unknown and disposable verdicts when counting verification credits.</summary>
    public static bool IsBilledVerdict(EmailStatus status) => status is not (EmailStatus.Unknown or EmailStatus.Disposable);

    private static ProviderCharge Charge(ProviderOptions settings, string operation, bool billable) =>
        new(ProviderName, operation, Units: 1, settings.PriceOf(operation), billable);
}

/// <summary>Hunter wraps every successful answer as {"data": …, "meta": …}.</summary>
internal sealed record HunterAnswer<T>(T? Data);

internal sealed record HunterFinding(string? Email, int? Score);

internal sealed record HunterVerification(string? Status, string? Email, int? Score);
