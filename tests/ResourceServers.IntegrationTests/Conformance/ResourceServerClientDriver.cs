using Amazon.Runtime;
using ResourceServers.TestTransports;
using ResourceServers.Testing;
using ResourceServers.Wire;

namespace ResourceServers.IntegrationTests.Conformance;

/// <summary>
/// Drives the emulator with our library: <see cref="ResourceServerClient"/> over <see cref="CognitoHttpTransport"/>,
/// so every call crosses HTTP and SigV4 like the CLI's. The library does not manage user pools, so the pool is made
/// in the emulator's <see cref="InMemoryCognito"/>. Paging by token uses the transport (the wire port), since the
/// client's <see cref="ResourceServerClient.ListAsync"/> follows tokens itself.
/// </summary>
internal sealed class ResourceServerClientDriver : IConformanceDriver
{
    // The one service error code with a type of its own must surface as that type: callers catch it; the rest are
    // told apart by ErrorCode on the base type.
    private static readonly Dictionary<string, Type> TypedErrors = new(StringComparer.Ordinal)
    {
        [CognitoErrorCodes.ResourceNotFound] = typeof(ResourceServerNotFoundException),
        [CognitoErrorCodes.InvalidParameter] = typeof(CognitoServiceException),
        [CognitoErrorCodes.NotAuthorized] = typeof(CognitoServiceException),
        [CognitoErrorCodes.TooManyRequests] = typeof(CognitoServiceException),
        [CognitoErrorCodes.LimitExceeded] = typeof(CognitoServiceException),
        [CognitoErrorCodes.InternalError] = typeof(CognitoServiceException),
    };

    private readonly CognitoEmulator _emulator;
    private readonly HttpClient _http;
    private readonly CognitoHttpTransport _transport;
    private readonly ResourceServerClient _client;

    // Error messages name the driver's own pool as <pool>, so they compare across drivers; other pools stay named.
    private string _ownPool = string.Empty;

    public ResourceServerClientDriver(CognitoEmulator emulator, HttpClient http)
    {
        _emulator = emulator;
        _http = http;
        _transport = CreateTransport(emulator.Credentials);
        _client = TestClients.Over(_transport);
    }

    /// <summary>The wire port the client sends through, without the client's validation.</summary>
    public ICognitoResourceServerApi Transport => _transport;

    public async Task<string> CreateUserPoolAsync(string poolName)
    {
        _ownPool = (await _emulator.Cognito.CreateUserPoolAsync(poolName)).Id;
        return _ownPool;
    }

    public Task<Observation> CreateAsync(string userPoolId, string identifier, string name, IReadOnlyList<ResourceServerScope> scopes) =>
        ObserveAsync(_ownPool, async () => Render(await _client.CreateAsync(new ResourceServer(userPoolId, identifier, name, scopes))));

    public Task<Observation> DescribeAsync(string userPoolId, string identifier) =>
        ObserveAsync(_ownPool, async () => Render(await _client.GetAsync(userPoolId, identifier)));

    public async Task<(Observation Observation, string? Token)> ListFirstAsync(string userPoolId, int count)
    {
        string? token = null;
        var observation = await ObserveAsync(_ownPool, async () =>
        {
            var page = await _transport.ListResourceServersAsync(new ListResourceServersRequest { UserPoolId = userPoolId, MaxResults = count });
            token = page.NextToken;
            return Render(page, userPoolId);
        });
        return (observation, token);
    }

    public Task<Observation> ListRestAsync(string userPoolId, string token) =>
        ObserveAsync(_ownPool, async () => Render(await _transport.ListResourceServersAsync(new ListResourceServersRequest { UserPoolId = userPoolId, NextToken = token }), userPoolId));

    // Page size 1: the client must follow the emulator's NextToken through every page, as the CLI does.
    public Task<Observation> ListAllAsync(string userPoolId) => ObserveAsync(_ownPool, () => ListAllCoreAsync(_client, userPoolId));

    public Task<Observation> UpdateWithoutScopesAsync(string userPoolId, string identifier, string name) =>
        ObserveAsync(_ownPool, async () => Render(await _client.UpdateAsync(new ResourceServer(userPoolId, identifier, name))));

    public Task<Observation> DeleteAsync(string userPoolId, string identifier) =>
        ObserveAsync(_ownPool, async () =>
        {
            await _client.DeleteAsync(userPoolId, identifier);
            return Observation.Done();
        });

    public Task<Observation> ListSignedWithAsync(string userPoolId, string accessKeyId, string secretAccessKey)
    {
        var client = TestClients.Over(CreateTransport(new BasicAWSCredentials(accessKeyId, secretAccessKey)));
        return ObserveAsync(_ownPool, () => ListAllCoreAsync(client, userPoolId));
    }

    /// <summary>Turns the outcome of a call into an observation: its result, the service error, or the client's refusal.</summary>
    /// <param name="ownPool">The pool error messages name as <c>&lt;pool&gt;</c>.</param>
    /// <param name="call">The call, rendering its result.</param>
    public static async Task<Observation> ObserveAsync(string ownPool, Func<Task<Observation>> call)
    {
        try
        {
            return await call();
        }
        catch (ResourceServerValidationException ex)
        {
            return Observation.RejectedBeforeSending(ex.Member);
        }
        catch (CognitoServiceException ex)
        {
            return TypedErrors.TryGetValue(ex.ErrorCode, out var type) && ex.GetType() != type
                ? Observation.Unexpected($"{ex.ErrorCode} surfaced as {ex.GetType().Name}, not {type.Name}")
                : Observation.ServiceError(ex.ErrorCode, ex.ServiceMessage, ownPool);
        }
    }

    public static Observation Render(ListResourceServersResponse page, string userPoolId) =>
        page.ResourceServers.All(s => s.UserPoolId == userPoolId)
            ? Observation.Page(page.ResourceServers.Select(static s => s.Identifier!), !string.IsNullOrEmpty(page.NextToken))
            : Observation.Unexpected("resource servers of another pool");

    private static Observation Render(ResourceServer server) => Observation.Server(server.Identifier, server.Name, server.Scopes);

    private static async Task<Observation> ListAllCoreAsync(ResourceServerClient client, string userPoolId)
    {
        var identifiers = new List<string>();
        await foreach (var server in client.ListAsync(userPoolId, pageSize: 1))
        {
            identifiers.Add(server.Identifier);
        }

        return Observation.Page(identifiers, more: false);
    }

    private CognitoHttpTransport CreateTransport(AWSCredentials credentials) =>
        HttpTransports.Create(_http, new ResourceServerClientOptions { Region = _emulator.Region, ServiceUrl = _emulator.ServiceUrl, Credentials = credentials });
}
