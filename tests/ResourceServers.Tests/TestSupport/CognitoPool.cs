using ResourceServers.Testing;
using ResourceServers.Wire;

namespace ResourceServers.Tests.TestSupport;

/// <summary>
/// The test kit's in-memory Cognito with one user pool, as the safe-update tests use it: the resource servers they
/// name live in that pool, what another process wrote beforehand is put through the kit before the test's own calls
/// are counted, and <see cref="InMemoryCognito.Statistics"/> then says what the test's calls did.
/// </summary>
internal sealed class CognitoPool
{
    private static readonly CognitoOperation[] Writes = [CognitoOperation.CreateResourceServer, CognitoOperation.UpdateResourceServer, CognitoOperation.DeleteResourceServer];

    private CognitoPool(InMemoryCognito cognito, string poolId)
    {
        Cognito = cognito;
        PoolId = poolId;
    }

    public InMemoryCognito Cognito { get; }

    /// <summary>The generated id of the pool.</summary>
    public string PoolId { get; }

    public CognitoCallStatistics Statistics => Cognito.Statistics;

    public FaultPlan Faults => Cognito.Faults;

    /// <summary>Write requests (create, update, delete) received, whatever their outcome.</summary>
    public long WritesReceived => Writes.Sum(Statistics.GetReceived);

    /// <summary>Write requests applied and answered.</summary>
    public long WritesSucceeded => Writes.Sum(Statistics.GetSucceeded);

    public static async Task<CognitoPool> CreateAsync(InMemoryCognitoOptions? options = null)
    {
        var cognito = new InMemoryCognito(options);
        var pool = await cognito.CreateUserPoolAsync("updates");
        return new CognitoPool(cognito, pool.Id);
    }

    /// <summary>The resource server <see cref="UpdateTestData.Id"/> of this pool.</summary>
    public ResourceServer Server(string name = "api", params ResourceServerScope[] scopes) => new(PoolId, UpdateTestData.Id, name, scopes);

    /// <summary>
    /// Stores <paramref name="servers"/> as another process would have, before the test: a create through the kit (an
    /// update when it already exists), then the counts start again at zero. Request numbers
    /// (<see cref="ReceivedCognitoRequest.Number"/>) go on counting: a hook keyed on them counts these calls too.
    /// </summary>
    public async Task PutAsync(params ResourceServer[] servers)
    {
        foreach (var server in servers)
        {
            try
            {
                await CreateAsAnotherWriterAsync(server);
            }
            catch (CognitoServiceException e) when (e.ErrorCode == CognitoErrorCodes.InvalidParameter && e.Message.Contains("already exists", StringComparison.Ordinal))
            {
                await UpdateAsAnotherWriterAsync(server);
            }
        }

        Statistics.Reset();
    }

    /// <summary>Creates <paramref name="server"/> as another writer does, counted: for hooks that play one meanwhile.</summary>
    public Task CreateAsAnotherWriterAsync(ResourceServer server, CancellationToken cancellationToken = default) =>
        Cognito.CreateResourceServerAsync(
            new CreateResourceServerRequest { UserPoolId = server.UserPoolId, Identifier = server.Identifier, Name = server.Name, Scopes = WireScopes(server) },
            cancellationToken);

    /// <summary>Replaces <paramref name="server"/> as another writer does, counted: for hooks that play one meanwhile.</summary>
    public Task UpdateAsAnotherWriterAsync(ResourceServer server, CancellationToken cancellationToken = default) =>
        Cognito.UpdateResourceServerAsync(
            new UpdateResourceServerRequest { UserPoolId = server.UserPoolId, Identifier = server.Identifier, Name = server.Name, Scopes = WireScopes(server) },
            cancellationToken);

    /// <summary>The stored state, or null. Reads with a (counted) DescribeResourceServer, so assert counts first.</summary>
    public async Task<ResourceServer?> PeekAsync(string identifier = UpdateTestData.Id, string? userPoolId = null)
    {
        try
        {
            var wire = (await Cognito.DescribeResourceServerAsync(new DescribeResourceServerRequest { UserPoolId = userPoolId ?? PoolId, Identifier = identifier })).ResourceServer!;
            return new ResourceServer(wire.UserPoolId!, wire.Identifier!, wire.Name!, wire.Scopes?.Select(s => new ResourceServerScope(s.ScopeName, s.ScopeDescription)));
        }
        catch (CognitoServiceException e) when (e.ErrorCode == CognitoErrorCodes.ResourceNotFound)
        {
            return null;
        }
    }

    private static ResourceServerScopeType[] WireScopes(ResourceServer server) =>
        [.. server.Scopes.Select(s => new ResourceServerScopeType { ScopeName = s.Name, ScopeDescription = s.Description })];
}
