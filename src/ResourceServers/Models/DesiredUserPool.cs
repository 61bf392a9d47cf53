namespace ResourceServers;

/// <summary>
/// The resource servers one user pool should hold: one entry of <see cref="IResourceServerClient.EnsurePoolsAsync"/>
/// and <see cref="IResourceServerClient.PlanPoolsAsync"/>, as the arguments of <see cref="IResourceServerClient.EnsureAllAsync"/> are for one pool.
/// </summary>
public sealed class DesiredUserPool
{
    /// <summary>Creates the desired state of one user pool.</summary>
    /// <param name="userPoolId">The user pool id; every resource server must be in it.</param>
    /// <param name="resourceServers">The complete desired states; identifiers must be unique. May be empty (with deletion of unlisted servers, the pool is emptied).</param>
    /// <exception cref="ArgumentNullException"><paramref name="userPoolId"/> or <paramref name="resourceServers"/> is null.</exception>
    public DesiredUserPool(string userPoolId, IEnumerable<ResourceServer> resourceServers)
    {
        ArgumentNullException.ThrowIfNull(userPoolId);
        ArgumentNullException.ThrowIfNull(resourceServers);
        UserPoolId = userPoolId;
        ResourceServers = resourceServers.ToArray();
    }

    /// <summary>The user pool id.</summary>
    public string UserPoolId { get; }

    /// <summary>The resource servers the pool should hold.</summary>
    public IReadOnlyList<ResourceServer> ResourceServers { get; }

    /// <inheritdoc />
    public override string ToString() => $"user pool '{UserPoolId}' with {ResourceServers.Count} resource server(s)";
}
