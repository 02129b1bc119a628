using System.Diagnostics;
using LeadGen.Application.Ports;
using LeadGen.Infrastructure.Embeddings;
using Microsoft.Extensions.AI;
using WireMock;

namespace LeadGen.Providers.Tests.Embeddings;

/// <summary>
/// What every adapter of the OpenAI embeddings API must do, over real HTTP against <see cref="EmbeddingApiFake"/>: the
/// same facts run for OpenAI and for Azure OpenAI, each subclass saying how its provider is reached and authenticated.
/// </summary>
public abstract class EmbeddingApiContract : IDisposable
{
    protected const string Ada = "Ada Lovelace, Chief Technology Officer at Acme Analytics. Skills: Apache Spark, Python.";

    private static readonly string[] Profiles =
    [
        Ada,
        "Data Engineer. Skills: Apache Spark, Python.",
        "Data Architect.",
    ];

    private readonly List<EmbeddingApiFake> fakes = [];

    protected EmbeddingApiContract() => Fake = Start();

    protected EmbeddingApiFake Fake { get; }

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The model name the provider's requests carry: OpenAI's model, or Azure's deployment.</summary>
    protected abstract string RequestModel { get; }

    protected abstract EmbeddingApiFake StartFake(IReadOnlyDictionary<string, string?>? overrides);

    /// <summary>Asserts that the request carries the key the way the provider documents it, and nowhere else.</summary>
    protected abstract void ShouldBeAuthenticated(IRequestMessage request);

    public void Dispose()
    {
        foreach (var fake in fakes) fake.Dispose();
        GC.SuppressFinalize(this);
    }

    protected EmbeddingApiFake Start(IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var fake = StartFake(overrides);
        fakes.Add(fake);
        return fake;
    }

    [Fact]
    public async Task Embeds_a_batch_in_input_order_reporting_the_tokens_used_and_sending_the_configured_dimensions()
    {
        using var sized = Start(new Dictionary<string, string?> { ["Dimensions"] = "8", ["Model"] = "text-embedding-3-small" });
        sized.Answers();

        var embeddings = await sized.Api.GenerateAsync(Profiles, cancellationToken: Ct);

        embeddings.Select(e => e.Vector.ToArray()).ShouldBe(Profiles.Select(p => EmbeddingApiFake.VectorOf(p, 8)));
        embeddings.Usage.ShouldNotBeNull();
        embeddings.Usage.InputTokenCount.ShouldBe(Profiles.Sum(EmbeddingApiFake.TokensOf));
        embeddings.Usage.TotalTokenCount.ShouldBe(Profiles.Sum(EmbeddingApiFake.TokensOf));
        sized.Api.GetService<EmbeddingGeneratorMetadata>()!.DefaultModelId.ShouldBe("text-embedding-3-small@8");

        var request = sized.Requests.ShouldHaveSingleItem();
        ShouldBeAuthenticated(request);
        EmbeddingApiFake.InputsOf(request).ShouldBe(Profiles);
        var body = EmbeddingApiFake.BodyOf(request);
        body["model"]!.GetValue<string>().ShouldBe(RequestModel);
        body["dimensions"]!.GetValue<int>().ShouldBe(8);
    }

    [Fact]
    public async Task Leaves_dimensions_to_the_model_when_none_are_configured()
    {
        Fake.Answers();

        var embeddings = await Fake.Api.GenerateAsync(Profiles, cancellationToken: Ct);

        embeddings.ShouldAllBe(e => e.Vector.Length == 3);
        EmbeddingApiFake.BodyOf(Fake.Requests.ShouldHaveSingleItem()).ContainsKey("dimensions").ShouldBeFalse();
    }

