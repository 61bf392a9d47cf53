namespace ResourceServers.Wire;

/// <summary><c>UpdateResourceServerRequest</c>. The service replaces the name and the whole scope list with what is sent here.</summary>
public sealed record UpdateResourceServerRequest
{
    /// <summary>Required. The user pool id.</summary>
    public required string UserPoolId { get; init; }

    /// <summary>Required. The resource server identifier.</summary>
    public required string Identifier { get; init; }

    /// <summary>Required. The new name.</summary>
    public required string Name { get; init; }

    /// <summary>Optional. Absent from the body when null, which the service reads as "no scopes"; an empty list is sent as <c>[]</c>.</summary>
    public IReadOnlyList<ResourceServerScopeType>? Scopes { get; init; }
}
