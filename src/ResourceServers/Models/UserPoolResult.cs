namespace ResourceServers;

/// <summary>
/// What a call over many user pools did (or would do) in one of them: its changes, or the failure that stopped it.
/// One pool's failure does not stop the others, so each pool has its own result.
/// </summary>
/// <remarks>To return one from a mocked <see cref="IResourceServerClient"/>, build it with the public constructor.</remarks>
public sealed class UserPoolResult
{
    /// <summary>Creates the result of one user pool.</summary>
    /// <param name="userPoolId">The user pool id.</param>
    /// <param name="changes">The changes made, or planned, in the order of <see cref="IResourceServerClient.EnsureAllAsync"/>'s results.</param>
    /// <param name="error">The failure that stopped the pool, or null when it ran to the end.</param>
    /// <exception cref="ArgumentNullException"><paramref name="userPoolId"/> or <paramref name="changes"/> is null.</exception>
    public UserPoolResult(string userPoolId, IEnumerable<ResourceServerChange> changes, Exception? error = null)
    {
        ArgumentNullException.ThrowIfNull(userPoolId);
        ArgumentNullException.ThrowIfNull(changes);
        UserPoolId = userPoolId;
        Changes = changes.ToArray();
        Error = error;
    }

    /// <summary>The user pool id.</summary>
    public string UserPoolId { get; }

    /// <summary>
    /// One change per resource server, deletions last, as <see cref="IResourceServerClient.EnsureAllAsync"/> (or, for
    /// a plan, <see cref="IResourceServerClient.PlanAllAsync"/>) returns them. When <see cref="Error"/> is set: for an
    /// ensure or an apply, the changes made before the failure (they stay made); for a plan, none.
    /// </summary>
    public IReadOnlyList<ResourceServerChange> Changes { get; }

    /// <summary>
    /// The failure that stopped this pool, as <see cref="IResourceServerClient.EnsureAllAsync"/> would have thrown it
    /// (e.g. a <see cref="CognitoServiceException"/> naming a missing pool), or null.
    /// </summary>
    public Exception? Error { get; }

    /// <summary>True when the pool ran to the end (<see cref="Error"/> is null).</summary>
    public bool Succeeded => Error is null;

    /// <inheritdoc />
    public override string ToString() => Error is null
        ? $"user pool '{UserPoolId}': {Changes.Count(c => c.HasChanges)} change(s) of {Changes.Count}"
        : $"user pool '{UserPoolId}': failed after {Changes.Count(c => c.HasChanges)} change(s): {Error.Message}";
}
