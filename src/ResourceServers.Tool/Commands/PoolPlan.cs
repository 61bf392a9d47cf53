namespace ResourceServers.Tool.Commands;

/// <summary>What the manifest asks of one user pool: the plan of every resource server it names (and, with
/// <c>--prune</c>, of those it does not), or why the pool could not be planned. <c>apply</c> reports what it did in
/// the same shape: the changes made, and the error that stopped the pool.</summary>
/// <param name="UserPoolId">The pool.</param>
/// <param name="Changes">One change per resource server, deletions last; for a plan, empty when <paramref name="Error"/> is set.</param>
/// <param name="Error">Why the pool could not be planned (or applied to the end), or null.</param>
internal sealed record PoolPlan(string UserPoolId, IReadOnlyList<ResourceServerChange> Changes, string? Error)
{
    public IEnumerable<ResourceServerChange> Pending => Changes.Where(c => c.HasChanges);

    /// <summary>
    /// Plans every pool of the manifest, side by side (<see cref="IResourceServerClient.PlanPoolsAsync"/>); a pool that
    /// fails is reported and the others are still planned. The plans are in manifest order.
    /// </summary>
    public static async Task<IReadOnlyList<PoolPlan>> ForAsync(IResourceServerClient client, Manifests.Manifest manifest, bool prune, CancellationToken cancellationToken)
    {
        var desired = manifest.UserPools.Select(p => new DesiredUserPool(p.UserPoolId, p.ResourceServers));
        var plans = await client.PlanPoolsAsync(desired, prune, cancellationToken).ConfigureAwait(false);
        return [.. plans.Select(p => new PoolPlan(p.UserPoolId, p.Changes, p.Error?.Message))];
    }
}
