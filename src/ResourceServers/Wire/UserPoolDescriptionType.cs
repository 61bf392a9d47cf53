namespace ResourceServers.Wire;

/// <summary><c>UserPoolDescriptionType</c>: what ListUserPools says of a pool (the members the library reads).</summary>
public sealed record UserPoolDescriptionType
{
    /// <summary>The user pool id.</summary>
    public string? Id { get; init; }

    /// <summary>The user pool's name.</summary>
    public string? Name { get; init; }

    /// <summary>When the pool was created, in seconds since the Unix epoch, as the wire carries it.</summary>
    public decimal? CreationDate { get; init; }

    /// <summary>When the pool was last changed, in seconds since the Unix epoch, as the wire carries it.</summary>
    public decimal? LastModifiedDate { get; init; }
}
