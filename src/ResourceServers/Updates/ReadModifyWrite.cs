using System.Globalization;
using ResourceServers.Wire;

namespace ResourceServers;

/// <summary>
/// The safe-update operations behind <see cref="ResourceServerClient"/>: patch, only-if-unchanged update, ensure,
/// ensure-all and plan. Each is one read-decide-write unit.
/// </summary>
/// <remarks>
/// <para>Retries: the whole unit runs as one execution of the resilience pipeline, so a throttled or failed attempt
/// re-reads and decides again instead of replaying a write computed from a stale read. The calls inside the unit go
/// straight down the call path, never through the pipeline again, so retries are not stacked.</para>
/// <para>Concurrency: units for one (user pool, identifier) are serialized by a per-key lock of the owning client, so
/// two patches through one client never lose each other's changes; with <see cref="ResourceServerCoordination"/>, by
/// a distributed lock too, so units of other processes are serialized as well (the service has no conditional write).
/// The lock is taken outside the pipeline so that time spent queued behind other patches is not charged to a
/// per-attempt timeout, and so a unit that backs off keeps its turn. Different keys run in parallel. A unit checks
/// its lease right before each write and starts over when it was lost (<see cref="UnitLocks.RunAsync"/>).</para>
/// <para>Grants: a unit that would remove scopes reads which app clients of the pool grant them before it writes
/// (<see cref="GrantCheck"/>), and refuses, warns or writes as <see cref="ResourceServerClientOptions.GrantRevocation"/>
/// says. One read per call, shared by its changes; a change that removes nothing reads none.</para>
/// </remarks>
internal sealed class ReadModifyWrite(CognitoCallPath path, GrantRevocation grantRevocation, Func<OperationScope, string, CancellationToken, Task<PoolGrants>> readGrants)
{
    private readonly UnitLocks _locks = path.Locks;

    private GrantCheck NewGrantCheck() => new(grantRevocation, readGrants);

