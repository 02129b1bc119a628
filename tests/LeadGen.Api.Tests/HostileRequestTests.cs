using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace LeadGen.Api.Tests;

/// <summary>
/// Issue 7: a deterministic barrage of malformed and hostile requests on every endpoint the host maps is answered with
/// 4xx problem details every time, never a 5xx, changes nothing it names, and leaves the host healthy. The endpoints come
/// from the host's own OpenAPI document, so an endpoint mapped tomorrow is in the barrage without touching this test.
/// <para>Every request is built to be refused: values that are hostile but legal (SQL or script in free text, null in an
/// optional field) are only sent where the request cannot succeed anyway (a path id that does not exist), so they still
/// travel through binding, validation and the handler's lookup without creating anything.</para>
/// </summary>
public class HostileRequestTests(AppFixture app)
{
    private const int Tenant = 36;
    private const int Seed = 70_007;
    private const int Parallelism = 8;

    [Fact]
    public async Task Malformed_and_hostile_requests_to_every_endpoint_are_4xx_problems_and_the_host_stays_healthy()
    {
        var ct = TestContext.Current.CancellationToken;
        var http = app.Host.Server.CreateClient();
        var admin = app.Client(Tenant, "admin");

        var document = await http.GetAsync("/openapi/v1.json", ct);
        document.StatusCode.ShouldBe(HttpStatusCode.OK);
        var operations = Operation.ReadAll(JsonDocument.Parse(await document.Content.ReadAsStringAsync(ct)).RootElement);
        operations.Count.ShouldBeGreaterThan(30, "the OpenAPI document lists fewer endpoints than the API maps");

        var icp = await admin.CreateIcp();
        var campaign = await admin.StartCampaign(icp, maxProspects: 10);
        await admin.WaitUntilSettled(campaign);
        var prospect = (await admin.AllProspects(campaign))[0].GetProperty("id").GetGuid();
        var before = await Snapshot(admin, icp, campaign, prospect);

        var probes = new Barrage(new Random(Seed), operations, new RealIds(icp, campaign, prospect), AppFixture.KeyOf(Tenant, "admin"))
            .Generate();
        probes.Count.ShouldBeGreaterThanOrEqualTo(1_000);

        var clock = Stopwatch.StartNew();
        var outcomes = new ConcurrentBag<Outcome>();
        await Parallel.ForEachAsync(probes, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = ct },
            async (probe, token) => outcomes.Add(await Send(http, probe, token)));
        clock.Stop();

        var report = new StringBuilder()
            .AppendLine($"{probes.Count} requests on {operations.Count} operations in {clock.Elapsed.TotalSeconds:F1} s (seed {Seed}).");
        foreach (var kind in outcomes.GroupBy(o => o.Probe.Kind).OrderBy(g => g.Key, StringComparer.Ordinal))
            report.AppendLine($"  {kind.Key}: {kind.Count()} → {string.Join(", ", kind.GroupBy(o => o.Status).OrderBy(g => g.Key).Select(g => $"{g.Key}×{g.Count()}"))}");
        TestContext.Current.TestOutputHelper?.WriteLine(report.ToString());

        var failures = outcomes
            .Select(o => (Outcome: o, Why: WhyNotAProblem(o)))
            .Where(x => x.Why is not null)
            .OrderBy(x => x.Outcome.Probe.Kind, StringComparer.Ordinal).ThenBy(x => x.Outcome.Probe.Url, StringComparer.Ordinal)
            .Select(x => $"{x.Outcome.Probe.Method} {Shorten(x.Outcome.Probe.Url, 160)} [{x.Outcome.Probe.Kind}: {x.Outcome.Probe.What}] → " +
                         $"{x.Outcome.Status} {x.Outcome.MediaType} ({x.Why}): {Shorten(x.Outcome.Body, 300)}")
            .ToList();
        if (failures.Count > 0)
            Assert.Fail($"{failures.Count} of {probes.Count} hostile requests were not answered with 4xx problem details:\n" +
                        string.Join("\n", failures) + "\n\n" + report);

        (await http.GetAsync("/health/ready", ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        await admin.CreateIcp();
        (await Snapshot(admin, icp, campaign, prospect)).ShouldBe(before, "a refused request changed what it named");
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(60));
    }

    /// <summary>What the barrage's real ids show: none of it may change, since every request was refused.</summary>
    private static async Task<string> Snapshot(ApiClient api, Guid icp, Guid campaign, Guid prospect)
    {
        var i = (await api.Get($"/api/v1/icps/{icp}")).ShouldHave(HttpStatusCode.OK).Json;
        var c = (await api.Get($"/api/v1/prospecting/campaigns/{campaign}")).ShouldHave(HttpStatusCode.OK).Json;
        var p = (await api.Get($"/api/v1/prospecting/prospects/{prospect}")).ShouldHave(HttpStatusCode.OK).Json;
        return $"icp v{i.GetProperty("version")} archived={i.GetProperty("archived")} {i.GetProperty("name")}; " +
               $"campaign {c.GetProperty("status")}; prospect lead={p.GetProperty("leadId")} events={p.GetProperty("history").GetArrayLength()}";
    }