    [Fact]
    public async Task Splits_more_inputs_than_one_request_may_carry_and_keeps_their_order()
    {
        Fake.Answers();
        var texts = Enumerable.Range(0, 2_100).Select(i => $"Profile {i}: Data Engineer. Skills: Python.").ToList();

        var embeddings = await Fake.Api.GenerateAsync(texts, cancellationToken: Ct);

        embeddings.Select(e => e.Vector.ToArray()).ShouldBe(texts.Select(t => EmbeddingApiFake.VectorOf(t, 3)));
        Fake.Requests.Select(r => EmbeddingApiFake.InputsOf(r).Length).ShouldBe([2_048, 52]);
        embeddings.Usage!.InputTokenCount.ShouldBe(texts.Sum(EmbeddingApiFake.TokensOf));
    }

    [Fact]
    public async Task Splits_inputs_whose_tokens_together_exceed_what_one_request_may_carry()
    {
        Fake.Answers();
        // About 6,700 estimated tokens each: 44 fit under the 300,000-token cap of a request.
        var texts = Enumerable.Range(0, 60).Select(i => $"{i:D3}" + new string('x', 20_000)).ToList();

        var embeddings = await Fake.Api.GenerateAsync(texts, cancellationToken: Ct);

        embeddings.Count.ShouldBe(60);
        embeddings[59].Vector.ToArray().ShouldBe(EmbeddingApiFake.VectorOf(texts[59], 3));
        var requests = Fake.Requests;
        requests.Count.ShouldBe(2);
        requests.ShouldAllBe(r => EmbeddingApiFake.InputsOf(r).Sum(EmbeddingRequests.EstimateTokens) <= EmbeddingRequests.MaxTokensPerRequest);
    }

    [Fact]
    public async Task Cuts_a_text_longer_than_one_input_may_be_rather_than_failing()
    {
        Fake.Answers();
        var huge = new string('y', 100_000);

        await Fake.Api.GenerateAsync([huge], cancellationToken: Ct);

        var sent = EmbeddingApiFake.InputsOf(Fake.Requests.ShouldHaveSingleItem()).ShouldHaveSingleItem();
        huge.ShouldStartWith(sent);
        EmbeddingRequests.EstimateTokens(sent).ShouldBeLessThanOrEqualTo(EmbeddingRequests.MaxTokensPerInput);
    }

