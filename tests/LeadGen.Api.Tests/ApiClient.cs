using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace LeadGen.Api.Tests;

/// <summary>Requests as an API client sends them: JSON over HTTP with an X-Api-Key, through the real ASP.NET pipeline.</summary>
public sealed class ApiClient(HttpClient http, string? apiKey)
{
    public async Task<Response> Send(HttpMethod method, string url, object? body = null, Action<HttpRequestMessage>? configure = null)
    {
        using var request = new HttpRequestMessage(method, url);
        if (apiKey is not null) request.Headers.Add("X-Api-Key", apiKey);
        if (body is string raw) request.Content = new StringContent(raw, Encoding.UTF8, "application/json");
        else if (body is not null) request.Content = JsonContent.Create(body);
        configure?.Invoke(request);
        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return new Response(response.StatusCode, response.Content.Headers.ContentType?.MediaType, response.Headers.Location, text);
    }

    public Task<Response> Get(string url) => Send(HttpMethod.Get, url);
    public Task<Response> Post(string url, object? body = null, Action<HttpRequestMessage>? configure = null) =>
        Send(HttpMethod.Post, url, body, configure);
    public Task<Response> Put(string url, object? body) => Send(HttpMethod.Put, url, body);
}

public sealed record Response(HttpStatusCode Status, string? MediaType, Uri? Location, string Body)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    public Response ShouldHave(HttpStatusCode expected)
    {
        Status.ShouldBe(expected, $"body: {Body}");
        return this;
    }

    /// <summary>An RFC 7807 answer with the given status, naming the given fields among its errors.</summary>
    public Response ShouldBeProblem(HttpStatusCode expected, params string[] fields)
    {
        ShouldHave(expected);
        MediaType.ShouldBe("application/problem+json");
        Json.GetProperty("status").GetInt32().ShouldBe((int)expected);
        foreach (var field in fields)
            Json.GetProperty("errors").TryGetProperty(field, out _).ShouldBeTrue($"no error for '{field}' in {Body}");
        return this;
    }
}
