namespace ResourceServers.Wire;

/// <summary><c>CreateResourceServerRequest</c>.</summary>
public sealed record CreateResourceServerRequest
{
    /// <summary>Required. The user pool id.</summary>
    public required string UserPoolId { get; init; }

    /// <summary>Required. The resource server identifier.</summary>
    public required string Identifier { get; init; }

    /// <summary>Required. The resource server name.</summary>
    public required string Name { get; init; }

    /// <summary>Optional. Absent from the body when null.</summary>
    public IReadOnlyList<ResourceServerScopeType>? Scopes { get; init; }
}
