namespace ResourceServers;

/// <summary>
/// Checks, before a write, whether it removes scopes that app clients of the pool grant, and applies
/// <see cref="ResourceServerClientOptions.GrantRevocation"/>. One per client call: the pool's grants are read at most
/// once (one ListUserPoolClients per 60 clients and one DescribeUserPoolClient each), only when a change removes a
/// scope, and shared by every change of that call.
/// </summary>
internal sealed class GrantCheck(GrantRevocation policy, Func<OperationScope, string, CancellationToken, Task<PoolGrants>> read)
{
    private readonly HashSet<string> _warned = new(StringComparer.Ordinal);
    private PoolGrants? _grants;

    /// <summary><paramref name="change"/> with the app clients that grant what it removes; no read when it removes nothing.</summary>
    public async Task<ResourceServerChange> AnnotateAsync(OperationScope operation, ResourceServerChange change, CancellationToken cancellationToken)
    {
        if (change.RemovedScopeIdentifiers.Count == 0)
        {
            return change;
        }

        _grants ??= await read(operation, change.UserPoolId, cancellationToken).ConfigureAwait(false);
        return _grants.Annotate(change);
    }

    /// <summary>
    /// The planned write <paramref name="planned"/>, annotated, once the policy lets it through: refused with
    /// <see cref="GrantedScopeRemovalException"/> under <see cref="GrantRevocation.Refuse"/>, logged under
    /// <see cref="GrantRevocation.Warn"/>.
    /// </summary>
    public async Task<ResourceServerChange> BeforeWriteAsync(OperationScope operation, ResourceServerChange planned, CancellationToken cancellationToken)
    {
        var annotated = await AnnotateAsync(operation, planned, cancellationToken).ConfigureAwait(false);
        Enforce(operation, [annotated]);
        return annotated;
    }

    /// <summary>Applies the policy to changes already annotated: all refused together, or each warned of.</summary>
    public void Enforce(OperationScope operation, IReadOnlyList<ResourceServerChange> annotated)
    {
        var revoking = annotated.Where(c => c.RevokedGrants.Count > 0).ToList();
        if (revoking.Count == 0)
        {
            return;
        }

        switch (policy)
        {
            case GrantRevocation.Refuse:
                throw new GrantedScopeRemovalException(revoking);
            case GrantRevocation.Warn:
                foreach (var change in revoking)
                {
                    // A set is warned of before its first write and each change again before its own: once is enough,
                    // unless the re-read found other grants revoked.
                    var grants = string.Join("; ", change.RevokedGrants);
                    if (_warned.Add(change.Identifier + "\n" + grants))
                    {
                        Log.GrantsRevoked(operation.Telemetry.Logger, operation.Name, change.UserPoolId, change.Identifier, grants);
                    }
                }

                break;
        }
    }
}
