using Alba;
using Microsoft.AspNetCore.Hosting;

namespace LeadGen.Api.Tests;

/// <summary>A host of its own, on a database of its own, for tests that configure providers differently from the
/// shared fixture (usually pointing one at a local fake). API keys are the fixture's, from the environment.</summary>
public sealed class CustomHost : IAsyncDisposable
{
    private readonly string database;

    private CustomHost(IAlbaHost host, string database, string connectionString)
    {
        Host = host;
        this.database = database;
        ConnectionString = connectionString;
    }

    public IAlbaHost Host { get; }
    public string ConnectionString { get; }

    public static async Task<CustomHost> Start(string purpose, IReadOnlyDictionary<string, string> settings,
        Action<IServiceCollection>? services = null)
    {
        var (connectionString, database) = await TestDatabase.Create(purpose);
        try
        {
            var host = await AlbaHost.For<Program>(builder =>
            {
                builder.UseSetting("ConnectionStrings:Postgres", connectionString);
                foreach (var (key, value) in settings) builder.UseSetting(key, value);
                if (services is not null) builder.ConfigureServices(services);
            });
            return new CustomHost(host, database, connectionString);
        }
        catch
        {
            await TestDatabase.Drop(database);
            throw;
        }
    }

    public ApiClient Client(int tenant, string role = "prospector") => new(Host.Server.CreateClient(), AppFixture.KeyOf(tenant, role));

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        await TestDatabase.Drop(database);
    }
}

/// <summary>Answers for WireMock callbacks, which build a response message by hand.</summary>
public static class FakeAnswer
{
    public static WireMock.ResponseMessage Json(int status, string body, string? retryAfter = null)
    {
        var headers = new Dictionary<string, WireMock.Types.WireMockList<string>> { ["Content-Type"] = new("application/json") };
        if (retryAfter is not null) headers["Retry-After"] = new(retryAfter);
        return new WireMock.ResponseMessage
        {
            StatusCode = status, Headers = headers,
            BodyData = new WireMock.Util.BodyData { BodyAsString = body, DetectedBodyType = WireMock.Types.BodyType.String },
        };
    }
}
