using Amazon.Runtime;
using ResourceServers.TestTransports;
using ResourceServers.Testing;
using ResourceServers.Wire;

namespace ResourceServers.IntegrationTests.Resilience;

/// <summary>
/// The whole stack over loopback: <see cref="ResourceServerClient.Create"/> (pacing and the Polly pipeline, on real
/// time) over <see cref="CognitoHttpTransport"/> over a <see cref="RequestRecorder"/> to a fresh emulator, with one
/// user pool holding one resource server, <see cref="Existing"/>. The connection is warmed and the counts are zeroed
/// before a test starts, so they count only what the test does.
/// </summary>
internal sealed class HttpResilienceHarness : IAsyncDisposable
{
    public const string ExistingIdentifier = "https://existing.example.com";

    private readonly HttpClient _http;

    private HttpResilienceHarness(CognitoEmulator emulator, HttpClient http, RequestRecorder requests, ResourceServerClient client, string userPoolId)
    {
        Emulator = emulator;
        _http = http;
        Requests = requests;
        Client = client;
        UserPoolId = userPoolId;
    }

    public CognitoEmulator Emulator { get; }

    public InMemoryCognito Cognito => Emulator.Cognito;

    public CognitoCallStatistics Statistics => Emulator.Cognito.Statistics;

    public RequestRecorder Requests { get; }

    public ResourceServerClient Client { get; }

    public string UserPoolId { get; }

    public ResourceServer Existing => new(UserPoolId, ExistingIdentifier, "existing", [new ResourceServerScope("read", "Read")]);

    /// <summary>
    /// Tiny backoffs and a generous attempt timeout, so a suite of retries stays fast and a slow, shared machine does not
    /// time attempts out by accident. Tests that mean to hit the attempt timeout lower it themselves.
    /// </summary>
    public static ResourceServerResilienceOptions FastOptions() => new()
    {
        BaseDelay = TimeSpan.FromMilliseconds(1),
        MaxDelay = TimeSpan.FromMilliseconds(5),
        AttemptTimeout = TimeSpan.FromSeconds(10),
        TotalTimeout = TimeSpan.FromSeconds(60),
    };

    /// <param name="options">The client's resilience settings; <see cref="FastOptions"/> when null.</param>
    /// <param name="credentials">What the client signs with; the emulator's own when null.</param>
    /// <param name="signingClock">The clock the transport signs with; the system clock when null.</param>
    public static async Task<HttpResilienceHarness> StartAsync(
        ResourceServerResilienceOptions? options = null,
        AWSCredentials? credentials = null,
        TimeProvider? signingClock = null)
    {
        var emulator = await CognitoEmulator.StartAsync();
        try
        {
            var pool = await emulator.Cognito.CreateUserPoolAsync("resilience");
            await emulator.Cognito.CreateResourceServerAsync(new CreateResourceServerRequest
            {
                UserPoolId = pool.Id,
                Identifier = ExistingIdentifier,
                Name = "existing",
                Scopes = [new ResourceServerScopeType { ScopeName = "read", ScopeDescription = "Read" }],
            });

            var requests = new RequestRecorder(new SocketsHttpHandler { AllowAutoRedirect = false });
            var http = new HttpClient(requests);
            var transport = HttpTransports.Create(
                http,
                new ResourceServerClientOptions { Region = emulator.Region, ServiceUrl = emulator.ServiceUrl, Credentials = credentials ?? emulator.Credentials },
                signingClock);
            // Allow: these tests count one write's requests; the read a plain write makes first is tested in Grants.
            var client = new ResourceServerClient(new ResourceServerClientOptions { Resilience = options ?? FastOptions(), GrantRevocation = GrantRevocation.Allow }, transport);
            var harness = new HttpResilienceHarness(emulator, http, requests, client, pool.Id);

            if (credentials is null)
            {
                // Opens the connection and compiles the request path, so the first measured attempt is not the slow one.
                await client.GetAsync(pool.Id, ExistingIdentifier);
            }

            emulator.Cognito.Statistics.Reset();
            requests.Clear();
            return harness;
        }
        catch
        {
            await emulator.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await Emulator.DisposeAsync();
    }

    /// <summary>Waits, polling, until the system under test reaches a state; fails after <paramref name="limit"/>.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition, string what, TimeSpan? limit = null)
    {
        var deadline = DateTime.UtcNow + (limit ?? TimeSpan.FromSeconds(10));
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting until {what}.");
            await Task.Delay(5);
        }
    }
}