    [Fact]
    public async Task Refuses_an_empty_text_before_sending_anything()
    {
        Fake.Answers();

        await Should.ThrowAsync<ArgumentException>(() => Fake.Api.GenerateAsync(["Data Engineer.", ""], cancellationToken: Ct));

        Fake.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_rejected_key_is_a_permanent_failure_without_retries_that_names_neither_key_nor_text()
    {
        Fake.Server.Given(Fake.Endpoint()).RespondWith(EmbeddingApiFake.Error(401, "invalid_request_error", "invalid_api_key",
            $"Incorrect API key provided: {Fake.Key}. You can find your API key at https://platform.openai.com/account/api-keys."));

        var failure = await Should.ThrowAsync<ProviderFailure>(() => Fake.Api.GenerateAsync([Ada], cancellationToken: Ct));

        failure.Kind.ShouldBe(ProviderFailureKind.Permanent);
        failure.Provider.ShouldBe(Fake.Provider);
        Fake.Requests.Count.ShouldBe(1);
        foreach (var secret in new[] { Fake.Key, "Lovelace", "Acme" })
        {
            failure.ToString().ShouldNotContain(secret, Case.Insensitive);
        }
    }

    [Fact]
    public async Task Waits_out_Retry_After_on_429_then_succeeds()
    {
        Fake.Server.Given(Fake.Endpoint()).InScenario("throttled").WillSetStateTo("served")
            .RespondWith(EmbeddingApiFake.Error(429, "requests", "rate_limit_exceeded", "Rate limit reached for requests.")
                .WithHeader("Retry-After", "1"));
        Fake.Server.Given(Fake.Endpoint()).InScenario("throttled").WhenStateIs("served").RespondWith(EmbeddingApiFake.Answer());

        var embeddings = await Fake.Api.GenerateAsync([Ada], cancellationToken: Ct);

        embeddings.ShouldHaveSingleItem().Vector.ToArray().ShouldBe(EmbeddingApiFake.VectorOf(Ada, 3));
        var attempts = Fake.Requests;
        attempts.Count.ShouldBe(2);
        // The backoff alone would have retried after ~10 ms: the second attempt waited for the header's second.
        (attempts[1].DateTime - attempts[0].DateTime).ShouldBeGreaterThan(TimeSpan.FromMilliseconds(900));
    }

    [Fact]
    public async Task Being_throttled_past_the_retries_is_a_rate_limited_failure_carrying_Retry_After()
    {
        using var strict = Start(new Dictionary<string, string?> { ["Retry:MaxRetries"] = "1" });
        strict.Server.Given(strict.Endpoint())
            .RespondWith(EmbeddingApiFake.Error(429, "requests", "rate_limit_exceeded", "Rate limit reached for requests.")
                .WithHeader("Retry-After", "1"));

        var failure = await Should.ThrowAsync<ProviderFailure>(() => strict.Api.GenerateAsync([Ada], cancellationToken: Ct));

        failure.Kind.ShouldBe(ProviderFailureKind.RateLimited);
        failure.RetryAfter.ShouldBe(TimeSpan.FromSeconds(1));
        strict.Requests.Count.ShouldBe(2);
    }

    [Fact]
    public async Task Retries_a_server_error_then_succeeds()
    {
        Fake.Server.Given(Fake.Endpoint()).InScenario("flaky").WillSetStateTo("up")
            .RespondWith(EmbeddingApiFake.Error(500, "server_error", "server_error", "The server had an error while processing your request."));
        Fake.Server.Given(Fake.Endpoint()).InScenario("flaky").WhenStateIs("up").RespondWith(EmbeddingApiFake.Answer());

        var embeddings = await Fake.Api.GenerateAsync([Ada], cancellationToken: Ct);

        embeddings.ShouldHaveSingleItem().Vector.ToArray().ShouldBe(EmbeddingApiFake.VectorOf(Ada, 3));
        Fake.Requests.Count.ShouldBe(2);
    }

    [Fact]
    public async Task An_attempt_slower_than_the_timeout_is_cut_and_retried()
    {
        using var impatient = Start(new Dictionary<string, string?> { ["TimeoutSeconds"] = "0.5" });
        impatient.Server.Given(impatient.Endpoint()).InScenario("slow").WillSetStateTo("fast")
            .RespondWith(EmbeddingApiFake.Answer().WithDelay(TimeSpan.FromSeconds(3)));
        impatient.Server.Given(impatient.Endpoint()).InScenario("slow").WhenStateIs("fast").RespondWith(EmbeddingApiFake.Answer());
        var clock = Stopwatch.StartNew();

        var embeddings = await impatient.Api.GenerateAsync([Ada], cancellationToken: Ct);

        embeddings.ShouldHaveSingleItem().Vector.ToArray().ShouldBe(EmbeddingApiFake.VectorOf(Ada, 3));
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(2.5));
    }

    [Fact]
    public async Task A_provider_slower_than_the_timeout_every_time_is_a_transient_failure()
    {
        using var impatient = Start(new Dictionary<string, string?> { ["TimeoutSeconds"] = "0.2", ["TotalTimeoutSeconds"] = "1" });
        impatient.Server.Given(impatient.Endpoint()).RespondWith(EmbeddingApiFake.Answer().WithDelay(TimeSpan.FromSeconds(3)));
        var clock = Stopwatch.StartNew();

        var failure = await Should.ThrowAsync<ProviderFailure>(() => impatient.Api.GenerateAsync([Ada], cancellationToken: Ct));

        failure.Kind.ShouldBe(ProviderFailureKind.Transient);
        failure.Reason.ShouldContain("timed out");
        // Each attempt was cut at 0.2 s and retried until the 1 s total ran out, long before the fake's 3 s answer.
        clock.Elapsed.ShouldBeGreaterThan(TimeSpan.FromSeconds(0.7));
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(2.5));
    }

    [Fact]
    public async Task Nothing_logged_carries_the_key_or_the_texts()
    {
        Fake.Answers();
        // Through the cache too, whose database is unreachable here: its warning is logged as well.
        await Fake.Generator.GenerateAsync([Ada], cancellationToken: Ct);
        Fake.Server.ResetMappings();
        Fake.Server.Given(Fake.Endpoint()).RespondWith(EmbeddingApiFake.Error(401, "invalid_request_error", "invalid_api_key",
            $"Incorrect API key provided: {Fake.Key}."));
        await Should.ThrowAsync<ProviderFailure>(() => Fake.Api.GenerateAsync(["Grace Hopper, Rear Admiral."], cancellationToken: Ct));

        Fake.Logs.Lines.ShouldContain(line => line.Contains("embedding cache could not", StringComparison.Ordinal));

        Fake.Logs.Lines.ShouldNotContain(line => line.StartsWith($"System.Net.Http.HttpClient.{Fake.Provider}", StringComparison.Ordinal));
        foreach (var line in Fake.Logs.Lines)
        {
            foreach (var secret in new[] { Fake.Key, "Lovelace", "Acme", "Grace Hopper" })
            {
                line.ShouldNotContain(secret, Case.Insensitive);
            }
        }
    }
}

