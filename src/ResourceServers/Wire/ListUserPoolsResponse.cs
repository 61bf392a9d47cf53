namespace ResourceServers.Wire;

/// <summary><c>ListUserPoolsResponse</c>.</summary>
public sealed record ListUserPoolsResponse : CognitoResponse
{
    /// <summary>The user pools of this page.</summary>
    public required IReadOnlyList<UserPoolDescriptionType> UserPools { get; init; }

    /// <summary>The token of the next page; null on the last page.</summary>
    public string? NextToken { get; init; }
}