    /// <summary>
    /// UpdateResourceServer as the caller wrote it, one replace; unless <see cref="GrantRevocation.Allow"/>, it first
    /// reads the server, so a replace that drops granted scopes is refused or warned of.
    /// </summary>
    public async Task<ResourceServer> ReplaceAsync(OperationScope operation, ResourceServer desired, CancellationToken cancellationToken)
    {
        var grants = NewGrantCheck();
        return await path.ExecuteAsync(
            operation,
            (unit: this, operation, desired, grants),
            static (s, ct) => new ValueTask<ResourceServer>(s.unit.ReplaceAttemptAsync(s.operation, s.desired, s.grants, ct)),
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// DeleteResourceServer, one delete: true when deleted (by this call, even if an earlier attempt's answer was lost),
    /// false when it was not there and <paramref name="missingIsSuccess"/>. Unless <see cref="GrantRevocation.Allow"/>, it
    /// first reads the server, so deleting granted scopes is refused or warned of.
    /// </summary>
    public async Task<bool> DeleteAsync(OperationScope operation, string userPoolId, string identifier, bool missingIsSuccess, CancellationToken cancellationToken)
    {
        var grants = NewGrantCheck();
        return await path.ExecuteAsync(
            operation,
            (unit: this, operation, userPoolId, identifier, missingIsSuccess, grants, attempts: new WriteAttempts()),
            static (s, ct) => new ValueTask<bool>(s.unit.DeleteAttemptAsync(s.operation, s.userPoolId, s.identifier, s.missingIsSuccess, s.grants, s.attempts, ct)),
            cancellationToken).ConfigureAwait(false);
    }

    public async Task<ResourceServerChange> PatchAsync(OperationScope operation, string userPoolId, string identifier, ResourceServerPatch patch, CancellationToken cancellationToken)
    {
        ResourceServerValidator.ValidateKey(userPoolId, identifier);
        ArgumentNullException.ThrowIfNull(patch);
        ValidatePatch(patch);

        // Across the attempts of this call: the state first read, and whether a write may have landed unanswered.
        var unit = new UnitState(new WriteAttempts(), NewGrantCheck());
        return await LockedAttemptsAsync(operation, userPoolId, identifier, (lease, ct) => PatchAttemptAsync(operation, userPoolId, identifier, patch, unit, lease, ct), cancellationToken).ConfigureAwait(false);
    }

    public async Task<ResourceServerChange> UpdateIfUnchangedAsync(OperationScope operation, ResourceServer expected, ResourceServer desired, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ResourceServerValidator.Validate(desired);
        if (!string.Equals(expected.UserPoolId, desired.UserPoolId, StringComparison.Ordinal)
            || !string.Equals(expected.Identifier, desired.Identifier, StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"expected and desired must name the same resource server; expected is '{UntrustedText.Sanitize(expected.Identifier)}' in '{UntrustedText.Sanitize(expected.UserPoolId)}', desired is '{desired.Identifier}' in '{desired.UserPoolId}'.",
                nameof(expected));
        }

        var unit = new UnitState(new WriteAttempts(), NewGrantCheck());
        return await LockedAttemptsAsync(operation, desired.UserPoolId, desired.Identifier, (lease, ct) => UpdateIfUnchangedAttemptAsync(operation, expected, desired, unit, lease, ct), cancellationToken).ConfigureAwait(false);
    }

    public async Task<ResourceServerChange> EnsureAsync(OperationScope operation, ResourceServer desired, CancellationToken cancellationToken)
    {
        ResourceServerValidator.Validate(desired);
        return await EnsureCoreAsync(operation, desired, NewGrantCheck(), cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<ResourceServerChange>> EnsureAllAsync(OperationScope operation, string userPoolId, IEnumerable<ResourceServer> desired, bool deleteUnlisted, CancellationToken cancellationToken)
    {
        var done = new List<ResourceServerChange>();
        await EnsureAllAsync(operation, userPoolId, desired, deleteUnlisted, done, progress: null, cancellationToken).ConfigureAwait(false);
        return done;
    }

    /// <summary>
    /// Ensures one pool's set: its plan from one listing, then the plan carried out (<see cref="ApplySetAsync"/>), each
    /// result added to <paramref name="done"/> as it is made, so a failure part way leaves what was done in it.
    /// </summary>
    public async Task EnsureAllAsync(OperationScope operation, string userPoolId, IEnumerable<ResourceServer> desired, bool deleteUnlisted, List<ResourceServerChange> done, IProgress<ResourceServerChange>? progress, CancellationToken cancellationToken)
    {
        var (servers, named) = ValidateSet(userPoolId, desired);
        await path.WithinDeadlineAsync(
            "EnsureAll",
            userPoolId,
            (unit: this, operation, userPoolId, servers, named, deleteUnlisted, done, progress),
            static async (s, ct) =>
            {
                // Every change that removes granted scopes is refused (or warned of) before anything is written, together.
                var grants = s.unit.NewGrantCheck();
                var plans = await s.unit.PlanSetAsync(s.operation, s.userPoolId, s.servers, s.named, s.deleteUnlisted, grants, ct).ConfigureAwait(false);
                grants.Enforce(s.operation, plans);
                await s.unit.ApplySetAsync(s.operation, plans, grants, s.done, s.progress, ct).ConfigureAwait(false);
                return true;
            },
            cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<ResourceServerChange>> PlanAllAsync(OperationScope operation, string userPoolId, IEnumerable<ResourceServer> desired, bool deleteUnlisted, CancellationToken cancellationToken)
    {
        var (servers, named) = ValidateSet(userPoolId, desired);
        return await path.WithinDeadlineAsync(
            "PlanAll",
            userPoolId,
            (unit: this, operation, userPoolId, servers, named, deleteUnlisted),
            static (s, ct) => s.unit.PlanSetAsync(s.operation, s.userPoolId, s.servers, s.named, s.deleteUnlisted, s.unit.NewGrantCheck(), ct),
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Carries out one pool's plan (as <see cref="PlanAllAsync"/> made it) without listing the pool again, within the
    /// multi-call deadline; each result is added to <paramref name="done"/> as it is made. The plans are checked by the
    /// caller (<see cref="ValidatePlans"/>) before any pool starts.
    /// </summary>
    public async Task ApplyPlanAsync(OperationScope operation, string userPoolId, IReadOnlyList<ResourceServerChange> plans, List<ResourceServerChange> done, IProgress<ResourceServerChange>? progress, CancellationToken cancellationToken)
    {
        await path.WithinDeadlineAsync(
            "ApplyPlan",
            userPoolId,
            (unit: this, operation, plans, done, progress),
            static async (s, ct) =>
            {
                // The grants are read again (a plan given may carry none): the policy applies to the whole set before the first write.
                var grants = s.unit.NewGrantCheck();
                var plans = await s.unit.AnnotateAsync(s.operation, grants, [.. s.plans], ct).ConfigureAwait(false);
                grants.Enforce(s.operation, plans);
                await s.unit.ApplySetAsync(s.operation, plans, grants, s.done, s.progress, ct).ConfigureAwait(false);
                return true;
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Carries out a pool's plans in order: only those with changes cost calls, each through the locked unit, which
    /// reads again (the listing the plan came from may be stale by then) and decides from that. One at a time: the
    /// service allows 5 writes per second per operation and pool, so parallelism within a pool would only trade into
    /// throttling; pools run side by side instead (<see cref="ConcurrentPools"/>). A failure stops the pool.
    /// </summary>
    private async Task ApplySetAsync(OperationScope operation, IReadOnlyList<ResourceServerChange> plans, GrantCheck grants, List<ResourceServerChange> done, IProgress<ResourceServerChange>? progress, CancellationToken cancellationToken)
    {
        foreach (var plan in plans)
        {
            if (!plan.HasChanges)
            {
                done.Add(ResourceServerChange.Unchanged(plan.Before!));
                continue;
            }

            ResourceServerChange result;
            if (plan.Kind == ResourceServerChangeKind.Deleted)
            {
                await DeleteUnlistedAsync(operation, plan.Before!, cancellationToken).ConfigureAwait(false);
                result = ResourceServerChange.Deleted(plan.Before!) with { RevokedGrants = plan.RevokedGrants };
            }
            else
            {
                result = await EnsureCoreAsync(operation, plan.After!, grants, cancellationToken).ConfigureAwait(false);
            }

            done.Add(result);
            progress?.Report(result);
        }
    }

    private async Task<IReadOnlyList<ResourceServerChange>> PlanSetAsync(OperationScope operation, string userPoolId, List<ResourceServer> servers, HashSet<string> named, bool deleteUnlisted, GrantCheck grants, CancellationToken cancellationToken)
    {
        var current = await ReadPoolAsync(operation, userPoolId, cancellationToken).ConfigureAwait(false);

        var plans = new List<ResourceServerChange>(servers.Count);
        foreach (var server in servers)
        {
            plans.Add(ResourceServerChange.Plan(current.GetValueOrDefault(server.Identifier), server));
        }

        // Deletions last: carried out in order, they come after every named server is in place, so a failure part
        // way never leaves the pool short.
        if (deleteUnlisted)
        {
            foreach (var server in current.Values)
            {
                if (!named.Contains(server.Identifier))
                {
                    plans.Add(ResourceServerChange.PlanDelete(server));
                }
            }
        }

        return await AnnotateAsync(operation, grants, plans, cancellationToken).ConfigureAwait(false);
    }

    // Each change with the app clients that grant what it removes; the pool's grants are read once (through the
    // pipeline, so a throttled read is retried), and only if one removes a scope.
    private async Task<IReadOnlyList<ResourceServerChange>> AnnotateAsync(OperationScope operation, GrantCheck grants, List<ResourceServerChange> changes, CancellationToken cancellationToken)
    {
        if (changes.All(c => c.RemovedScopeIdentifiers.Count == 0))
        {
            return changes;
        }

        return await path.ExecuteAsync(
            operation,
            (operation, grants, changes),
            static async (s, ct) =>
            {
                var annotated = new List<ResourceServerChange>(s.changes.Count);
                foreach (var change in s.changes)
                {
                    annotated.Add(await s.grants.AnnotateAsync(s.operation, change, ct).ConfigureAwait(false));
                }

                return (IReadOnlyList<ResourceServerChange>)annotated;
            },
            cancellationToken).ConfigureAwait(false);
    }

    public async Task<ResourceServerChange> PlanAsync(OperationScope operation, ResourceServer desired, CancellationToken cancellationToken)
    {
        ResourceServerValidator.Validate(desired);
        var grants = NewGrantCheck();
        return await path.ExecuteAsync(
            operation,
            (unit: this, operation, desired, grants),
            static (s, ct) => new ValueTask<ResourceServerChange>(s.unit.PlanAttemptAsync(s.operation, s.desired, s.grants, ct)),
            cancellationToken).ConfigureAwait(false);
    }

    // One attempt of a plan: read, compare, and name the grants what it removes revokes.
    private async Task<ResourceServerChange> PlanAttemptAsync(OperationScope operation, ResourceServer desired, GrantCheck grants, CancellationToken ct)
    {
        var current = await path.FindAsync(operation, desired.UserPoolId, desired.Identifier, ct).ConfigureAwait(false);
        if (current is null)
        {
            // "Not found" is also the answer in a pool that does not exist, where a plan to create is not true.
            await ThrowIfPoolMissingAsync(operation, desired.UserPoolId, ct).ConfigureAwait(false);
        }

        return await grants.AnnotateAsync(operation, ResourceServerChange.Plan(current, desired), ct).ConfigureAwait(false);
    }

    private async Task<ResourceServerChange> EnsureCoreAsync(OperationScope operation, ResourceServer desired, GrantCheck grants, CancellationToken cancellationToken)
    {
        var unit = new UnitState(new WriteAttempts(), grants);
        return await LockedAttemptsAsync(operation, desired.UserPoolId, desired.Identifier, (lease, ct) => EnsureAttemptAsync(operation, desired, unit, lease, ct), cancellationToken).ConfigureAwait(false);
    }

    private async Task DeleteUnlistedAsync(OperationScope operation, ResourceServer server, CancellationToken cancellationToken)
    {
        var attempts = new WriteAttempts();

        // Already gone (another deleter, or this call's own earlier attempt) is the goal reached.
        await LockedAttemptsAsync(operation, server.UserPoolId, server.Identifier, (lease, ct) =>
        {
            lease.ThrowIfLost();
            return Writes.DeleteAsync(path, operation, server.UserPoolId, server.Identifier, missingIsSuccess: true, attempts, ct);
        }, cancellationToken).ConfigureAwait(false);
    }

    // One attempt of a plain update: unless grants may be revoked freely, read what it replaces and apply the policy
    // (a server not there fails the read as the update would, "not found"); then the replace as given.
    private async Task<ResourceServer> ReplaceAttemptAsync(OperationScope operation, ResourceServer desired, GrantCheck grants, CancellationToken ct)
    {
        if (grantRevocation != GrantRevocation.Allow)
        {
            var current = await path.DescribeAsync(operation, desired.UserPoolId, desired.Identifier, ct).ConfigureAwait(false);
            await grants.BeforeWriteAsync(operation, ResourceServerChange.Plan(current, desired), ct).ConfigureAwait(false);
        }

        return await path.UpdateAsync(operation, desired, ct).ConfigureAwait(false);
    }

    // One attempt of a plain delete, read first in the same way. The read's "not found" means what the delete's would
    // (Writes.DeleteAsync): an earlier attempt's work whose answer was lost, or nothing there.
    private async Task<bool> DeleteAttemptAsync(OperationScope operation, string userPoolId, string identifier, bool missingIsSuccess, GrantCheck grants, WriteAttempts attempts, CancellationToken ct)
    {
        if (grantRevocation != GrantRevocation.Allow)
        {
            ResourceServer current;
            try
            {
                current = await path.DescribeAsync(operation, userPoolId, identifier, ct).ConfigureAwait(false);
            }
            catch (ResourceServerNotFoundException notFound) when (attempts.MayBeOwnEarlierWrite(CognitoOperation.DeleteResourceServer, notFound) || missingIsSuccess)
            {
                // Not there: the delete's own "not found" would mean the same, so it is answered here without sending it.
                return attempts.MayHaveWritten;
            }

            await grants.BeforeWriteAsync(operation, ResourceServerChange.PlanDelete(current), ct).ConfigureAwait(false);
        }

        return await Writes.DeleteAsync(path, operation, userPoolId, identifier, missingIsSuccess, attempts, ct).ConfigureAwait(false);
    }

    // Every unit has this shape, outermost first: its key's lock (outside the pipeline, so time queued behind other
    // units is not charged to an attempt's timeout), then the pipeline's attempts, each running the attempt body.
    private Task<T> LockedAttemptsAsync<T>(OperationScope operation, string userPoolId, string identifier, Func<UnitLocks.Lease, CancellationToken, Task<T>> attempt, CancellationToken cancellationToken) =>
        _locks.RunAsync(
            userPoolId,
            identifier,
            (lease, ct) => path.ExecuteAsync(operation, (attempt, lease), static (s, ct) => new ValueTask<T>(s.attempt(s.lease, ct)), ct).AsTask(),
            cancellationToken);

    // One attempt of a patch: read, apply, validate, and write only when something changed.
    private async Task<ResourceServerChange> PatchAttemptAsync(OperationScope operation, string userPoolId, string identifier, ResourceServerPatch patch, UnitState unit, UnitLocks.Lease lease, CancellationToken ct)
    {
        var before = await path.DescribeAsync(operation, userPoolId, identifier, ct).ConfigureAwait(false);
        unit.RecordFirstRead(before);
        var after = patch.ApplyTo(before);
        ResourceServerValidator.Validate(after);
        if (ResourceServerDiff.Between(before, after).IsEmpty)
        {
            return unit.NothingLeftToWrite(before);
        }

        var planned = await unit.Grants.BeforeWriteAsync(operation, ResourceServerChange.Plan(before, after), ct).ConfigureAwait(false);
        lease.ThrowIfLost();
        var stored = await Writes.ReplaceAsync(path, operation, after, unit.Attempts, ct).ConfigureAwait(false);
        return ResourceServerChange.Updated(before, stored) with { RevokedGrants = planned.RevokedGrants };
    }

    // One attempt of an update-if-unchanged: re-read, compare with what the caller expects, write.
    private async Task<ResourceServerChange> UpdateIfUnchangedAttemptAsync(OperationScope operation, ResourceServer expected, ResourceServer desired, UnitState unit, UnitLocks.Lease lease, CancellationToken ct)
    {
        var current = await path.DescribeAsync(operation, desired.UserPoolId, desired.Identifier, ct).ConfigureAwait(false);
        unit.RecordFirstRead(current);

        // Checked first so that a retry after a write whose answer was lost sees its own write as success.
        if (current.HasSameContentAs(desired))
        {
            return unit.NothingLeftToWrite(current);
        }

        if (!current.HasSameContentAs(expected))
        {
            throw new ResourceServerChangedException(expected, current);
        }

        var planned = await unit.Grants.BeforeWriteAsync(operation, ResourceServerChange.Plan(current, desired), ct).ConfigureAwait(false);
        lease.ThrowIfLost();
        var stored = await Writes.ReplaceAsync(path, operation, desired, unit.Attempts, ct).ConfigureAwait(false);
        return ResourceServerChange.Updated(current, stored) with { RevokedGrants = planned.RevokedGrants };
    }

    // One attempt of an ensure: read, then create, update or leave alone.
    private async Task<ResourceServerChange> EnsureAttemptAsync(OperationScope operation, ResourceServer desired, UnitState unit, UnitLocks.Lease lease, CancellationToken ct)
    {
        var current = await path.FindAsync(operation, desired.UserPoolId, desired.Identifier, ct).ConfigureAwait(false);
        unit.RecordFirstRead(current);
        if (current is null)
        {
            try
            {
                lease.ThrowIfLost();
                var created = await Writes.CreateAsync(path, operation, desired, unit.Attempts, ct).ConfigureAwait(false);
                return ResourceServerChange.Created(created);
            }
            catch (Exception failure) when (FailureClassification.IsAlreadyExists(failure))
            {
                // Another creator won the race; compare with what it made. If it is gone again, the answer stands.
                current = await path.FindAsync(operation, desired.UserPoolId, desired.Identifier, ct).ConfigureAwait(false);
                if (current is null)
                {
                    throw;
                }
            }
        }

        if (ResourceServerDiff.Between(current, desired).IsEmpty)
        {
            return unit.NothingLeftToWrite(current);
        }

        var planned = await unit.Grants.BeforeWriteAsync(operation, ResourceServerChange.Plan(current, desired), ct).ConfigureAwait(false);
        lease.ThrowIfLost();
        var stored = await Writes.ReplaceAsync(path, operation, desired, unit.Attempts, ct).ConfigureAwait(false);
        return ResourceServerChange.Updated(current, stored) with { RevokedGrants = planned.RevokedGrants };
    }

    // Checked before anything is read, so a malformed set costs no call.
    internal static (List<ResourceServer> Servers, HashSet<string> Named) ValidateSet(string userPoolId, IEnumerable<ResourceServer> desired)
    {
        ResourceServerValidator.ValidateUserPoolId(userPoolId, "UserPoolId");
        ArgumentNullException.ThrowIfNull(desired);
        var servers = desired.ToList();
        var named = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < servers.Count; i++)
        {
            var at = $"desired[{i.ToString(CultureInfo.InvariantCulture)}]";
            var server = servers[i] ?? throw new ArgumentException($"{at} is null.", nameof(desired));
            ResourceServerValidator.Validate(server);
            if (!string.Equals(server.UserPoolId, userPoolId, StringComparison.Ordinal))
            {
                throw new ArgumentException($"{at}.UserPoolId is '{server.UserPoolId}'; every resource server must be in pool '{userPoolId}'.", nameof(desired));
            }

            if (!named.Add(server.Identifier))
            {
                throw new ArgumentException($"{at}.Identifier '{server.Identifier}' appears more than once.", nameof(desired));
            }
        }

        return (servers, named);
    }

    // A plan to carry out must be one a plan call makes: of this pool, a state to write for creates and updates, the
    // state read for deletions and no-ops. Checked before anything is written.
    internal static void ValidatePlans(string userPoolId, IReadOnlyList<ResourceServerChange> plans)
    {
        ResourceServerValidator.ValidateUserPoolId(userPoolId, "UserPoolId");
        ArgumentNullException.ThrowIfNull(plans);
        var named = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < plans.Count; i++)
        {
            var at = $"Changes[{i.ToString(CultureInfo.InvariantCulture)}]";
            var plan = plans[i] ?? throw new ArgumentException($"{at} is null.", nameof(plans));
            var state = plan.Kind is ResourceServerChangeKind.Created or ResourceServerChangeKind.Updated ? plan.After : plan.Before;
            if (!plan.IsPlan || state is null)
            {
                throw new ArgumentException($"{at} is not a plan (IsPlan set, with the state to write or the state read): carry out only what PlanAllAsync or PlanPoolsAsync returned.", nameof(plans));
            }

            ResourceServerValidator.Validate(state);
            if (!string.Equals(state.UserPoolId, userPoolId, StringComparison.Ordinal))
            {
                throw new ArgumentException($"{at} is about pool '{state.UserPoolId}'; every plan must be of pool '{userPoolId}'.", nameof(plans));
            }

            if (!named.Add(state.Identifier))
            {
                throw new ArgumentException($"{at}.Identifier '{state.Identifier}' appears more than once.", nameof(plans));
            }
        }
    }

    /// <summary>
    /// <see cref="ReadSetAsync"/>, where a pool that does not exist is an error naming it and the Region: a plan or an
    /// ensure of a mistyped pool id (or of the wrong account or Region) must not read as a list of creates. Cognito
    /// answers ListResourceServers for a missing pool with ResourceNotFoundException.
    /// </summary>
    private async Task<Dictionary<string, ResourceServer>> ReadPoolAsync(OperationScope operation, string userPoolId, CancellationToken cancellationToken)
    {
        try
        {
            return await ReadSetAsync(operation, userPoolId, cancellationToken).ConfigureAwait(false);
        }
        catch (ResourceServerNotFoundException missing)
        {
            throw PoolMissing(userPoolId, missing);
        }
    }

    // One page of one server: the cheapest read that answers "not found" for a pool that does not exist.
    private async Task ThrowIfPoolMissingAsync(OperationScope operation, string userPoolId, CancellationToken cancellationToken)
    {
        try
        {
            await using var page = path.ListAsync(operation, userPoolId, ResourceServerValidator.MinPageSize, cancellationToken).GetAsyncEnumerator(cancellationToken);
            await page.MoveNextAsync().ConfigureAwait(false);
        }
        catch (ResourceServerNotFoundException missing)
        {
            throw PoolMissing(userPoolId, missing);
        }
    }

    private CognitoServiceException PoolMissing(string userPoolId, ResourceServerNotFoundException missing) =>
        CognitoServiceException.FromErrorCode(
            CognitoErrorCodes.ResourceNotFound,
            $"User pool '{userPoolId}' does not exist in Region {path.Region ?? PoolRegion(userPoolId)}: check the pool id, the Region and the account; nothing was planned or written",
            missing.StatusCode,
            missing.RequestId,
            missing);

    // A pool id is "<region>_<id>"; the Region it names, when the call path does not know the one it calls.
    private static string PoolRegion(string userPoolId) => userPoolId[..Math.Max(0, userPoolId.IndexOf('_', StringComparison.Ordinal))];

    /// <summary>
    /// Every resource server of the pool by identifier, in the order listed: ListResourceServers at its largest page
    /// (50), so a pool at Cognito's default limit of 25 costs one read where a Describe each would cost 25.
    /// </summary>
    private async Task<Dictionary<string, ResourceServer>> ReadSetAsync(OperationScope operation, string userPoolId, CancellationToken cancellationToken)
    {
        var current = new Dictionary<string, ResourceServer>(StringComparer.Ordinal);
        await foreach (var server in path.ListAsync(operation, userPoolId, ResourceServerValidator.MaxPageSize, cancellationToken).ConfigureAwait(false))
        {
            current[server.Identifier] = server;
        }

        return current;
    }

    // Checked before anything is read, so a malformed patch costs no call. The 100-scope limit is checked on the result.
    private static void ValidatePatch(ResourceServerPatch patch)
    {
        if (patch.NewName is not null)
        {
            ResourceServerValidator.ValidateName(patch.NewName, "patch.NewName");
        }

        for (var i = 0; i < patch.ScopesToAddOrUpdate.Count; i++)
        {
            var at = $"patch.ScopesToAddOrUpdate[{i.ToString(CultureInfo.InvariantCulture)}]";
            ResourceServerValidator.ValidateScopeName(patch.ScopesToAddOrUpdate[i].Name, at + ".ScopeName");
            ResourceServerValidator.ValidateScopeDescription(patch.ScopesToAddOrUpdate[i].Description, at + ".ScopeDescription");
        }

        for (var i = 0; i < patch.ScopesToRemove.Count; i++)
        {
            // A well-formed name that does not exist is a no-op; a malformed one (say "https://api/read", the
            // token form) is a mistake worth reporting.
            ResourceServerValidator.ValidateScopeName(patch.ScopesToRemove[i], $"patch.ScopesToRemove[{i.ToString(CultureInfo.InvariantCulture)}]");
        }

        if (patch.ReplacementScopes is { } replacement)
        {
            ResourceServerValidator.ValidateScopes(replacement, "patch.ReplacementScopes");
        }
    }

    /// <summary>What the attempts of one unit share: the state the first attempt read, and its writes.</summary>
    private sealed class UnitState(WriteAttempts attempts, GrantCheck grants)
    {
        private bool _read;
        private ResourceServer? _firstRead;

        public WriteAttempts Attempts { get; } = attempts;

        public GrantCheck Grants { get; } = grants;

        public void RecordFirstRead(ResourceServer? state)
        {
            if (!_read)
            {
                _read = true;
                _firstRead = state;
            }
        }

        /// <summary>
        /// The result when the state read already holds what the unit wants. A retry that finds its own lost write in
        /// place reports that write, from the state the first attempt read; otherwise nothing was written.
        /// </summary>
        public ResourceServerChange NothingLeftToWrite(ResourceServer current) =>
            !Attempts.MayHaveWritten ? ResourceServerChange.Unchanged(current)
            : _firstRead is null ? ResourceServerChange.Created(current)
            : ResourceServerChange.Updated(_firstRead, current);
    }
}
