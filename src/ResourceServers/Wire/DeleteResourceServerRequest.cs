namespace ResourceServers.Wire;

/// <summary><c>DeleteResourceServerRequest</c>.</summary>
public sealed record DeleteResourceServerRequest
{
    /// <summary>Required. The user pool id.</summary>
    public required string UserPoolId { get; init; }

    /// <summary>Required. The resource server identifier.</summary>
    public required string Identifier { get; init; }
}
