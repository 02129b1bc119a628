using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization;
using LeadGen.Infrastructure.Providers;
using Microsoft.Extensions.Options;

namespace LeadGen.Infrastructure.Platforms.Facebook;

/// <summary>
/// The part of Meta's Graph API that Lead Ads retrieval needs: <c>GET /{form-id}/leads</c>, a lead form's submissions,
/// newest first, paged by cursor (<c>paging.cursors.after</c>; <c>paging.next</c> is absent on the last page).
/// <para>Auth: the Page access token goes in an <c>Authorization: Bearer</c> header, which Graph accepts like the
/// <c>access_token</c> parameter, so the token never appears in a URL (proxies, traces, logs).</para>
/// <para>Errors: Graph answers <c>{"error":{"message","type","code","error_subcode","fbtrace_id"}}</c>, mostly with HTTP
/// 400 whatever went wrong, so the code decides (see <see cref="FacebookGraphFailures"/>).</para>
/// </summary>
public sealed class FacebookGraphApi
{
    public const string ProviderName = "facebook";
    public const string ReadLeadsOperation = "read-leads";

    public static readonly Uri DefaultBaseUrl = new("https://graph.facebook.com/v21.0/");
    public static readonly ProviderProfile Profile = new(ProviderName);

    /// <summary>What discovery needs of a lead; Graph adds the lead's id by itself.</summary>
    private const string LeadFields = "created_time,field_data,form_id,custom_disclaimer_responses";

    private readonly HttpClient http;
    private readonly IOptionsMonitor<ProviderOptions> options;
    private readonly TimeProvider time;

    public FacebookGraphApi(HttpClient http, IOptionsMonitor<ProviderOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        this.http = http;
        this.options = options;
        this.time = time;
    }

    /// <summary>The lead forms discovery reads (<c>Providers:Facebook:Forms</c>), in configured order.</summary>
    public IReadOnlyList<string> Forms => options.Get(ProviderName).Forms;

    /// <summary>Up to <paramref name="limit"/> leads of a form, after the Graph cursor <paramref name="after"/> (from the
    /// start when null).</summary>
    public async Task<GraphLeadPage> ReadLeadsAsync(string formId, string? after, int limit, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(formId);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);

        var path = string.Create(CultureInfo.InvariantCulture,
            $"{Uri.EscapeDataString(formId)}/leads?fields={LeadFields}&limit={limit}");
        if (after is not null) path += $"&after={Uri.EscapeDataString(after)}";

        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", options.Get(ProviderName).AccessToken);
        using var response = await http.SendAsync(Profile, ReadLeadsOperation, request, ct);
        if (!response.IsSuccessStatusCode)
        {
            throw await FacebookGraphFailures.FromResponseAsync(Profile, ReadLeadsOperation, response, time, ct);
        }

        return await response.ReadJsonAsync<GraphLeadPage>(Profile, ReadLeadsOperation, ct);
    }
}

/// <summary>One page of a Graph edge: <c>{"data":[…],"paging":{"cursors":{"before","after"},"next"}}</c>.</summary>
public sealed record GraphLeadPage(IReadOnlyList<GraphLead>? Data, GraphPaging? Paging)
{
    /// <summary>The cursor of the page after this one, or null on the last page. Graph keeps <c>cursors.after</c> on the
    /// last page too; only <c>next</c> says that there is more.</summary>
    public string? NextAfter => Paging is { Next: { Length: > 0 }, Cursors.After: { Length: > 0 } after } ? after : null;
}

public sealed record GraphPaging(GraphCursors? Cursors, string? Next);

public sealed record GraphCursors(string? Before, string? After);

/// <summary>A lead (Graph's LeadgenInfo): the answers in <c>field_data</c>, the consent checkboxes in
/// <c>custom_disclaimer_responses</c>. <c>created_time</c> comes as <c>2024-05-01T09:30:00+0000</c>.</summary>
public sealed record GraphLead(
    string? Id,
    [property: JsonPropertyName("created_time")] string? CreatedTime,
    [property: JsonPropertyName("form_id")] string? FormId,
    [property: JsonPropertyName("field_data")] IReadOnlyList<GraphFieldData>? FieldData,
    [property: JsonPropertyName("custom_disclaimer_responses")] IReadOnlyList<GraphDisclaimerResponse>? CustomDisclaimerResponses);

/// <summary>One question's answer: its key (<c>full_name</c>, <c>email</c>, a custom key) and its values.</summary>
public sealed record GraphFieldData(string? Name, IReadOnlyList<string>? Values);

/// <summary>One consent checkbox of the form's custom disclaimer and whether the person ticked it (Graph sends
/// <c>"1"</c>/<c>""</c>; a boolean is accepted too).</summary>
public sealed record GraphDisclaimerResponse(
    [property: JsonPropertyName("checkbox_key")] string? CheckboxKey,
    [property: JsonPropertyName("is_checked")] JsonElement? IsChecked)
{
    public bool Checked => IsChecked switch
    {
        { ValueKind: JsonValueKind.True } => true,
        { ValueKind: JsonValueKind.String } text => text.GetString() is "1" or "true" or "True",
        { ValueKind: JsonValueKind.Number } number => number.TryGetInt32(out var n) && n != 0,
        _ => false,
    };
}
