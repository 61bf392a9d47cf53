using Medallion.Threading;
using Microsoft.Extensions.Logging;

namespace ResourceServers;

/// <summary>
/// The locks of read-modify-write units, per (user pool, identifier): always the client's in-process lock, and, with
/// coordination, the distributed lock of the same key after it (so units of one process queue locally instead of all
/// polling the coordination service).
/// </summary>
/// <param name="coordination">The distributed locks, or null for the in-process lock only.</param>
/// <param name="scope">The Cognito endpoint the client calls (its host and port), part of every distributed key.</param>
/// <param name="logger">Where the fallback warning goes.</param>
internal sealed class UnitLocks(ResourceServerCoordination? coordination, string scope, ILogger logger)
{
    /// <summary>How many times a unit starts over after losing its lease before it gives up.</summary>
    internal const int MaxLeaseLosses = 3;

    private readonly KeyedAsyncLock<(string UserPoolId, string Identifier)> _local = new();

    /// <summary>The distributed lock name of a key.</summary>
    internal string NameOf(string userPoolId, string identifier) =>
        $"{coordination?.KeyPrefix ?? ResourceServerCoordination.DefaultKeyPrefix}:lock:{scope}:{userPoolId}:{identifier}";

    /// <summary>
    /// Runs <paramref name="unit"/> holding the key's locks. The unit's token is also cancelled when the lease is lost,
    /// so a wait for a pacing slot ends there. When the unit finds the lease lost before a write
    /// (<see cref="Lease.ThrowIfLost"/>), or is cancelled by the loss, the locks are released, taken again and the unit
    /// starts over from its read, up to <see cref="MaxLeaseLosses"/> times.
    /// </summary>
    /// <exception cref="ResourceServerCoordinationException">The distributed lock could not be taken, or the lease was lost every time.</exception>
    public async Task<T> RunAsync<T>(string userPoolId, string identifier, Func<Lease, CancellationToken, Task<T>> unit, CancellationToken cancellationToken)
    {
        for (var losses = 0; ; )
        {
            await using var lease = await AcquireAsync(userPoolId, identifier, cancellationToken).ConfigureAwait(false);
            using var linked = lease.LinkTo(cancellationToken);
            try
            {
                return await unit(lease, linked?.Token ?? cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (IsLoss(e, lease, cancellationToken) && ++losses < MaxLeaseLosses)
            {
                Log.LeaseLostStartingOver(logger, userPoolId, identifier, coordination!.Coordinator);
            }
            catch (Exception e) when (IsLoss(e, lease, cancellationToken))
            {
                throw new ResourceServerCoordinationException(
                    $"The lock of resource server '{identifier}' in pool '{userPoolId}' was lost before the write {MaxLeaseLosses} times in a row, so nothing was written; check {coordination!.Coordinator}.",
                    coordination.Coordinator,
                    e);
            }
        }
    }

    private static bool IsLoss(Exception e, Lease lease, CancellationToken cancellationToken) =>
        e is LeaseLostException || (e is OperationCanceledException && lease.IsLost && !cancellationToken.IsCancellationRequested);

    private async Task<Lease> AcquireAsync(string userPoolId, string identifier, CancellationToken cancellationToken)
    {
        var local = await _local.AcquireAsync((userPoolId, identifier), cancellationToken).ConfigureAwait(false);
        if (coordination is null)
        {
            return new Lease(local, distributed: null);
        }

        try
        {
            var distributed = await coordination.Locks.AcquireLockAsync(NameOf(userPoolId, identifier), timeout: null, cancellationToken).ConfigureAwait(false);
            return new Lease(local, distributed);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            if (coordination.FallbackToLocal)
            {
                Log.CoordinationFallback(logger, e, "lock", userPoolId, identifier, coordination.Coordinator);
                return new Lease(local, distributed: null);
            }

            local.Dispose();
            throw new ResourceServerCoordinationException(
                $"Could not take the lock of resource server '{identifier}' in pool '{userPoolId}' from {coordination.Coordinator} ({e.GetType().Name}), so nothing was read or written. "
                + "The client reconnects by itself; retry later, or set FallbackToLocal to go on without coordination.",
                coordination.Coordinator,
                e);
        }
        catch
        {
            local.Dispose();
            throw;
        }
    }

    /// <summary>The locks one unit holds; a unit calls <see cref="ThrowIfLost"/> right before each write.</summary>
    internal sealed class Lease(KeyedAsyncLock<(string UserPoolId, string Identifier)>.Releaser local, IDistributedSynchronizationHandle? distributed) : IAsyncDisposable
    {
        /// <summary>Whether the distributed lease is known lost (expired, or taken from under this unit).</summary>
        public bool IsLost => distributed is not null && distributed.HandleLostToken.IsCancellationRequested;

        /// <summary>A token cancelled by the caller's or by the loss of the lease; null without a distributed lease.</summary>
        public CancellationTokenSource? LinkTo(CancellationToken cancellationToken) =>
            distributed is null ? null : CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, distributed.HandleLostToken);

        /// <summary>Stops the unit before it writes on a lost lease: another process may hold the key now.</summary>
        public void ThrowIfLost()
        {
            if (IsLost)
            {
                throw new LeaseLostException();
            }
        }

        public async ValueTask DisposeAsync()
        {
            try
            {
                if (distributed is not null)
                {
                    // A lease that cannot be released (the service is gone) expires by itself; the unit's outcome stands.
                    try
                    {
                        await distributed.DisposeAsync().ConfigureAwait(false);
                    }
                    catch (Exception e) when (e is not OutOfMemoryException)
                    {
                    }
                }
            }
            finally
            {
                local.Dispose();
            }
        }
    }

    /// <summary>The signal that a unit found its lease lost before a write; it never leaves <see cref="RunAsync"/>.</summary>
    internal sealed class LeaseLostException : Exception
    {
        public LeaseLostException()
            : base("The lease of the unit's distributed lock was lost before the write.")
        {
        }
    }
}
