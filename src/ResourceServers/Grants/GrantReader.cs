using ResourceServers.Wire;

namespace ResourceServers;

/// <summary>
/// Reads which app clients of a pool grant which scopes: ListUserPoolClients at its largest page
/// (<see cref="PageTokens.MaxQueryPageSize"/>), then DescribeUserPoolClient for each client listed, down the call path
/// (paced in category UserPoolClientRead, every answer checked). Paging distrusts the server (<see cref="PageTokens"/>):
/// a token given twice, or more pages than a pool's 1000 clients can fill, stops it with
/// <see cref="CognitoErrorCodes.MalformedResponse"/>.
/// </summary>
internal static class GrantReader
{
    // A pool holds at most 1000 app clients; a page holds at least one, and a last page may end the paging empty.
    private const int MaxPages = 1001;

    public static async Task<PoolGrants> ReadAsync(CognitoCallPath path, OperationScope operation, string userPoolId, CancellationToken cancellationToken)
    {
        var clients = new List<UserPoolClientType>();
        var described = new HashSet<string>(StringComparer.Ordinal);
        var tokens = new PageTokens($"{CognitoOperation.ListUserPoolClients.Name} for user pool {userPoolId}", MaxPages, "more than a user pool of at most 1000 app clients can fill");
        bool more;
        do
        {
            var page = await path.SendAsync(operation, CognitoOperation.ListUserPoolClients, new ListUserPoolClientsRequest { UserPoolId = userPoolId, MaxResults = PageTokens.MaxQueryPageSize, NextToken = tokens.NextToken }, cancellationToken).ConfigureAwait(false);
            foreach (var listed in page.UserPoolClients)
            {
                // The page check guarantees an id; a client repeated across pages is read once.
                if (described.Add(listed.ClientId!) && await DescribeAsync(path, operation, userPoolId, listed.ClientId!, cancellationToken).ConfigureAwait(false) is { } client)
                {
                    clients.Add(client);
                }
            }

            more = tokens.Advance(page.NextToken, page.RequestId);
        }
        while (more);

        return PoolGrants.From(clients);
    }

    // An app client deleted between the listing and its describe grants nothing any more.
    private static async Task<UserPoolClientType?> DescribeAsync(CognitoCallPath path, OperationScope operation, string userPoolId, string clientId, CancellationToken cancellationToken)
    {
        try
        {
            var answer = await path.SendAsync(operation, CognitoOperation.DescribeUserPoolClient, new DescribeUserPoolClientRequest { UserPoolId = userPoolId, ClientId = clientId }, cancellationToken).ConfigureAwait(false);
            return answer.UserPoolClient;
        }
        catch (CognitoServiceException e) when (e.ErrorCode == CognitoErrorCodes.ResourceNotFound)
        {
            return null;
        }
    }
}
