using System.Collections.Concurrent;
using Medallion.Threading;

namespace ResourceServers.Tests.Coordination;

/// <summary>
/// A lock service of the DistributedLock family's interface, in memory: one lock per name, shared by every client
/// given it (as processes share Redis). The test can declare a held lease lost (as an expired lease looks to its
/// holder: HandleLostToken cancelled), make the service unreachable, or make a release fail.
/// </summary>
internal sealed class InMemoryLockProvider : IDistributedLockProvider
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _gates = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _requested = new();
    private readonly ConcurrentQueue<string> _acquired = new();
    private readonly ConcurrentDictionary<string, Handle> _held = new(StringComparer.Ordinal);
    private int _releases;

    /// <summary>The names of the locks asked for (handed out or not), in order.</summary>
    public IReadOnlyList<string> Requested => [.. _requested];

    /// <summary>The names of the locks handed out, in order.</summary>
    public IReadOnlyList<string> Acquired => [.. _acquired];

    /// <summary>How many leases were released.</summary>
    public int Releases => Volatile.Read(ref _releases);

    /// <summary>When set, each acquisition throws what it returns (the service unreachable); null lets it through.</summary>
    public Func<string, Exception?>? Unavailable { get; set; }

    /// <summary>When set, releasing a lease throws it (the service went away while the lease was held).</summary>
    public Exception? ReleaseFailure { get; set; }

    /// <summary>Runs after each lease is handed out, with the lock's name and how many have been handed out in all.</summary>
    public Action<string, int>? OnAcquired { get; set; }

    /// <summary>Whether the named lock is held now.</summary>
    public bool IsHeld(string name) => _held.ContainsKey(name);

    /// <summary>Declares the lease held on <paramref name="name"/> lost.</summary>
    public void LoseLease(string name)
    {
        if (!_held.TryGetValue(name, out var handle))
        {
            throw new InvalidOperationException($"No lease is held on '{name}'.");
        }

        handle.Lose();
    }

    public IDistributedLock CreateLock(string name) => new Lock(this, name);

    private async ValueTask<IDistributedSynchronizationHandle> AcquireAsync(string name, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        _requested.Enqueue(name);
        if (Unavailable?.Invoke(name) is { } failure)
        {
            throw failure;
        }

        var gate = _gates.GetOrAdd(name, static _ => new SemaphoreSlim(1, 1));
        if (!await gate.WaitAsync(timeout ?? Timeout.InfiniteTimeSpan, cancellationToken))
        {
            throw new TimeoutException($"The lock '{name}' was not free within {timeout}.");
        }

        var handle = new Handle(this, name, gate);
        _held[name] = handle;
        _acquired.Enqueue(name);
        OnAcquired?.Invoke(name, _acquired.Count);
        return handle;
    }

    private sealed class Lock(InMemoryLockProvider owner, string name) : IDistributedLock
    {
        public string Name => name;

        public ValueTask<IDistributedSynchronizationHandle> AcquireAsync(TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
            owner.AcquireAsync(name, timeout, cancellationToken);

        // The library only waits asynchronously; the other ways of taking a lock are not part of what it uses.
        public IDistributedSynchronizationHandle? TryAcquire(TimeSpan timeout = default, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public IDistributedSynchronizationHandle Acquire(TimeSpan? timeout = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public ValueTask<IDistributedSynchronizationHandle?> TryAcquireAsync(TimeSpan timeout = default, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    }

    private sealed class Handle(InMemoryLockProvider owner, string name, SemaphoreSlim gate) : IDistributedSynchronizationHandle
    {
        private readonly CancellationTokenSource _lost = new();
        private int _released;

        public CancellationToken HandleLostToken => _lost.Token;

        public void Lose() => _lost.Cancel();

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 1)
            {
                return;
            }

            // Whatever the caller hears, the service frees the lock (as an expired lease is freed).
            owner._held.TryRemove(new KeyValuePair<string, Handle>(name, this));
            Interlocked.Increment(ref owner._releases);
            gate.Release();
            if (owner.ReleaseFailure is { } failure)
            {
                throw failure;
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