public sealed class OpenAIEmbeddingsTests : EmbeddingApiContract
{
    protected override string RequestModel => OpenAIEmbeddings.DefaultModel;

    protected override EmbeddingApiFake StartFake(IReadOnlyDictionary<string, string?>? overrides) => EmbeddingApiFake.OpenAI(overrides);

    protected override void ShouldBeAuthenticated(IRequestMessage request)
    {
        request.Headers!["Authorization"].ShouldBe([$"Bearer {EmbeddingApiFake.OpenAIKey}"]);
        request.Headers.ContainsKey("api-key").ShouldBeFalse();
        request.Url.ShouldNotContain(EmbeddingApiFake.OpenAIKey);
    }

    [Fact]
    public void Names_its_vectors_after_the_configured_model()
    {
        using var large = Start(new Dictionary<string, string?> { ["Model"] = "text-embedding-3-large" });

        large.Api.GetService<EmbeddingGeneratorMetadata>()!.DefaultModelId.ShouldBe("text-embedding-3-large");
        Fake.Api.GetService<EmbeddingGeneratorMetadata>()!.DefaultModelId.ShouldBe("text-embedding-3-small");
    }
}

public sealed class AzureOpenAIEmbeddingsTests : EmbeddingApiContract
{
    protected override string RequestModel => EmbeddingApiFake.AzureDeployment;

    protected override EmbeddingApiFake StartFake(IReadOnlyDictionary<string, string?>? overrides) => EmbeddingApiFake.Azure(overrides);

    protected override void ShouldBeAuthenticated(IRequestMessage request)
    {
        request.Headers!["api-key"].ShouldBe([EmbeddingApiFake.AzureKey]);
        request.Headers.ContainsKey("Authorization").ShouldBeFalse();
        request.Url.ShouldNotContain(EmbeddingApiFake.AzureKey);
    }

    [Fact]
    public async Task Calls_the_deployment_with_the_configured_api_version()
    {
        using var older = Start(new Dictionary<string, string?> { ["ApiVersion"] = "2024-06-01" });
        older.Answers();

        await older.Api.GenerateAsync([Ada], cancellationToken: Ct);

        older.Requests.ShouldHaveSingleItem().Query!["api-version"].ShouldBe(["2024-06-01"]);
        Fake.Answers();
        await Fake.Api.GenerateAsync([Ada], cancellationToken: Ct);
        Fake.Requests.ShouldHaveSingleItem().Query!["api-version"].ShouldBe([AzureOpenAIEmbeddings.DefaultApiVersion]);
    }

    [Fact]
    public void Names_its_vectors_after_the_model_the_deployment_serves_or_else_the_deployment()
    {
        using var named = Start(new Dictionary<string, string?> { ["Model"] = "text-embedding-3-small" });

        named.Api.GetService<EmbeddingGeneratorMetadata>()!.DefaultModelId.ShouldBe("text-embedding-3-small");
        Fake.Api.GetService<EmbeddingGeneratorMetadata>()!.DefaultModelId.ShouldBe(EmbeddingApiFake.AzureDeployment);
    }
}
