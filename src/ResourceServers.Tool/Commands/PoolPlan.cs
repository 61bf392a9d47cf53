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

    /// <summary>Plans every pool of the manifest; a pool that fails is reported and the others are still planned.</summary>
    public static async Task<IReadOnlyList<PoolPlan>> ForAsync(IResourceServerClient client, Manifests.Manifest manifest, bool prune, CancellationToken cancellationToken)
    {
        var plans = new List<PoolPlan>(manifest.UserPools.Count);
        foreach (var pool in manifest.UserPools)
        {
            try
            {
                plans.Add(new PoolPlan(pool.UserPoolId, await client.PlanAllAsync(pool.UserPoolId, pool.ResourceServers, prune, cancellationToken).ConfigureAwait(false), null));
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                plans.Add(new PoolPlan(pool.UserPoolId, [], ex.Message));
            }
        }

        return plans;
    }
}
