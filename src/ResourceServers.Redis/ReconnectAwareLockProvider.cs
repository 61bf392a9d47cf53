using Medallion.Threading;
using StackExchange.Redis;

namespace ResourceServers.Redis;

/// <summary>
/// Redis locks whose leases count as lost as soon as the connection to Redis fails. A Redis that restarts comes back
/// without the lock keys (this library's locks are not persisted), so another process may take a lock this one still
/// believes it holds; DistributedLock notices only at its next renewal. Treating every lease taken before a
/// connection failure as lost makes a unit stop before its write at once, take the lock again and start over.
/// </summary>
internal sealed class ReconnectAwareLockProvider : IDistributedLockProvider
{
    private readonly IDistributedLockProvider _inner;
    private CancellationTokenSource _epoch = new();

    public ReconnectAwareLockProvider(IDistributedLockProvider inner, IConnectionMultiplexer redis)
    {
        _inner = inner;
        redis.ConnectionFailed += (_, _) => Interlocked.Exchange(ref _epoch, new CancellationTokenSource()).Cancel();
    }

    public IDistributedLock CreateLock(string name) => new Lock(_inner.CreateLock(name), this);

    private sealed class Lock(IDistributedLock inner, ReconnectAwareLockProvider owner) : IDistributedLock
    {
        public string Name => inner.Name;

        public IDistributedSynchronizationHandle? TryAcquire(TimeSpan timeout = default, CancellationToken cancellationToken = default) =>
            Wrap(Volatile.Read(ref owner._epoch).Token, inner.TryAcquire(timeout, cancellationToken));

        public IDistributedSynchronizationHandle Acquire(TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
            Wrap(Volatile.Read(ref owner._epoch).Token, inner.Acquire(timeout, cancellationToken))!;

        public async ValueTask<IDistributedSynchronizationHandle?> TryAcquireAsync(TimeSpan timeout = default, CancellationToken cancellationToken = default)
        {
            var epoch = Volatile.Read(ref owner._epoch).Token;
            return Wrap(epoch, await inner.TryAcquireAsync(timeout, cancellationToken).ConfigureAwait(false));
        }

        public async ValueTask<IDistributedSynchronizationHandle> AcquireAsync(TimeSpan? timeout = null, CancellationToken cancellationToken = default)
        {
            var epoch = Volatile.Read(ref owner._epoch).Token;
            return Wrap(epoch, await inner.AcquireAsync(timeout, cancellationToken).ConfigureAwait(false))!;
        }

        // The epoch is read before the acquisition: a failure during it makes the new lease count as lost too.
        private static Handle? Wrap(CancellationToken epoch, IDistributedSynchronizationHandle? handle) =>
            handle is null ? null : new Handle(handle, epoch);
    }

    private sealed class Handle(IDistributedSynchronizationHandle inner, CancellationToken epoch) : IDistributedSynchronizationHandle
    {
        private readonly CancellationTokenSource _lost = CancellationTokenSource.CreateLinkedTokenSource(inner.HandleLostToken, epoch);

        public CancellationToken HandleLostToken => _lost.Token;

        public void Dispose()
        {
            _lost.Dispose();
            inner.Dispose();
        }

        public async ValueTask DisposeAsync()
        {
            _lost.Dispose();
            await inner.DisposeAsync().ConfigureAwait(false);
        }
    }
}
