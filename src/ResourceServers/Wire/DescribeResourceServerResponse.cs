namespace ResourceServers.Wire;

/// <summary><c>DescribeResourceServerResponse</c>.</summary>
public sealed record DescribeResourceServerResponse : CognitoResponse
{
    /// <summary>The resource server.</summary>
    public required ResourceServerType ResourceServer { get; init; }
}
