using ResourceServers.Tool.Commands;
using ResourceServers.Tool.Output;

namespace ResourceServers.Tool.Plans;

/// <summary>
/// Whether a saved plan still holds: the live pools hold what the plan read, each resource server as it was (or still
/// absent) and, for a plan with <c>--prune</c>, no server that appeared since. One ListResourceServers per pool, as the
/// plan itself read them. A plan that no longer holds is stale: applying it would act on a state nobody reviewed.
/// </summary>
internal static class SavedPlanCheck
{
    /// <summary>
    /// Every difference between what <paramref name="plan"/> read and the live pools, one line each (empty when it
    /// holds), and the plan's changes as planned again now, each with the app clients that grant what it removes
    /// (a saved plan does not record grants: they are read when it is applied).
    /// </summary>
    /// <exception cref="ToolException">The client goes to another Region or endpoint than the plan read.</exception>
    public static async Task<(IReadOnlyList<string> Differences, IReadOnlyList<ResourceServerChange> Replanned)> DifferencesAsync(IResourceServerClient client, ResourceServerConnection? connection, SavedPlan plan, CancellationToken cancellationToken)
    {
        if (connection is not null && (connection.Region != plan.Region || connection.ServiceUrl != plan.Endpoint))
        {
            throw new ToolException(
                $"the saved plan was made against Cognito {Printable.Of(plan.Region)} at {Printable.Of(plan.Endpoint.ToString())}, and this apply goes to " +
                $"{Printable.Of(connection.Region)} at {Printable.Of(connection.ServiceUrl.ToString())}; nothing was applied. Apply it where it was made, or make the plan again.");
        }

        var differences = new List<string>();
        var replanned = new List<ResourceServerChange>();
        foreach (var pool in plan.UserPools)
        {
            IReadOnlyList<ResourceServerChange> live;
            try
            {
                // Planning the plan's own target states again reads the pool exactly as the plan did.
                var targets = pool.Changes.Where(c => c.After is not null).Select(c => c.After!);
                live = await client.PlanAllAsync(pool.UserPoolId, targets, plan.Prune, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                throw new ToolException($"user pool {Printable.Of(pool.UserPoolId)} could not be read to check the saved plan, so nothing was applied: {Printable.OfLines(ex.Message)}");
            }

            replanned.AddRange(live);
            var now = live.ToDictionary(c => c.Identifier, c => c.Kind == ResourceServerChangeKind.Created ? null : c.Before, StringComparer.Ordinal);
            foreach (var planned in pool.Changes)
            {
                now.Remove(planned.Identifier, out var current);
                if (Describe(planned.Before, current) is { } difference)
                {
                    differences.Add($"user pool {Printable.Of(pool.UserPoolId)}: {Printable.Of(planned.Identifier)} {difference}");
                }
            }

            // With --prune the plan read the whole pool: a server it did not see would now be deleted unreviewed.
            foreach (var (identifier, _) in now)
            {
                differences.Add($"user pool {Printable.Of(pool.UserPoolId)}: {Printable.Of(identifier)} was created since the plan read the pool");
            }
        }

        return (differences, replanned);
    }

    /// <summary>
    /// Carries out one planned change exactly, and only over the state the plan read: an update only if the server
    /// still holds it, a create only if it is still absent (the service refuses a second create), a delete only of the
    /// server as read. A change found changed is an error, and nothing is written for it.
    /// </summary>
    public static async Task<ResourceServerChange> ApplyAsync(IResourceServerClient client, ResourceServerChange planned, CancellationToken cancellationToken)
    {
        switch (planned.Kind)
        {
            case ResourceServerChangeKind.Created:
                return ResourceServerChange.Created(await client.CreateAsync(planned.After!, cancellationToken).ConfigureAwait(false));
            case ResourceServerChangeKind.Updated:
                return await client.UpdateIfUnchangedAsync(planned.Before!, planned.After!, cancellationToken).ConfigureAwait(false);
            case ResourceServerChangeKind.Deleted:
                var current = await client.FindAsync(planned.UserPoolId, planned.Identifier, cancellationToken).ConfigureAwait(false);
                if (current is null)
                {
                    return ResourceServerChange.Unchanged(planned.Before!); // gone already: what the plan wanted
                }

                if (Describe(planned.Before, current) is { } difference)
                {
                    throw new ToolException($"{difference}; not deleted");
                }

                return await client.DeleteIfExistsAsync(planned.UserPoolId, planned.Identifier, cancellationToken).ConfigureAwait(false)
                    ? ResourceServerChange.Deleted(planned.Before!)
                    : ResourceServerChange.Unchanged(planned.Before!);
            default:
                return planned;
        }
    }

    /// <summary>How <paramref name="current"/> differs from what the plan <paramref name="read"/>, as a phrase, or null when it does not.</summary>
    private static string? Describe(ResourceServer? read, ResourceServer? current) => (read, current) switch
    {
        (null, null) => null,
        (null, not null) => "was created since the plan read the pool",
        (not null, null) => "was deleted since the plan read it",
        var (before, now) when before.HasSameContentAs(now) => null,
        var (before, now) => $"changed since the plan read it ({ResourceServerDiff.Between(before, now)})",
    };
}
