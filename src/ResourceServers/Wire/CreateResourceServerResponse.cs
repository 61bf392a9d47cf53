namespace ResourceServers.Wire;

/// <summary><c>CreateResourceServerResponse</c>.</summary>
public sealed record CreateResourceServerResponse : CognitoResponse
{
    /// <summary>The resource server.</summary>
    public required ResourceServerType ResourceServer { get; init; }
}