    private static string? WhyNotAProblem(Outcome outcome)
    {
        if (outcome.Status is < 400 or > 499) return "not a 4xx";
        if (outcome.MediaType != "application/problem+json") return "not problem details";
        try
        {
            var json = JsonDocument.Parse(outcome.Body).RootElement;
            if (json.ValueKind != JsonValueKind.Object) return "problem is not an object";
            if (!json.TryGetProperty("status", out var status) || status.ValueKind != JsonValueKind.Number || status.GetInt32() != outcome.Status)
                return "no status, or not the response's";
            if (!json.TryGetProperty("title", out var title) || title.ValueKind != JsonValueKind.String || title.GetString() is not { Length: > 0 })
                return "no title";
            return null;
        }
        catch (JsonException)
        {
            return "problem is not JSON";
        }
    }

    private static string Shorten(string text, int length) => text.Length <= length ? text : text[..length] + "…";

    private static async Task<Outcome> Send(HttpClient http, Probe probe, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(probe.Method, new Uri(probe.Url, UriKind.Relative));
        if (probe.ApiKey is not null) request.Headers.TryAddWithoutValidation("X-Api-Key", probe.ApiKey);
        if (probe.Authorization is not null) request.Headers.TryAddWithoutValidation("Authorization", probe.Authorization);
        if (probe.Header is { } header) request.Headers.TryAddWithoutValidation(header.Key, header.Value);
        if (probe.Body is not null)
        {
            // A body of unknown length (chunked) must be limited while it is read, not from its Content-Length.
            HttpContent content = probe.Chunked ? new StreamContent(new UnsizedStream(probe.Body)) : new ByteArrayContent(probe.Body);
            if (probe.ContentType is not null) content.Headers.TryAddWithoutValidation("Content-Type", probe.ContentType);
            request.Content = content;
            if (probe.Chunked) request.Headers.TransferEncodingChunked = true;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        try
        {
            using var response = await http.SendAsync(request, timeout.Token);
            var body = await response.Content.ReadAsStringAsync(timeout.Token);
            return new Outcome(probe, (int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, body);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new Outcome(probe, 0, null, "no answer within 30 s");
        }
        // The in-memory server hands an exception the host did not handle to the client: that is a failure to report.
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return new Outcome(probe, 0, null, $"{e.GetType().Name}: {e.Message}");
        }
    }

    private sealed record Outcome(Probe Probe, int Status, string? MediaType, string Body);

    /// <summary>One request of the barrage. <see cref="ApiKey"/> null sends none.</summary>
    private sealed record Probe(
        string Kind, string What, HttpMethod Method, string Url, byte[]? Body, string? ContentType, string? ApiKey,
        bool Chunked = false, string? Authorization = null, KeyValuePair<string, string>? Header = null);

    private sealed record RealIds(Guid Icp, Guid Campaign, Guid Prospect);

    private enum Kind { Text, Uuid, Integer, Number, Boolean, DateTime, Array, Object }

    private sealed record Shape(Kind Kind, IReadOnlyList<KeyValuePair<string, Shape>> Properties, Shape? Items)
    {
        public static Shape Of(Kind kind) => new(kind, [], null);

        /// <summary>The shape an OpenAPI schema describes: references followed, a nullable alternative taken as the value's.</summary>
        public static Shape Read(JsonElement schema, JsonElement schemas, int depth = 0)
        {
            if (depth > 10) return Of(Kind.Object);
            if (schema.TryGetProperty("$ref", out var reference))
                return Read(schemas.GetProperty(reference.GetString()!.Split('/')[^1]), schemas, depth + 1);
            foreach (var combinator in new[] { "oneOf", "anyOf", "allOf" })
            {
                if (!schema.TryGetProperty(combinator, out var options)) continue;
                foreach (var option in options.EnumerateArray())
                    if (!IsNullOnly(option)) return Read(option, schemas, depth + 1);
            }

            var types = Types(schema);
            var format = schema.TryGetProperty("format", out var f) ? f.GetString() : null;
            if (types.Contains("object") || schema.TryGetProperty("properties", out _))
            {
                var properties = schema.TryGetProperty("properties", out var p)
                    ? p.EnumerateObject().Select(x => KeyValuePair.Create(x.Name, Read(x.Value, schemas, depth + 1))).ToList()
                    : [];
                return new Shape(Kind.Object, properties, null);
            }
            if (types.Contains("array"))
                return new Shape(Kind.Array, [], schema.TryGetProperty("items", out var items) ? Read(items, schemas, depth + 1) : Of(Kind.Text));
            if (types.Contains("integer")) return Of(Kind.Integer);
            if (types.Contains("number")) return Of(Kind.Number);
            if (types.Contains("boolean")) return Of(Kind.Boolean);
            return format switch
            {
                "uuid" => Of(Kind.Uuid),
                "date-time" or "date" => Of(Kind.DateTime),
                _ => Of(Kind.Text),
            };
        }

        private static bool IsNullOnly(JsonElement schema) => Types(schema) is ["null"];

        private static List<string> Types(JsonElement schema) => !schema.TryGetProperty("type", out var type)
            ? []
            : type.ValueKind == JsonValueKind.Array
                ? type.EnumerateArray().Select(t => t.GetString()!).ToList()
                : [type.GetString()!];
    }

    private sealed record Operation(
        string Id, HttpMethod Method, string Template, IReadOnlyList<KeyValuePair<string, Shape>> Query,
        IReadOnlyList<string> Headers, Shape? Body, bool BodyRequired)
    {
        public bool HasPathId => Template.Contains('{');

        public static List<Operation> ReadAll(JsonElement document)
        {
            var schemas = document.TryGetProperty("components", out var components) && components.TryGetProperty("schemas", out var s)
                ? s
                : default;
            var operations = new List<Operation>();
            foreach (var path in document.GetProperty("paths").EnumerateObject())
            {
                foreach (var entry in path.Value.EnumerateObject())
                {
                    if (entry.Name is "parameters" or "summary" or "description" or "servers") continue;
                    var operation = entry.Value;
                    var parameters = operation.TryGetProperty("parameters", out var p) ? p.EnumerateArray().ToList() : [];
                    var query = parameters.Where(x => x.GetProperty("in").GetString() == "query")
                        .Select(x => KeyValuePair.Create(x.GetProperty("name").GetString()!,
                            x.TryGetProperty("schema", out var schema) ? Shape.Read(schema, schemas) : Shape.Of(Kind.Text)))
                        .ToList();
                    var headers = parameters.Where(x => x.GetProperty("in").GetString() == "header")
                        .Select(x => x.GetProperty("name").GetString()!).ToList();
                    Shape? body = null;
                    var required = false;
                    if (operation.TryGetProperty("requestBody", out var requestBody))
                    {
                        required = requestBody.TryGetProperty("required", out var r) && r.ValueKind == JsonValueKind.True;
                        var json = requestBody.GetProperty("content").EnumerateObject().FirstOrDefault(c => c.Name.Contains("json"));
                        body = json.Value.ValueKind == JsonValueKind.Object && json.Value.TryGetProperty("schema", out var bodySchema)
                            ? Shape.Read(bodySchema, schemas)
                            : Shape.Of(Kind.Object);
                    }
                    var id = operation.TryGetProperty("operationId", out var operationId) ? operationId.GetString()! : $"{entry.Name} {path.Name}";
                    operations.Add(new Operation(id, new HttpMethod(entry.Name.ToUpperInvariant()), path.Name, query, headers, body, required));
                }
            }
            return operations;
        }
    }

    /// <summary>A place in a body where a value goes: a property, or the first item of a list.</summary>
    private sealed record Slot(string Name, string Path, IReadOnlyList<object> Segments, Shape Shape);

    /// <summary>Builds the barrage. Everything random comes from the one seeded <see cref="Random"/>, in a fixed order.</summary>
    private sealed class Barrage(Random rng, IReadOnlyList<Operation> operations, RealIds ids, string adminKey)
    {
        private const string Sql = "'; drop table x;--";
        private const string Script = "<script>alert(1)</script>";
        private const string Placeholder = "hostile-placeholder-5f1e";
        private const int TooLarge = 2 * 1024 * 1024 + 512 * 1024;
        private static readonly string Huge = new('A', 100_000);

        // Strings that only take values from a fixed vocabulary; a value outside it must be refused.
        private static readonly HashSet<string> Vocabularies = new(StringComparer.OrdinalIgnoreCase)
            { "fit", "kind", "platforms", "roles", "seniorities", "companySizes", "status", "stage", "groupBy" };
        private static readonly HashSet<string> Cursors = new(StringComparer.OrdinalIgnoreCase) { "cursor", "after" };

        private readonly List<Probe> probes = [];

        public List<Probe> Generate()
        {
            foreach (var operation in operations)
            {
                Authentication(operation);
                PathValues(operation);
                QueryValues(operation);
                HeaderValues(operation);
                if (operation.Body is not null) Bodies(operation, operation.Body);
            }
            MethodsNotAllowed();
            UnknownRoutes();
            return probes;
        }

        private void Add(string kind, string what, Operation operation, string url, byte[]? body = null,
            string? contentType = "application/json", bool keyless = false, string? key = null, bool chunked = false,
            string? authorization = null, HttpMethod? method = null, KeyValuePair<string, string>? header = null) =>
            probes.Add(new Probe(kind, what, method ?? operation.Method, url, body, body is null ? null : contentType,
                keyless ? null : key ?? adminKey, chunked, authorization, header));

        private Guid RandomId()
        {
            var bytes = new byte[16];
            rng.NextBytes(bytes);
            return new Guid(bytes);
        }

        private Guid RealId(string template)
        {
            var segments = template.Split('/');
            var at = Array.FindIndex(segments, s => s.StartsWith('{'));
            return (at > 0 ? segments[at - 1] : "") switch
            {
                "icps" => ids.Icp,
                "campaigns" => ids.Campaign,
                "prospects" or "subjects" => ids.Prospect,
                _ => RandomId(),
            };
        }

        /// <summary>The operation's URL with its path parameters set (already URL-encoded), and a query string.</summary>
        private string Url(Operation operation, string? pathValue = null, string? query = null)
        {
            var value = pathValue ?? RealId(operation.Template).ToString();
            var path = Regex.Replace(operation.Template, @"\{[^}]+\}", _ => value);
            return query is null ? path : $"{path}?{query}";
        }

        /// <summary>A body the endpoint would accept, so that the one mutation in it is what gets it refused.</summary>
        private JsonNode BaseBody(Operation operation, Shape shape) => operation.Id switch
        {
            "CreateIcp" or "UpdateIcp" => Node(new
            {
                name = "Hostile barrage",
                persona = "Engineers who build and run data pipelines and warehouses in the cloud with Python, SQL and Spark.",
                criteria = new
                {
                    titles = new[] { "Data Engineer" }, seniorities = new[] { "senior" }, industries = new[] { "Software" },
                    companySizes = new[] { "51-200" }, locations = new[] { "Berlin" }, skills = new[] { "Python" },
                },
                weights = new { semantic = 0.2, title = 0.5 },
            }),
            "MatchProfiles" => Node(new { profiles = new[] { new { externalId = "x-1", title = "Data Engineer", skills = new[] { "Python" } } } }),
            "RefineIcp" => Node(new { alpha = 1.0, beta = 0.75, gamma = 0.15 }),
            "StartCampaign" => Node(new { icpId = ids.Icp, platforms = new[] { "sample" }, maxProspects = 10, minMatchScore = 0.75, name = "hostile", budget = 5 }),
            "CancelCampaign" => Node(new { reason = "stop" }),
            "GiveFitFeedback" => Node(new { fit = "good", reason = "fits", campaignId = ids.Campaign }),
            "RecordObjection" => Node(new { kind = "objection", reason = "asked us" }),
            "AddSuppression" => Node(new { email = "someone@example.com", reason = "asked us" }),
            "IssueApiKey" => Node(new { name = "hostile", roles = new[] { "analyst" } }),
            "ReplayDeadLetters" => Node(new { ids = new[] { RandomId() } }),
            _ => Build(shape),
        };

        private static JsonNode Node(object value) => JsonSerializer.SerializeToNode(value)!;

        private JsonNode Build(Shape shape) => shape.Kind switch
        {
            Kind.Object => new JsonObject(shape.Properties.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)Build(p.Value)))),
            Kind.Array => new JsonArray(Build(shape.Items ?? Shape.Of(Kind.Text))),
            Kind.Uuid => JsonValue.Create(RandomId()),
            Kind.Integer => JsonValue.Create(1),
            Kind.Number => JsonValue.Create(0.5),
            Kind.Boolean => JsonValue.Create(false),
            Kind.DateTime => JsonValue.Create("2024-01-01T00:00:00Z")!,
            _ => JsonValue.Create("x")!,
        };

        private void Authentication(Operation operation)
        {
            var url = Url(operation);
            var body = operation.Body is { } shape ? Utf8(BaseBody(operation, shape).ToJsonString()) : null;
            Add("auth", "no API key", operation, url, body, keyless: true);
            Add("auth", "unknown API key", operation, url, body, key: $"test-key-{Tenant}-intruder");
            Add("auth", "SQL fragment as API key", operation, url, body, key: Sql);
            Add("auth", "10,000-character API key", operation, url, body, key: new string('k', 10_000));
            Add("auth", "bearer token that is not a JWT", operation, url, body, keyless: true, authorization: "Bearer not.a.jwt");
        }

        private void PathValues(Operation operation)
        {
            if (!operation.HasPathId) return;
            var real = RealId(operation.Template).ToString();
            var body = operation.Body is { } shape ? Utf8(BaseBody(operation, shape).ToJsonString()) : null;
            // No NUL (%00) in a path: neither server lets it reach the application. The in-memory client refuses to send
            // it, and Kestrel answers 400 itself while parsing the request line, before any middleware could write a problem.
            (string What, string Value)[] values =
            [
                ("not a GUID", "not-a-guid"), ("SQL fragment", Uri.EscapeDataString(Sql)), ("script fragment", Uri.EscapeDataString(Script)),
                ("control character", "%01"), ("invalid UTF-8", "%FF%FE%FD"), ("overlong UTF-8", "%C0%AF"), ("GUID and a character", real + "x"),
                ("truncated GUID", real[..^1]), ("GUID and a control character", real + "%1B"), ("1,000 digits", new string('9', 1_000)),
                ("negative number", "-1"), ("overflowing number", "9999999999999999999"), ("right-to-left override", "%E2%80%AE" + real),
                ("empty GUID", Guid.Empty.ToString()), ("unknown GUID", RandomId().ToString()),
            ];
            foreach (var (what, value) in values) Add("path id", what, operation, Url(operation, pathValue: value), body);
        }

        private void QueryValues(Operation operation)
        {
            foreach (var (name, shape) in operation.Query)
            {
                foreach (var (what, value) in QueryValuesFor(name, shape.Kind))
                    Add("query", $"{name}: {what}", operation, Url(operation, query: value.Contains('=') ? value : $"{name}={value}"));
            }
        }

        private static IEnumerable<(string What, string Value)> QueryValuesFor(string name, Kind kind)
        {
            var sql = Uri.EscapeDataString(Sql);
            var script = Uri.EscapeDataString(Script);
            switch (kind)
            {
                case Kind.Integer:
                    return [("negative", "-1"), ("zero", "0"), ("overflowing", "9999999999999999999"), ("1e400", "1e400"), ("fraction", "1.5"),
                        ("text", "ten"), ("NUL", "%00"), ("invalid UTF-8", "%FF%FE"), ("SQL fragment", sql),
                        ("repeated parameter", $"{name}=1&{name}=2")];
                case Kind.Number:
                    // No 9999999999999999999 here: it overflows no decimal, and only a range rule could refuse it.
                    return [("1e400", "1e400"), ("-1e400", "-1e400"), ("negative", "-1"), ("NaN", "NaN"), ("text", "ten"), ("NUL", "%00"),
                        ("SQL fragment", sql)];
                case Kind.Boolean:
                    return [("not a boolean", "maybe"), ("number", "2"), ("NUL", "%00"), ("SQL fragment", sql)];
                case Kind.DateTime:
                    return [("not a date", "yesterday"), ("month 13", "2024-13-45"), ("past the last instant", "9999-12-31T23:59:59-14:00"),
                        ("NUL", "%00"), ("SQL fragment", sql), ("1e400", "1e400"), ("invalid UTF-8", "%FF%FE")];
                case Kind.Uuid:
                    return [("not a GUID", "not-a-guid"), ("NUL", "%00"), ("SQL fragment", sql)];
            }
            if (Cursors.Contains(name))
                return [("not a cursor", "not-a-cursor!"), ("NUL", "%00"), ("invalid UTF-8", "%FF%FE"), ("SQL fragment", sql),
                    ("script fragment", script), ("100,000 characters", Huge), ("truncated base64 JSON", "eyJ")];
            if (Vocabularies.Contains(name))
                return [("unknown value", "galactic-overlord"), ("SQL fragment", sql), ("script fragment", script), ("NUL", "%00"),
                    ("invalid UTF-8", "%FF%FE"), ("100,000 characters", Huge)];
            if (name.Contains("email", StringComparison.OrdinalIgnoreCase))
                return [("not an email", "not-an-email"), ("SQL fragment", sql), ("script fragment", script), ("NUL in an email", "a%00b@example.com"),
                    ("invalid UTF-8", "%FF%FE"), ("100,000 characters", Huge + "@example.com")];
            return [("NUL", "a%00b"), ("control characters", "a%01%07%1B%7Fb"), ("100,000 characters", Huge)];
        }

        private void HeaderValues(Operation operation)
        {
            foreach (var name in operation.Headers)
            {
                var body = operation.Body is { } shape ? Utf8(BaseBody(operation, shape).ToJsonString()) : null;
                Add("header", $"{name}: 100,000 characters", operation, Url(operation), body, header: KeyValuePair.Create(name, Huge));
            }
        }

        private void Bodies(Operation operation, Shape shape)
        {
            var url = Url(operation);
            var baseNode = BaseBody(operation, shape);
            var text = baseNode.ToJsonString();
            var bytes = Utf8(text);

            for (var i = 0; i < 3; i++)
            {
                var cut = rng.Next(1, text.Length - 1);
                Add("body", $"JSON truncated after {cut} of {text.Length} characters", operation, url, Utf8(text[..cut]));
            }
            string[] invalid =
            [
                "{\"name\": }", "{name: \"x\"}", "{'name': 'x'}", "{\"a\": 1,}", "/* comment */ {}", "{\"a\": undefined}", "{\"a\" \"b\"}",
                "{{}}", "{\"a\": \"unterminated", "NaN", Sql, Script, "{\"a\": 01}", "{\"a\": .5}", "{\"a\": tru}",
            ];
            foreach (var json in invalid) Add("body", $"invalid JSON {Shorten(json, 30)}", operation, url, Utf8(json));
            string[] wrongType = ["[]", $"[{text}]", "\"text\"", "42", "true", "-1e400"];
            foreach (var json in wrongType) Add("body", $"JSON of the wrong type {Shorten(json, 30)}", operation, url, Utf8(json));
            if (operation.BodyRequired)
            {
                Add("body", "null instead of the body", operation, url, Utf8("null"));
                Add("body", "empty body", operation, url, []);
            }
            // Every property null is a legal request where all of them are optional: only sent where the id is unknown.
            var allNull = new JsonObject(shape.Properties.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)null))).ToJsonString();
            if (operation.BodyRequired) Add("body", "every property null", operation, url, Utf8(allNull));
            else if (operation.HasPathId) Add("body", "every property null, unknown id", operation, Url(operation, RandomId().ToString()), Utf8(allNull));

            Add("body", "arrays nested 10,000 deep", operation, url, Utf8(new string('[', 10_000) + new string(']', 10_000)));
            Add("body", "objects nested 10,000 deep", operation, url,
                Utf8(string.Concat(Enumerable.Repeat("{\"a\":", 10_000)) + "1" + new string('}', 10_000)));
            if (baseNode is JsonObject { Count: > 0 } baseObject)
            {
                var first = baseObject.First();
                Add("body", $"duplicate property {first.Key}", operation, url,
                    Utf8("{" + $"{JsonSerializer.Serialize(first.Key)}:{first.Value?.ToJsonString() ?? "null"}," + text[1..]));
            }
            Add("body", "invalid UTF-8 bytes", operation, url, [0xFF, 0xFE, 0xFD, 0x7B, 0x7D]);
            Add("body", "UTF-16 with a byte order mark", operation, url, [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(text)]);

            foreach (var contentType in new[] { "text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
                         "application/json; charset=nonsense", "application/json; charset=utf-16" })
                Add("content type", contentType, operation, url, bytes, contentType);
            Add("content type", "none", operation, url, bytes, contentType: null);

            var padded = Utf8(text + new string(' ', TooLarge));
            Add("size", "2.5 MB body (whitespace after the JSON)", operation, url, padded);
            Add("size", "2.5 MB body, chunked", operation, url, padded, chunked: true);
            Add("size", "2.5 MB body of a single array", operation, url, Utf8("[" + string.Join(',', Enumerable.Repeat("1", TooLarge / 2)) + "]"));

            var slots = Slots(shape, [], "").ToList();
            foreach (var slot in slots)
            {
                foreach (var (what, raw) in Refused(slot, baseNode))
                    Add("field", $"{slot.Path}: {what}", operation, url, Splice(baseNode, slot, raw));
                if (!operation.HasPathId) continue;
                var unknown = Url(operation, RandomId().ToString());
                foreach (var (what, raw) in HostileButLegal(slot))
                    Add("field, unknown id", $"{slot.Path}: {what}", operation, unknown, Splice(baseNode, slot, raw));
            }
            var huge = slots.FirstOrDefault(s => s.Shape.Kind == Kind.Text);
            if (huge is not null)
                Add("size", $"{huge.Path}: a 3 MB string", operation, url, Splice(baseNode, huge, Utf8(JsonSerializer.Serialize(new string('B', 3 * 1024 * 1024)))));
        }

        /// <summary>Values that make the body invalid whatever else it says.</summary>
        private IEnumerable<(string What, byte[] Raw)> Refused(Slot slot, JsonNode baseNode)
        {
            static (string, byte[]) J(string what, string json) => (what, Utf8(json));
            switch (slot.Shape.Kind)
            {
                case Kind.Text:
                    yield return J("number for a string", "123");
                    yield return J("boolean for a string", "true");
                    yield return J("object for a string", "{}");
                    yield return J("array for a string", "[]");
                    yield return J("100,000 characters", JsonSerializer.Serialize(Huge));
                    yield return J("NUL", "\"data\\u0000engineer\"");
                    yield return J("control characters", "\"\\u0001\\u0007\\u001b[31mred\\u007f\"");
                    yield return J("lone surrogate", "\"a\\ud800b\"");
                    yield return ("raw control byte", [0x22, 0x61, 0x01, 0x62, 0x22]);
                    yield return ("raw NUL byte", [0x22, 0x61, 0x00, 0x62, 0x22]);
                    yield return ("invalid UTF-8", [0x22, 0x61, 0xFF, 0xFE, 0x62, 0x22]);
                    yield return ("overlong UTF-8", [0x22, 0xC0, 0xAF, 0x22]);
                    yield return ("UTF-8 encoded surrogate", [0x22, 0xED, 0xA0, 0x80, 0x22]);
                    if (Vocabularies.Contains(slot.Name))
                    {
                        yield return J("unknown value", "\"galactic-overlord\"");
                        yield return J("SQL fragment", JsonSerializer.Serialize(Sql));
                        yield return J("script fragment", JsonSerializer.Serialize(Script));
                    }
                    break;
                case Kind.Uuid:
                    yield return J("not a GUID", "\"not-a-guid\"");
                    yield return J("SQL fragment", JsonSerializer.Serialize(Sql));
                    yield return J("script fragment", JsonSerializer.Serialize(Script));
                    yield return J("number", "123");
                    yield return J("empty string", "\"\"");
                    yield return J("GUID and a character", $"\"{RandomId()}x\"");
                    yield return J("NUL", "\"\\u0000\"");
                    break;
                case Kind.Integer:
                    yield return J("text", "\"ten\"");
                    yield return J("boolean", "true");
                    yield return J("object", "{}");
                    yield return J("fraction", "1.5");
                    yield return J("negative", "-1");
                    yield return J("zero", "0");
                    yield return J("overflowing", "9999999999999999999");
                    yield return J("1e400", "1e400");
                    yield return J("negative overflowing", "-9999999999999999999");
                    yield return J("SQL fragment", JsonSerializer.Serialize(Sql));
                    break;
                case Kind.Number:
                    yield return J("text", "\"ten\"");
                    yield return J("boolean", "true");
                    yield return J("array", "[]");
                    yield return J("negative", "-1");
                    yield return J("1e400", "1e400");
                    yield return J("-1e400", "-1e400");
                    yield return J("overflowing", "9999999999999999999");
                    yield return J("NaN as a string", "\"NaN\"");
                    yield return J("Infinity as a string", "\"Infinity\"");
                    yield return J("SQL fragment", JsonSerializer.Serialize(Sql));
                    break;
                case Kind.Boolean:
                    yield return J("text", "\"maybe\"");
                    yield return J("number", "2");
                    yield return J("SQL fragment", JsonSerializer.Serialize(Sql));
                    break;
                case Kind.DateTime:
                    yield return J("not a date", "\"yesterday\"");
                    yield return J("number", "12");
                    yield return J("month 13", "\"2024-13-45T00:00:00Z\"");
                    yield return J("SQL fragment", JsonSerializer.Serialize(Sql));
                    break;
                case Kind.Array:
                    yield return J("string for a list", "\"x\"");
                    yield return J("object for a list", "{}");
                    yield return J("number for a list", "1");
                    yield return J("SQL fragment", JsonSerializer.Serialize(Sql));
                    yield return J("null item", "[null]");
                    yield return J("nested lists", "[[[]]]");
                    // The list the endpoint would accept, 10,001 times over: lists must be bounded.
                    var item = Get(baseNode, slot.Segments) is JsonArray { Count: > 0 } list ? list[0]!.ToJsonString()
                        : Build(slot.Shape.Items ?? Shape.Of(Kind.Text)).ToJsonString();
                    yield return J("10,001 items", "[" + string.Join(',', Enumerable.Repeat(item, 10_001)) + "]");
                    break;
                case Kind.Object:
                    yield return J("string for an object", "\"x\"");
                    yield return J("list for an object", "[]");
                    yield return J("number for an object", "1");
                    yield return J("SQL fragment", JsonSerializer.Serialize(Sql));
                    yield return J("nested 10,000 deep", string.Concat(Enumerable.Repeat("{\"a\":", 10_000)) + "1" + new string('}', 10_000));
                    break;
            }
        }

        /// <summary>Values a valid request may carry, sent where the id is unknown: they must pass through harmlessly.</summary>
        private static IEnumerable<(string What, byte[] Raw)> HostileButLegal(Slot slot)
        {
            yield return ("null", Utf8("null"));
            if (slot.Shape.Kind != Kind.Text) yield break;
            yield return ("SQL fragment", Utf8(JsonSerializer.Serialize(Sql)));
            yield return ("script fragment", Utf8(JsonSerializer.Serialize(Script)));
            yield return ("right-to-left override", Utf8("\"\\u202egnp.exe\""));
            yield return ("empty string", Utf8("\"\""));
        }

        private void MethodsNotAllowed()
        {
            HttpMethod[] methods = [HttpMethod.Get, HttpMethod.Post, HttpMethod.Put, HttpMethod.Delete, HttpMethod.Patch];
            foreach (var template in operations.GroupBy(o => o.Template))
            {
                foreach (var method in methods.Where(m => template.All(o => o.Method != m)))
                    Add("method", $"{method} not mapped", template.First(), Url(template.First()), method: method);
            }
        }

        private void UnknownRoutes()
        {
            var any = operations[0];
            string[] routes =
            [
                "/api/v1/nope", "/api/v2/icps", $"/api/v1/icps/{ids.Icp}/nope", $"/api/v1/icps/{ids.Icp}/versions/1/extra", "/api/v1/%7F",
                "/api/v1/" + Uri.EscapeDataString(Script), "/api/v1/icps/" + Uri.EscapeDataString(Sql) + "/match", "/api/v1/%FF%FE",
                "/api/v1/prospecting", "/api/v1/" + new string('a', 5_000),
            ];
            foreach (var route in routes)
            {
                Add("route", "unknown", any, route, method: HttpMethod.Get);
                Add("route", "unknown", any, route, Utf8("{}"), method: HttpMethod.Post);
            }
        }

        private static IEnumerable<Slot> Slots(Shape shape, IReadOnlyList<object> segments, string path)
        {
            if (shape.Kind == Kind.Object)
            {
                foreach (var (name, child) in shape.Properties)
                {
                    var inner = segments.Append(name).ToList();
                    var innerPath = path.Length == 0 ? name : $"{path}.{name}";
                    yield return new Slot(name, innerPath, inner, child);
                    foreach (var slot in Slots(child, inner, innerPath)) yield return slot;
                }
            }
            else if (shape is { Kind: Kind.Array, Items: { } items })
            {
                var inner = segments.Append(0).ToList();
                // An item of a vocabulary list is checked against the vocabulary, so it keeps the list's name.
                var name = segments.Count > 0 && segments[^1] is string n ? n : "item";
                yield return new Slot(name, $"{path}[0]", inner, items);
                foreach (var slot in Slots(items, inner, $"{path}[0]")) yield return slot;
            }
        }

        /// <summary>The base body with the raw bytes at the slot (parents made as needed), so values JSON cannot hold fit.</summary>
        private static byte[] Splice(JsonNode baseNode, Slot slot, byte[] raw)
        {
            var root = baseNode.DeepClone();
            var parent = root;
            for (var i = 0; i < slot.Segments.Count - 1; i++)
            {
                var next = Child(parent, slot.Segments[i]);
                if (next is null)
                {
                    next = slot.Segments[i + 1] is int ? new JsonArray() : new JsonObject();
                    Assign(parent, slot.Segments[i], next);
                }
                parent = next;
            }
            Assign(parent, slot.Segments[^1], JsonValue.Create(Placeholder));
            var text = root.ToJsonString();
            var at = text.IndexOf($"\"{Placeholder}\"", StringComparison.Ordinal);
            return [.. Utf8(text[..at]), .. raw, .. Utf8(text[(at + Placeholder.Length + 2)..])];
        }

        private static JsonNode? Get(JsonNode root, IReadOnlyList<object> segments)
        {
            JsonNode? node = root;
            foreach (var segment in segments)
                node = node is null ? null : Child(node, segment);
            return node;
        }

        private static JsonNode? Child(JsonNode parent, object segment) => segment switch
        {
            string name when parent is JsonObject o && o.TryGetPropertyValue(name, out var value) => value,
            int index when parent is JsonArray a && a.Count > index => a[index],
            _ => null,
        };

        private static void Assign(JsonNode parent, object segment, JsonNode? value)
        {
            if (segment is string name)
            {
                parent.AsObject()[name] = value;
                return;
            }
            var list = parent.AsArray();
            if (list.Count == 0) list.Add(value);
            else list[0] = value;
        }

        private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
    }

    /// <summary>A body whose length the client cannot know up front, as a streamed upload: sent chunked.</summary>
    private sealed class UnsizedStream(byte[] bytes) : Stream
    {
        private readonly MemoryStream inner = new(bytes, writable: false);
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw ForwardOnly();
        public override long Position { get => throw ForwardOnly(); set => throw ForwardOnly(); }
        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw ForwardOnly();
        public override void SetLength(long value) => throw ForwardOnly();
        public override void Write(byte[] buffer, int offset, int count) => throw ForwardOnly();

        private static NotSupportedException ForwardOnly() =>
            new("A streamed upload is read once, from start to end: it has no length or position and cannot be written.");
    }
}
