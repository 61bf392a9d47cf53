using Medallion.Threading;
using StackExchange.Redis;

namespace ResourceServers.Redis;

/// <summary>
/// Redis locks that follow the connection to Redis:
/// <list type="bullet">
/// <item>a lease counts as lost as soon as the connection fails. A Redis that restarts comes back without the lock
/// keys (this library's locks are not persisted), so another process may take a lock this one still believes it holds;
/// DistributedLock notices only at its next renewal. Treating every lease taken before a connection failure as lost
/// makes a unit stop before its write at once, take the lock again and start over;</item>
/// <item>taking a lock fails at once while there is no connection, and when the connection fails during the wait (a
/// try on the wire at that moment ends with StackExchange.Redis's error when its command times out). DistributedLock
/// (built for RedLock over several servers) counts a server it cannot reach as "not acquired" and would wait for it
/// forever.</item>
/// </list>
/// </summary>
internal sealed class ReconnectAwareLockProvider : IDistributedLockProvider
{
    private readonly IDistributedLockProvider _inner;
    private readonly IConnectionMultiplexer _redis;
    private readonly string _coordinator;
    private CancellationTokenSource _epoch = new();

    public ReconnectAwareLockProvider(IDistributedLockProvider inner, IConnectionMultiplexer redis, string coordinator)
    {
        _inner = inner;
        _redis = redis;
        _coordinator = coordinator;
        redis.ConnectionFailed += (_, _) => Interlocked.Exchange(ref _epoch, new CancellationTokenSource()).Cancel();
    }

    public IDistributedLock CreateLock(string name) => new Lock(_inner.CreateLock(name), this);

    private RedisConnectionException Unavailable() =>
        new(ConnectionFailureType.UnableToConnect, $"No connection to {_coordinator}; the lock was not taken.");

    private sealed class Lock(IDistributedLock inner, ReconnectAwareLockProvider owner) : IDistributedLock
    {
        public string Name => inner.Name;

        // The client only takes locks asynchronously; the synchronous members (the interface has them) use the inner
        // lock's own synchronous calls with the same checks, rather than blocking on the asynchronous path.
        public IDistributedSynchronizationHandle? TryAcquire(TimeSpan timeout = default, CancellationToken cancellationToken = default)
        {
            var epoch = ConnectedEpoch();
            using var waiting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, epoch);
            try
            {
                return Wrap(inner.TryAcquire(timeout, waiting.Token), epoch);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // The wait's token links the caller's and the epoch's: cancelled without the caller asking, the
                // connection failed.
                throw owner.Unavailable();
            }
        }

        public IDistributedSynchronizationHandle Acquire(TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
            TryAcquire(timeout ?? Timeout.InfiniteTimeSpan, cancellationToken) ?? throw NotTaken(timeout);

        public async ValueTask<IDistributedSynchronizationHandle?> TryAcquireAsync(TimeSpan timeout = default, CancellationToken cancellationToken = default)
        {
            var epoch = ConnectedEpoch();
            using var waiting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, epoch);
            try
            {
                return Wrap(await inner.TryAcquireAsync(timeout, waiting.Token).ConfigureAwait(false), epoch);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // The wait's token links the caller's and the epoch's: cancelled without the caller asking, the
                // connection failed.
                throw owner.Unavailable();
            }
        }

        public async ValueTask<IDistributedSynchronizationHandle> AcquireAsync(TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
            await TryAcquireAsync(timeout ?? Timeout.InfiniteTimeSpan, cancellationToken).ConfigureAwait(false)
            ?? throw NotTaken(timeout);

        // The epoch is read before anything else: a connection failure from then on counts the new lease as lost too.
        private CancellationToken ConnectedEpoch()
        {
            var epoch = Volatile.Read(ref owner._epoch).Token;
            return owner._redis.IsConnected ? epoch : throw owner.Unavailable();
        }

        private static Handle? Wrap(IDistributedSynchronizationHandle? handle, CancellationToken epoch) =>
            handle is null ? null : new Handle(handle, epoch);

        private TimeoutException NotTaken(TimeSpan? timeout) => new($"The lock '{Name}' was not taken within {timeout}.");
    }

    // The epoch is read before the acquisition: a failure during it makes the new lease count as lost too.
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
