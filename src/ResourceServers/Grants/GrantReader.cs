namespace ResourceServers;

/// <summary>Reads which app clients of a pool grant which scopes: ListUserPoolClients page by page, then DescribeUserPoolClient for each client.</summary>
internal static class GrantReader
{
    public static Task<PoolGrants> ReadAsync(CognitoCallPath path, OperationScope operation, string userPoolId, CancellationToken cancellationToken)
    {
        // Wired to the app-client operations once they are descriptors (branch ops); until then no app client is seen.
        _ = path;
        _ = operation;
        _ = userPoolId;
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(PoolGrants.From([]));
    }
}
