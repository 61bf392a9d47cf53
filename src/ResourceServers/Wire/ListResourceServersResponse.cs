namespace ResourceServers.Wire;

/// <summary><c>ListResourceServersResponse</c>.</summary>
public sealed record ListResourceServersResponse : CognitoResponse
{
    /// <summary>The resource servers of this page.</summary>
    public required IReadOnlyList<ResourceServerType> ResourceServers { get; init; }

    /// <summary>The token of the next page; null on the last page.</summary>
    public string? NextToken { get; init; }
}
