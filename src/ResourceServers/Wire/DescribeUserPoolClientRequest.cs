namespace ResourceServers.Wire;

/// <summary><c>DescribeUserPoolClientRequest</c>.</summary>
public sealed record DescribeUserPoolClientRequest
{
    /// <summary>Required. The user pool id.</summary>
    public required string UserPoolId { get; init; }

    /// <summary>Required. The app client id.</summary>
    public required string ClientId { get; init; }
}
