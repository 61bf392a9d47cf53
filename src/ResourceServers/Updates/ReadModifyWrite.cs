using System.Globalization;
using Polly;
using ResourceServers.Errors;
using ResourceServers.Models;
using ResourceServers.Resilience;
using ResourceServers.Telemetry;
using ResourceServers.Validation;
using ResourceServers.Wire;

namespace ResourceServers.Updates;

/// <summary>
/// The safe-update operations behind <see cref="ResourceServerClient"/>: patch, only-if-unchanged update, ensure and
/// plan. Each is one read-decide-write unit.
/// </summary>
/// <remarks>
/// <para>Retries: the whole unit runs inside the resilience pipeline, so a throttled or failed attempt re-reads and
/// decides again instead of replaying a write computed from a stale read. The calls inside the unit go to the port
/// directly, never through the pipeline again, so retries are not stacked.</para>
/// <para>Concurrency: units for one (user pool, identifier) are serialized by a per-key lock of the owning client, so
/// two patches through one client never lose each other's changes. The lock is taken outside the pipeline so that
/// time spent queued behind other patches is not charged to a per-attempt timeout, and so a unit that backs off keeps
/// its turn. Different keys run in parallel. Other processes are not covered: the service has no conditional write.</para>
/// </remarks>
internal sealed class ReadModifyWrite
{
    private readonly ICognitoResourceServerApi _api;
    private readonly AttemptCountingPipeline _pipeline;
    private readonly KeyedAsyncLock<(string UserPoolId, string Identifier)> _locks;

    public ReadModifyWrite(ICognitoResourceServerApi api, AttemptCountingPipeline pipeline, KeyedAsyncLock<(string UserPoolId, string Identifier)> locks)
    {
        _api = api;
        _pipeline = pipeline;
        _locks = locks;
    }

    public async Task<PatchResult> PatchAsync(string userPoolId, string identifier, ResourceServerPatch patch, CancellationToken cancellationToken)
    {
        RequestValidator.ValidateKey(userPoolId, identifier);
        ArgumentNullException.ThrowIfNull(patch);
        ValidatePatch(patch);

        using var held = await _locks.AcquireAsync((userPoolId, identifier), cancellationToken).ConfigureAwait(false);

        // Across the attempts of this call: the state first read, and whether a write may have landed unanswered.
        ResourceServer? original = null;
        var mayHaveWritten = false;
        return await _pipeline.ExecuteAsync(
            async ct =>
            {
                var before = await DescribeAsync(userPoolId, identifier, ct).ConfigureAwait(false);
                original ??= before;
                var after = patch.ApplyTo(before);
                RequestValidator.ValidateResourceServer(after);
                if (ResourceServerDiff.Between(before, after).IsEmpty)
                {
                    // A retry that finds its own lost write in place reports that write, from the state first read.
                    return mayHaveWritten
                        ? new PatchResult(PatchOutcome.Updated, original, before, ResourceServerDiff.Between(original, before))
                        : new PatchResult(PatchOutcome.Unchanged, before, before, ResourceServerDiff.Empty);
                }

                var stored = await WriteMarkingAmbiguityAsync(after, () => mayHaveWritten = true, ct).ConfigureAwait(false);
                return new PatchResult(PatchOutcome.Updated, before, stored, ResourceServerDiff.Between(before, stored));
            },
            cancellationToken).ConfigureAwait(false);
    }

    public async Task<ResourceServer> UpdateIfUnchangedAsync(ResourceServer expected, ResourceServer desired, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(expected);
        RequestValidator.ValidateResourceServer(desired);
        if (!string.Equals(expected.UserPoolId, desired.UserPoolId, StringComparison.Ordinal)
            || !string.Equals(expected.Identifier, desired.Identifier, StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"expected and desired must name the same resource server; expected is '{expected.Identifier}' in '{expected.UserPoolId}', desired is '{desired.Identifier}' in '{desired.UserPoolId}'.",
                nameof(expected));
        }

        using var held = await _locks.AcquireAsync((desired.UserPoolId, desired.Identifier), cancellationToken).ConfigureAwait(false);
        return await _pipeline.ExecuteAsync(
            async ct =>
            {
                var current = await DescribeAsync(desired.UserPoolId, desired.Identifier, ct).ConfigureAwait(false);

                // Checked first so that a retry after a write whose answer was lost sees its own write as success.
                if (current.HasSameContentAs(desired))
                {
                    return current;
                }

                if (!current.HasSameContentAs(expected))
                {
                    throw new ResourceServerChangedException(expected, current);
                }

                return await WriteAsync(desired, ct).ConfigureAwait(false);
            },
            cancellationToken).ConfigureAwait(false);
    }

