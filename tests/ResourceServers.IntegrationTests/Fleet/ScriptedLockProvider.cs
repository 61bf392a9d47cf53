using Medallion.Threading;

namespace ResourceServers.IntegrationTests.Fleet;

/// <summary>
/// A lock provider of the DistributedLock family's interface whose leases the test can declare lost, as a lease
/// expiring during a long pause looks to its holder (HandleLostToken cancelled). Counts acquisitions.
/// </summary>
internal sealed class ScriptedLockProvider : IDistributedLockProvider
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private CancellationTokenSource? _current;

    public int Acquisitions { get; private set; }

    /// <summary>Declares the lease held now lost.</summary>
    public void LoseCurrentLease() => _current?.Cancel();

    public IDistributedLock CreateLock(string name) => new Lock(this, name);

    private sealed class Lock(ScriptedLockProvider owner, string name) : IDistributedLock
    {
        public string Name => name;

        public IDistributedSynchronizationHandle? TryAcquire(TimeSpan timeout = default, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public IDistributedSynchronizationHandle Acquire(TimeSpan? timeout = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public ValueTask<IDistributedSynchronizationHandle?> TryAcquireAsync(TimeSpan timeout = default, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public async ValueTask<IDistributedSynchronizationHandle> AcquireAsync(TimeSpan? timeout = null, CancellationToken cancellationToken = default)
        {
            await owner._gate.WaitAsync(cancellationToken);
            owner.Acquisitions++;
            owner._current = new CancellationTokenSource();
            return new Handle(owner, owner._current);
        }
    }

    private sealed class Handle(ScriptedLockProvider owner, CancellationTokenSource lost) : IDistributedSynchronizationHandle
    {
        public CancellationToken HandleLostToken => lost.Token;

        public void Dispose() => owner._gate.Release();

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
