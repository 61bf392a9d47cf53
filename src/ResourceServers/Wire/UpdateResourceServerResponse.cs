namespace ResourceServers.Wire;

/// <summary><c>UpdateResourceServerResponse</c>.</summary>
public sealed record UpdateResourceServerResponse
{
    /// <summary>The resource server.</summary>
    public required ResourceServerType ResourceServer { get; init; }
}
