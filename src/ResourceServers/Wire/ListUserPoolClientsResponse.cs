namespace ResourceServers.Wire;

/// <summary><c>ListUserPoolClientsResponse</c>.</summary>
public sealed record ListUserPoolClientsResponse : CognitoResponse
{
    /// <summary>The app clients of this page: ids and names, not their settings.</summary>
    public required IReadOnlyList<UserPoolClientDescription> UserPoolClients { get; init; }

    /// <summary>The token of the next page; null on the last page.</summary>
    public string? NextToken { get; init; }
}
