using System.Globalization;
using System.Text.Json;
using Amazon;
using Amazon.Runtime;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using ResourceServers.TestTransports;
using ResourceServers.Wire;

namespace ResourceServers.Benchmarks;

/// <summary>
/// Everything both sides share: one canned handler, one <see cref="HttpClient"/> over it, one set of credentials and
/// region; the raw baseline, the facade as <c>new ResourceServerClient(options, httpClient: ...)</c> builds it
/// (pacing off) and the facade without a pipeline.
/// </summary>
internal sealed class OverheadFixture : IDisposable
{
    public const string UserPoolId = "us-east-1_Bench0001";
    public const string Identifier = "https://api.example.com/orders";
    public const string Name = "Orders API";
    public const int ScopesPerServer = 5;
    public const int ListPageSize = 10;

    public static readonly ResourceServerScope PatchScope = new("orders.bench", "Added by the patch benchmark");

    public OverheadFixture()
    {
        var region = RegionEndpoint.USEast1;
        var credentials = new BasicAWSCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
        Handler = new OverheadCannedCognitoHandler(CannedResponses());
        HttpClient = new HttpClient(Handler, disposeHandler: false);

        // Allow: the raw UpdateResourceServer reads nothing first, so the facade measured beside it must not either.
        var options = new ResourceServerClientOptions { Region = region.SystemName, Credentials = credentials, GrantRevocation = GrantRevocation.Allow };
        var transport = HttpTransports.Create(HttpClient, options);
        Raw = new OverheadRawClient(HttpClient, transport.Endpoint.ServiceUrl, region, credentials);

        // Pacing is off: it holds reads to 20/s and updates to 15/s by design (Cognito's quotas), which would measure
        // the quota rather than the code. Everything else is what a user gets from the public constructor: the HTTP
        // transport over the given client, the default pipeline, the one call path.
        options.Resilience.Pacing.Enabled = false;
        Facade = new ResourceServerClient(options, httpClient: HttpClient);

        // The same call path with an empty pipeline and no pacing.
        FacadeWithoutPipeline = WithoutPipeline(transport);

        // The state a patch writes, so the canned update answer echoes what both the update and the patch send (the
        // transport refuses an update answered with anything but what was written).
        UpdateModel = new ResourceServer(UserPoolId, Identifier, Name, [.. Scopes(0), PatchScope]);
        UpdateWireScopes = [.. UpdateModel.Scopes.Select(s => new ResourceServerScopeType { ScopeName = s.Name, ScopeDescription = s.Description })];
    }

    public OverheadCannedCognitoHandler Handler { get; }

    /// <summary>
    /// A client over <paramref name="api"/> on the library's call path with an empty pipeline and no pacing: the
    /// facade's own cost, with nothing around it but the multi-call deadline every client has (a listing's pages run
    /// under it). Built from the library's internals, since no public way leaves the pipeline out (a registered empty
    /// one is still a Polly pipeline with telemetry).
    /// </summary>
    public static ResourceServerClient WithoutPipeline(ICognitoResourceServerApi api) =>
        new(
            new ComposedClient(
                new CognitoCallPath(api, ResiliencePipeline.Empty, pacer: null, ClientTelemetry.Create(null, null), new MultiCallDeadline(new ResourceServerResilienceOptions().MultiCallTimeout, TimeProvider.System), new UnitLocks(coordination: null, scope: "port", NullLogger.Instance), sharedPacing: null, endpointHost: null),
                Connection: null),
            defaultPageSize: null,
            GrantRevocation.Allow);

    public HttpClient HttpClient { get; }

    public OverheadRawClient Raw { get; }

    public ResourceServerClient Facade { get; }

    public ResourceServerClient FacadeWithoutPipeline { get; }

    /// <summary>What the facade's update sends (a model, mapped to the wire by the facade).</summary>
    public ResourceServer UpdateModel { get; }

    /// <summary>The same scopes as the raw side holds them, already in wire shape.</summary>
    public ResourceServerScopeType[] UpdateWireScopes { get; }

    public static ResourceServerPatch Patch { get; } = ResourceServerPatch.AddOrUpdateScope(PatchScope);

    public void Dispose() => HttpClient.Dispose();

    private static ResourceServerScope[] Scopes(int server) =>
        [.. Enumerable.Range(0, ScopesPerServer).Select(i => new ResourceServerScope(
            string.Create(CultureInfo.InvariantCulture, $"scope{server}.{i}"),
            string.Create(CultureInfo.InvariantCulture, $"Lets a client use part {i} of server {server}")))];

    private static Dictionary<string, string> CannedResponses()
    {
        static object Server(int index, string identifier) => new
        {
            UserPoolId,
            Identifier = identifier,
            Name = index == 0 ? Name : string.Create(CultureInfo.InvariantCulture, $"API {index}"),
            Scopes = Scopes(index).Select(s => new { ScopeName = s.Name, ScopeDescription = s.Description }),
        };

        var stored = Server(0, Identifier);
        var written = new
        {
            UserPoolId,
            Identifier,
            Name,
            Scopes = Scopes(0).Append(PatchScope).Select(s => new { ScopeName = s.Name, ScopeDescription = s.Description }),
        };
        var page = new
        {
            ResourceServers = Enumerable.Range(0, ListPageSize)
                .Select(i => Server(i, i == 0 ? Identifier : string.Create(CultureInfo.InvariantCulture, $"https://api.example.com/r{i}"))),
        };

        // The stored state lacks the patch's scope, so every patch reads, finds a change, and writes.
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["AWSCognitoIdentityProviderService.DescribeResourceServer"] = JsonSerializer.Serialize(new { ResourceServer = stored }),
            ["AWSCognitoIdentityProviderService.UpdateResourceServer"] = JsonSerializer.Serialize(new { ResourceServer = written }),
            ["AWSCognitoIdentityProviderService.ListResourceServers"] = JsonSerializer.Serialize(page),
        };
    }
}
