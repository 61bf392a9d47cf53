namespace ResourceServers.Wire;

/// <summary>A resource server as the service model shapes it (<c>ResourceServerType</c>); every member is optional in the model.</summary>
public sealed record ResourceServerType
{
    /// <summary>The user pool that hosts the resource server.</summary>
    public string? UserPoolId { get; init; }

    /// <summary>The resource server identifier.</summary>
    public string? Identifier { get; init; }

    /// <summary>The resource server name.</summary>
    public string? Name { get; init; }

    /// <summary>The scopes; null when the service sent none.</summary>
    public IReadOnlyList<ResourceServerScopeType>? Scopes { get; init; }
}
