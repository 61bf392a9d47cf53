namespace ResourceServers.Wire;

/// <summary><c>DescribeUserPoolClientResponse</c>.</summary>
public sealed record DescribeUserPoolClientResponse : CognitoResponse
{
    /// <summary>The app client, without its secret.</summary>
    public required UserPoolClientType UserPoolClient { get; init; }
}
