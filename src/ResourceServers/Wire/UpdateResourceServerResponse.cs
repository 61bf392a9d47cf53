namespace ResourceServers.Wire;

/// <summary><c>UpdateResourceServerResponse</c>.</summary>
public sealed record UpdateResourceServerResponse : CognitoResponse
{
    /// <summary>The resource server.</summary>
    public required ResourceServerType ResourceServer { get; init; }
}