    public async Task<EnsureResult> EnsureAsync(ResourceServer desired, CancellationToken cancellationToken)
    {
        RequestValidator.ValidateResourceServer(desired);
        return await EnsureCoreAsync(desired, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<EnsureResult>> EnsureAllAsync(string userPoolId, IEnumerable<ResourceServer> desired, bool deleteUnlisted, CancellationToken cancellationToken)
    {
        RequestValidator.ValidateUserPoolId(userPoolId, "UserPoolId");
        ArgumentNullException.ThrowIfNull(desired);
        var servers = desired.ToList();
        var named = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < servers.Count; i++)
        {
            var path = $"desired[{i.ToString(CultureInfo.InvariantCulture)}]";
            var server = servers[i] ?? throw new ArgumentException($"{path} is null.", nameof(desired));
            RequestValidator.ValidateResourceServer(server);
            if (!string.Equals(server.UserPoolId, userPoolId, StringComparison.Ordinal))
            {
                throw new ArgumentException($"{path}.UserPoolId is '{server.UserPoolId}'; every resource server must be in pool '{userPoolId}'.", nameof(desired));
            }

            if (!named.Add(server.Identifier))
            {
                throw new ArgumentException($"{path}.Identifier '{server.Identifier}' appears more than once.", nameof(desired));
            }
        }

        // One at a time: the service allows 5 writes per second per operation and pool, so parallelism would only
        // trade into throttling.
        var results = new List<EnsureResult>(servers.Count);
        foreach (var server in servers)
        {
            results.Add(await EnsureCoreAsync(server, cancellationToken).ConfigureAwait(false));
        }

        // Deletions come after every named server is in place, so a failure part way never leaves the pool short.
        if (deleteUnlisted)
        {
            var existing = await ListAllAsync(userPoolId, cancellationToken).ConfigureAwait(false);
            foreach (var server in existing.Where(s => !named.Contains(s.Identifier)))
            {
                await DeleteAsync(server, cancellationToken).ConfigureAwait(false);
                results.Add(new EnsureResult(EnsureOutcome.Deleted, server, null, ResourceServerDiff.Empty));
            }
        }

        return results;
    }

    public async Task<ResourceServerPlan> PlanAsync(ResourceServer desired, CancellationToken cancellationToken)
    {
        RequestValidator.ValidateResourceServer(desired);
        var current = await _pipeline.ExecuteAsync(
            async ct => await TryDescribeAsync(desired.UserPoolId, desired.Identifier, ct).ConfigureAwait(false),
            cancellationToken).ConfigureAwait(false);
        if (current is null)
        {
            return new ResourceServerPlan(PlanAction.Create, null, desired, ResourceServerDiff.Empty);
        }

        var diff = ResourceServerDiff.Between(current, desired);
        return diff.IsEmpty
            ? new ResourceServerPlan(PlanAction.NoChange, current, desired, diff)
            : new ResourceServerPlan(PlanAction.Update, current, desired, diff);
    }

    private async Task<EnsureResult> EnsureCoreAsync(ResourceServer desired, CancellationToken cancellationToken)
    {
        using var held = await _locks.AcquireAsync((desired.UserPoolId, desired.Identifier), cancellationToken).ConfigureAwait(false);

        // Across the attempts of this call: what the first read found, and whether a write may have landed unanswered.
        var firstRead = false;
        ResourceServer? original = null;
        var mayHaveWritten = false;
        return await _pipeline.ExecuteAsync(
            async ct =>
            {
                var current = await TryDescribeAsync(desired.UserPoolId, desired.Identifier, ct).ConfigureAwait(false);
                if (!firstRead)
                {
                    firstRead = true;
                    original = current;
                }

                if (current is null)
                {
                    try
                    {
                        var created = await _api.CreateResourceServerAsync(WireMapping.ToCreateRequest(desired), ct).ConfigureAwait(false);
                        return new EnsureResult(EnsureOutcome.Created, null, WireMapping.ToModel(created.ResourceServer, desired.UserPoolId, desired.Identifier), ResourceServerDiff.Empty);
                    }
                    catch (Exception failure) when (AmbiguousOutcome.MayHaveBeenApplied(failure))
                    {
                        mayHaveWritten = true;
                        throw;
                    }
                    catch (InvalidParameterException)
                    {
                        // Another creator won the race ("already exists"); compare with what it made. If it still
                        // does not exist, the parameter error was real.
                        current = await TryDescribeAsync(desired.UserPoolId, desired.Identifier, ct).ConfigureAwait(false);
                        if (current is null)
                        {
                            throw;
                        }
                    }
                }

                var diff = ResourceServerDiff.Between(current, desired);
                if (diff.IsEmpty)
                {
                    // A retry that finds its own lost create or update in place reports that write.
                    if (mayHaveWritten)
                    {
                        return original is null
                            ? new EnsureResult(EnsureOutcome.Created, null, current, ResourceServerDiff.Empty)
                            : new EnsureResult(EnsureOutcome.Updated, original, current, ResourceServerDiff.Between(original, current));
                    }

                    return new EnsureResult(EnsureOutcome.Unchanged, current, current, diff);
                }

                var stored = await WriteMarkingAmbiguityAsync(desired, () => mayHaveWritten = true, ct).ConfigureAwait(false);
                return new EnsureResult(EnsureOutcome.Updated, current, stored, ResourceServerDiff.Between(current, stored));
            },
            cancellationToken).ConfigureAwait(false);
    }

    private async Task DeleteAsync(ResourceServer server, CancellationToken cancellationToken)
    {
        using var held = await _locks.AcquireAsync((server.UserPoolId, server.Identifier), cancellationToken).ConfigureAwait(false);
        await _pipeline.ExecuteAsync(
            async ct =>
            {
                try
                {
                    await _api.DeleteResourceServerAsync(new DeleteResourceServerRequest { UserPoolId = server.UserPoolId, Identifier = server.Identifier }, ct).ConfigureAwait(false);
                }
                catch (ResourceNotFoundException)
                {
                    // Already gone (another deleter, or a retry after a delete whose answer was lost): the goal holds.
                }
            },
            cancellationToken).ConfigureAwait(false);
    }

    private async Task<List<ResourceServer>> ListAllAsync(string userPoolId, CancellationToken cancellationToken)
    {
        var all = new List<ResourceServer>();
        string? nextToken = null;
        do
        {
            // One pipeline execution per page, as ListAsync does: a retry repeats only the failed page.
            var request = new ListResourceServersRequest { UserPoolId = userPoolId, NextToken = nextToken };
            var page = await _pipeline.ExecuteAsync(
                async ct => await _api.ListResourceServersAsync(request, ct).ConfigureAwait(false),
                cancellationToken).ConfigureAwait(false);
            all.AddRange(page.ResourceServers.Select(s => WireMapping.ToModel(s, userPoolId)));
            nextToken = string.IsNullOrEmpty(page.NextToken) ? null : page.NextToken;
        }
        while (nextToken is not null);

        return all;
    }

    private async Task<ResourceServer> DescribeAsync(string userPoolId, string identifier, CancellationToken cancellationToken)
    {
        var response = await _api.DescribeResourceServerAsync(new DescribeResourceServerRequest { UserPoolId = userPoolId, Identifier = identifier }, cancellationToken).ConfigureAwait(false);
        return WireMapping.ToModel(response.ResourceServer, userPoolId, identifier);
    }

    private async Task<ResourceServer?> TryDescribeAsync(string userPoolId, string identifier, CancellationToken cancellationToken)
    {
        try
        {
            return await DescribeAsync(userPoolId, identifier, cancellationToken).ConfigureAwait(false);
        }
        catch (ResourceNotFoundException)
        {
            return null;
        }
    }

    private async Task<ResourceServer> WriteAsync(ResourceServer state, CancellationToken cancellationToken)
    {
        var response = await _api.UpdateResourceServerAsync(WireMapping.ToUpdateRequest(state), cancellationToken).ConfigureAwait(false);
        return WireMapping.ToModel(response.ResourceServer, state.UserPoolId, state.Identifier);
    }

    /// <summary>Writes, and calls <paramref name="onAmbiguousFailure"/> when the write failed but may have landed.</summary>
    private async Task<ResourceServer> WriteMarkingAmbiguityAsync(ResourceServer state, Action onAmbiguousFailure, CancellationToken cancellationToken)
    {
        try
        {
            return await WriteAsync(state, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception failure) when (AmbiguousOutcome.MayHaveBeenApplied(failure))
        {
            onAmbiguousFailure();
            throw;
        }
    }

    // Checked before anything is read, so a malformed patch costs no call. The 100-scope limit is checked on the result.
    private static void ValidatePatch(ResourceServerPatch patch)
    {
        if (patch.NewName is not null)
        {
            RequestValidator.ValidateName(patch.NewName, "patch.NewName");
        }

        for (var i = 0; i < patch.ScopesToSet.Count; i++)
        {
            var path = $"patch.ScopesToSet[{i.ToString(CultureInfo.InvariantCulture)}]";
            RequestValidator.ValidateScopeName(patch.ScopesToSet[i].Name, path + ".ScopeName");
            RequestValidator.ValidateScopeDescription(patch.ScopesToSet[i].Description, path + ".ScopeDescription");
        }

        for (var i = 0; i < patch.ScopesToRemove.Count; i++)
        {
            // A well-formed name that does not exist is a no-op; a malformed one (say "https://api/read", the
            // token form) is a mistake worth reporting.
            RequestValidator.ValidateScopeName(patch.ScopesToRemove[i], $"patch.ScopesToRemove[{i.ToString(CultureInfo.InvariantCulture)}]");
        }

        if (patch.ReplacementScopes is { } replacement)
        {
            RequestValidator.ValidateScopes(replacement, "patch.ReplacementScopes");
        }
    }
}
