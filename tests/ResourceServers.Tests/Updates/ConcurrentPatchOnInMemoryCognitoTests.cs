using ResourceServers.Testing;
using ResourceServers.Wire;

namespace ResourceServers.Tests.Updates;

/// <summary>The concurrency guarantees of the patch, against the test kit's in-memory Cognito.</summary>
public class ConcurrentPatchOnInMemoryCognitoTests : ConcurrentPatchContract
{
    protected override async Task<(ICognitoResourceServerApi Api, string UserPoolId)> CreatePortAsync()
    {
        var cognito = new InMemoryCognito();
        var pool = await cognito.CreateUserPoolAsync("concurrency");
        return (cognito, pool.Id);
    }
}
