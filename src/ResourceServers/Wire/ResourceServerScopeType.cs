namespace ResourceServers.Wire;

/// <summary>A scope as the service model shapes it (<c>ResourceServerScopeType</c>).</summary>
public sealed record ResourceServerScopeType
{
    /// <summary>The scope name (1..256 characters, no space, <c>"</c>, <c>\</c> or <c>/</c>).</summary>
    public required string ScopeName { get; init; }

    /// <summary>The scope description (1..256 characters).</summary>
    public required string ScopeDescription { get; init; }
}
