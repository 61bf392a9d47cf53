namespace ResourceServers.Tool.Manifests;

/// <summary>The desired state a manifest declares: for each user pool, its complete set of resource servers.</summary>
/// <param name="UserPools">The pools, in file order; each pool id appears once.</param>
internal sealed record Manifest(IReadOnlyList<ManifestPool> UserPools);

/// <summary>One user pool of a manifest.</summary>
/// <param name="UserPoolId">The pool id, environment variables substituted.</param>
/// <param name="ResourceServers">Every resource server the pool should have (with <c>--prune</c>, exactly these).</param>
internal sealed record ManifestPool(string UserPoolId, IReadOnlyList<ResourceServer> ResourceServers);
