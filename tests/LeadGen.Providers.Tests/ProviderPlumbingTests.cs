using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Threading.RateLimiting;
using LeadGen.Application.Ports;
using LeadGen.Infrastructure.Enrichment;
using LeadGen.Infrastructure.Enrichment.Clearbit;
using LeadGen.Infrastructure.Enrichment.Hunter;
using LeadGen.Infrastructure.Enrichment.ZoomInfo;
using LeadGen.Infrastructure.Providers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Polly.CircuitBreaker;
using Polly.RateLimiting;
using Polly.Timeout;
using WireMock.RequestBuilders;

namespace LeadGen.Providers.Tests;

/// <summary>The shared pieces every adapter stands on: failure mapping, the rate limiter, the circuit breaker, the
/// registration that only wires providers with credentials.</summary>
public sealed class ProviderPlumbingTests
{
    private static readonly ProviderProfile Standard = new("clearbit");
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(400, ProviderFailureKind.Permanent)]
    [InlineData(401, ProviderFailureKind.Permanent)]
    [InlineData(403, ProviderFailureKind.Permanent)]
    [InlineData(404, ProviderFailureKind.Permanent)]
    [InlineData(422, ProviderFailureKind.Permanent)]
    [InlineData(408, ProviderFailureKind.Transient)]
    [InlineData(429, ProviderFailureKind.RateLimited)]
    [InlineData(500, ProviderFailureKind.Transient)]
    [InlineData(502, ProviderFailureKind.Transient)]
    [InlineData(503, ProviderFailureKind.Transient)]
    [InlineData(504, ProviderFailureKind.Transient)]
    public void Maps_a_final_status_to_the_failure_kind_the_pipeline_acts_on(int status, ProviderFailureKind kind)
    {
        using var response = Answer(status);

        var failure = ProviderFailures.FromResponse(Standard, "company-find", response, TimeProvider.System);

        failure.Kind.ShouldBe(kind);
        failure.Provider.ShouldBe("clearbit");
        failure.Reason.ShouldContain(status.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void A_providers_own_throttle_status_is_rate_limited_for_it_only()
    {
        using var forbidden = Answer(403);

        ProviderFailures.FromResponse(HunterEmailEnrichment.Profile, "email-finder", forbidden, TimeProvider.System)
            .Kind.ShouldBe(ProviderFailureKind.RateLimited);
        ProviderFailures.FromResponse(Standard, "company-find", forbidden, TimeProvider.System)
            .Kind.ShouldBe(ProviderFailureKind.Permanent);
    }

    [Fact]
    public void Retry_After_is_read_as_seconds_or_as_a_date()
    {
        using var inSeconds = Answer(429);
        inSeconds.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(7));
        using var asDate = Answer(503);
        asDate.Headers.RetryAfter = new RetryConditionHeaderValue(DateTimeOffset.UtcNow.AddMinutes(2));

        ProviderFailures.FromResponse(Standard, "company-find", inSeconds, TimeProvider.System).RetryAfter.ShouldBe(TimeSpan.FromSeconds(7));
        ProviderFailures.FromResponse(Standard, "company-find", asDate, TimeProvider.System).RetryAfter
            .ShouldNotBeNull().ShouldBeInRange(TimeSpan.FromSeconds(100), TimeSpan.FromSeconds(120));
    }

    [Fact]
    public void The_failure_never_repeats_the_request_url_or_the_answer_body()
    {
        using var response = Answer(422);
        response.RequestMessage = new HttpRequestMessage(HttpMethod.Get,
            "https://api.hunter.io/v2/email-finder?domain=acme.example&first_name=Ada&last_name=Lovelace&api_key=secret-key");
        response.Content = new StringContent("""{"errors":[{"id":"wrong_params","details":"Ada Lovelace at acme.example is invalid"}]}""");

        var failure = ProviderFailures.FromResponse(HunterEmailEnrichment.Profile, "email-finder", response, TimeProvider.System);

        foreach (var secret in new[] { "acme", "Ada", "Lovelace", "secret-key", "api_key", "?" })
        {
            failure.Message.ShouldNotContain(secret, Case.Insensitive);
        }
    }

    [Fact]
    public void Maps_what_the_pipeline_throws_when_it_gives_up()
    {
        ProviderFailures.FromException(Standard, "op", new TimeoutRejectedException(), Ct)!.Kind.ShouldBe(ProviderFailureKind.Transient);
        ProviderFailures.FromException(Standard, "op", new BrokenCircuitException(), Ct)!.Kind.ShouldBe(ProviderFailureKind.Transient);
        ProviderFailures.FromException(Standard, "op", new HttpRequestException("connection refused"), Ct)!.Kind.ShouldBe(ProviderFailureKind.Transient);
        var refused = ProviderFailures.FromException(Standard, "op", new RateLimiterRejectedException(TimeSpan.FromSeconds(2)), Ct)!;
        refused.Kind.ShouldBe(ProviderFailureKind.RateLimited);
        refused.RetryAfter.ShouldBe(TimeSpan.FromSeconds(2));
    }

    [Fact]
    public void The_callers_own_cancellation_is_not_a_provider_failure()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        ProviderFailures.FromException(Standard, "op", new OperationCanceledException(cancelled.Token), cancelled.Token).ShouldBeNull();
        ProviderFailures.FromException(Standard, "op", new InvalidOperationException("a bug"), Ct).ShouldBeNull();
    }

    [Fact]
    public async Task The_limiter_grants_no_more_than_its_limit_in_any_one_second_window()
    {
        using var limiter = ProviderRateLimiter.Create(new ProviderRateLimitOptions { PermitsPerSecond = 4, QueueLimit = 100 });
        var clock = Stopwatch.StartNew();

        var grantedAt = await Task.WhenAll(Enumerable.Range(0, 16).Select(async _ =>
        {
            using var lease = await limiter.AcquireAsync(1, Ct);
            lease.IsAcquired.ShouldBeTrue();
            return clock.Elapsed;
        }));

        var times = grantedAt.Order().ToArray();
        for (var i = 0; i < times.Length; i++)
        {
            times.Count(t => t >= times[i] && t - times[i] < TimeSpan.FromSeconds(1)).ShouldBeLessThanOrEqualTo(4);
        }

        times[^1].ShouldBeGreaterThan(TimeSpan.FromSeconds(3));
    }

    [Fact]
    public async Task A_full_queue_refuses_at_once_as_rate_limited()
    {
        using var fake = ProviderFake.Start("clearbit", new Dictionary<string, string?>
        {
            ["ApiKey"] = "k",
            ["RateLimit:PermitsPerSecond"] = "1",
            ["RateLimit:QueueLimit"] = "0",
        });
        fake.Server.Given(Request.Create().WithPath("/v2/companies/find").UsingGet())
            .RespondWith(ProviderFake.Json(404, """{"error":{"type":"unknown_record","message":"Unknown domain"}}"""));
        var clearbit = fake.Get<ClearbitCompanyEnrichment>();

        await clearbit.FindCompanyAsync(new CompanyQuery("A", "a.example"), Ct);
        var failure = await Should.ThrowAsync<ProviderFailure>(() => clearbit.FindCompanyAsync(new CompanyQuery("B", "b.example"), Ct));

        failure.Kind.ShouldBe(ProviderFailureKind.RateLimited);
        fake.Received("/v2/companies/find").Count.ShouldBe(1);
    }

    [Fact]
    public async Task The_circuit_opens_after_repeated_failures_and_stops_calling_the_provider()
    {
        using var fake = ProviderFake.Start("clearbit", new Dictionary<string, string?>
        {
            ["ApiKey"] = "k",
            ["Retry:MaxRetries"] = "0",
            ["CircuitBreaker:MinimumThroughput"] = "3",
            ["CircuitBreaker:FailureRatio"] = "0.5",
            ["CircuitBreaker:SamplingDurationSeconds"] = "10",
            ["CircuitBreaker:BreakDurationSeconds"] = "10",
        });
        fake.Server.Given(Request.Create().WithPath("/v2/companies/find").UsingGet())
            .RespondWith(ProviderFake.Json(500, """{"error":{"type":"server_error","message":"Internal error"}}"""));
        var clearbit = fake.Get<ClearbitCompanyEnrichment>();
        var failures = new List<ProviderFailure>();

        for (var i = 0; i < 6; i++)
        {
            failures.Add(await Should.ThrowAsync<ProviderFailure>(() => clearbit.FindCompanyAsync(new CompanyQuery("A", "a.example"), Ct)));
        }

        failures.ShouldAllBe(f => f.Kind == ProviderFailureKind.Transient);
        fake.Received("/v2/companies/find").Count.ShouldBe(3);
        failures[^1].Reason.ShouldContain("circuit open");
    }

    [Fact]
    public void Without_credentials_no_paid_provider_is_registered()
    {
        using var services = new ServiceCollection()
            .AddEnrichmentProviders(Configuration(new Dictionary<string, string?>
            {
                ["Providers:hunter:BaseUrl"] = "http://localhost:1",
                ["Providers:zoominfo:Username"] = "only-a-username",
            }))
            .BuildServiceProvider();

        services.GetServices<IEmailEnrichmentProvider>().ShouldBeEmpty();
        services.GetServices<ICompanyEnrichmentProvider>().ShouldBeEmpty();
    }

    [Fact]
    public void Each_provider_with_credentials_is_registered_under_its_waterfall_name()
    {
        using var services = new ServiceCollection()
            .AddEnrichmentProviders(Configuration(new Dictionary<string, string?>
            {
                ["Providers:Hunter:ApiKey"] = "h",
                ["Providers:Clearbit:ApiKey"] = "c",
                ["Providers:ZoomInfo:Username"] = "u",
                ["Providers:ZoomInfo:Password"] = "p",
            }))
            .BuildServiceProvider();

        services.GetServices<IEmailEnrichmentProvider>().Select(p => p.Name).ShouldBe(["hunter", "zoominfo"], ignoreOrder: true);
        services.GetServices<ICompanyEnrichmentProvider>().Select(p => p.Name).ShouldBe(["clearbit", "zoominfo"], ignoreOrder: true);
    }

    [Theory]
    [InlineData(1, "1-10")]
    [InlineData(10, "1-10")]
    [InlineData(11, "11-50")]
    [InlineData(150, "51-200")]
    [InlineData(1000, "501-1000")]
    [InlineData(1001, "1001-5000")]
    [InlineData(250_000, "10001+")]
    public void Head_counts_fall_into_LeadGens_size_bands(int employees, string band) =>
        Firmographics.SizeBand(employees).ShouldBe(band);

    [Fact]
    public void A_ZoomInfo_token_expires_when_its_claim_says_and_never_prints_itself()
    {
        var issued = DateTimeOffset.UtcNow;
        var withExpiry = ZoomInfoToken.From(
            "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4IiwiZXhwIjoxOTAwMDAwMDAwfQ.c2ln", issued); // exp 1900000000
        var opaque = ZoomInfoToken.From("opaque-token-value", issued);

        withExpiry.ExpiresAt.ShouldBe(DateTimeOffset.FromUnixTimeSeconds(1_900_000_000));
        opaque.ExpiresAt.ShouldBe(issued + TimeSpan.FromMinutes(60));
        opaque.ToString().ShouldNotContain("opaque-token-value");
    }

    private static HttpResponseMessage Answer(int status) => new((HttpStatusCode)status);

    private static IConfiguration Configuration(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();
}
