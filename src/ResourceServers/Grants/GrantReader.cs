using ResourceServers.Wire;

namespace ResourceServers;

/// <summary>
/// Reads which app clients of a pool grant which scopes: ListUserPoolClients at its largest page (60), then
/// DescribeUserPoolClient for each client listed, down the call path (paced in category UserPoolClientRead, every
/// answer checked). Paging that would not end (a token given twice, more pages than a pool's 1000 clients can fill)
/// stops with <see cref="CognitoErrorCodes.MalformedResponse"/>.
/// </summary>
internal static class GrantReader
{
    private const int MaxPageSize = 60;

    // A pool holds at most 1000 app clients; a page holds at least one.
    private const int MaxPages = 1001;

    public static async Task<PoolGrants> ReadAsync(CognitoCallPath path, OperationScope operation, string userPoolId, CancellationToken cancellationToken)
    {
        var clients = new List<UserPoolClientType>();
        var described = new HashSet<string>(StringComparer.Ordinal);
        var tokens = new HashSet<string>(StringComparer.Ordinal);
        string? next = null;
        do
        {
            var page = await path.SendAsync(operation, CognitoOperation.ListUserPoolClients, new ListUserPoolClientsRequest { UserPoolId = userPoolId, MaxResults = MaxPageSize, NextToken = next }, cancellationToken).ConfigureAwait(false);
            foreach (var listed in page.UserPoolClients)
            {
                // The page check guarantees an id; a client repeated across pages is read once.
                if (described.Add(listed.ClientId!) && await DescribeAsync(path, operation, userPoolId, listed.ClientId!, cancellationToken).ConfigureAwait(false) is { } client)
                {
                    clients.Add(client);
                }
            }

            next = string.IsNullOrEmpty(page.NextToken) ? null : page.NextToken;
            if (next is not null && (!tokens.Add(next) || tokens.Count >= MaxPages))
            {
                throw CognitoServiceException.FromErrorCode(CognitoErrorCodes.MalformedResponse, $"ListUserPoolClients for user pool {userPoolId} would not stop paging (a page token given twice, or more pages than 1000 app clients fill)", requestId: page.RequestId);
            }
        }
        while (next is not null);

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
