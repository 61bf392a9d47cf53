using ResourceServers.Wire;

namespace ResourceServers.Testing;

/// <summary>
/// Faults the <see cref="InMemoryCognito"/> injects into its calls, for testing retries, timeouts and error
/// handling. Thread-safe. A call first waits out any delay planned for it, then fails if a fault is planned for it;
/// either happens before the call checks quotas or touches the store, so a call failed that way changes no state.
/// The one exception is opt-in: <see cref="FailNextAfterApplying"/> fails calls after they were applied, the
/// ambiguous outcome (stored, answer lost) that non-idempotent operations must survive.
/// </summary>
/// <remarks>
/// For each call of an operation the plan takes, in order: the next <see cref="DelayNext"/> delay, if any; then the
/// next <see cref="FailNext"/> fault, if any; otherwise one draw of the <see cref="FailShare"/> rule, if one is set.
/// A call that then passes the quotas, validation and the service's checks and is applied takes the next
/// <see cref="FailNextAfterApplying"/> fault, if any.
/// <para>Hooks play what happens around a request: <see cref="BeforeServing"/> runs as it arrives, before any planned
/// delay or fault, and <see cref="AfterServing"/> once it was applied, before its answer goes back. A hook may wait
/// (holding the request open), change the instance (another writer meanwhile), or throw: its exception is the answer.</para>
/// </remarks>
public sealed class FaultPlan
{
    private readonly Lock _gate = new();
    private readonly Dictionary<CognitoOperation, Queue<Countdown<FaultKind>>> _failNext = [];
    private readonly Dictionary<CognitoOperation, Queue<Countdown<FaultKind>>> _failAfterApplying = [];
    private readonly Dictionary<CognitoOperation, Queue<Countdown<TimeSpan>>> _delayNext = [];
    private readonly Dictionary<CognitoOperation, ShareRule> _shares = [];
    private readonly Dictionary<CognitoOperation, Func<ReceivedCognitoRequest, CancellationToken, Task>> _before = [];
    private readonly Dictionary<CognitoOperation, Func<ReceivedCognitoRequest, CancellationToken, Task>> _after = [];
    private readonly Dictionary<CognitoOperation, int> _pageSizeCaps = [];

    internal FaultPlan()
    {
    }

    /// <summary>Fails the next <paramref name="count"/> calls of <paramref name="operation"/> with <paramref name="kind"/>; adds to faults already planned.</summary>
    /// <param name="operation">The operation to fail.</param>
    /// <param name="count">How many calls to fail; 0 plans nothing.</param>
    /// <param name="kind">How they fail.</param>
    public void FailNext(CognitoOperation operation, int count, FaultKind kind) => PlanFailures(_failNext, operation, count, kind);

    /// <summary>
    /// Fails the next <paramref name="count"/> calls of <paramref name="operation"/> that are applied, after they
    /// were applied: the state changes as if the call succeeded, but the caller gets <paramref name="kind"/> instead
    /// of the answer (over HTTP, <see cref="FaultKind.DroppedConnection"/> aborts the connection once the server has
    /// stored the change). Calls refused before they are applied (faults planned with <see cref="FailNext"/>,
    /// throttling, validation, a missing resource) do not take these faults. Adds to faults already planned.
    /// </summary>
    /// <param name="operation">The operation to fail.</param>
    /// <param name="count">How many applied calls to fail; 0 plans nothing.</param>
    /// <param name="kind">How they fail.</param>
    public void FailNextAfterApplying(CognitoOperation operation, int count, FaultKind kind) => PlanFailures(_failAfterApplying, operation, count, kind);

    /// <summary>
    /// Fails a share of the calls of <paramref name="operation"/> with <paramref name="kind"/>, replacing any share
    /// rule set before for it. Which calls fail is decided by a pseudo-random sequence seeded with
    /// <paramref name="seed"/>, so the same sequence of calls fails the same way on every run.
    /// </summary>
    /// <param name="operation">The operation to fail.</param>
    /// <param name="share">The share of calls to fail, 0..1 (0 removes the rule, 1 fails every call).</param>
    /// <param name="kind">How they fail.</param>
    /// <param name="seed">The seed of the sequence that picks the failing calls.</param>
    public void FailShare(CognitoOperation operation, double share, FaultKind kind, int seed = 0)
    {
        CheckOperation(operation);
        if (double.IsNaN(share) || share < 0 || share > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(share), share, "The share must be between 0 and 1.");
        }

        CheckKind(kind);
        lock (_gate)
        {
            if (share == 0)
            {
                _shares.Remove(operation);
            }
            else
            {
                _shares[operation] = new ShareRule(share, kind, new DeterministicSequence(seed));
            }
        }
    }

    /// <summary>
    /// Delays the next <paramref name="count"/> calls of <paramref name="operation"/> by <paramref name="delay"/>,
    /// measured by the instance's <see cref="InMemoryCognitoOptions.TimeProvider"/> (a <c>FakeTimeProvider</c> must be
    /// advanced for the calls to go on). Cancelling a delayed call cancels the wait. Adds to delays already planned.
    /// </summary>
    /// <param name="operation">The operation to delay.</param>
    /// <param name="count">How many calls to delay; 0 plans nothing.</param>
    /// <param name="delay">How long each waits before it is processed.</param>
    public void DelayNext(CognitoOperation operation, int count, TimeSpan delay)
    {
        CheckOperation(operation);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        if (count == 0 || delay == TimeSpan.Zero)
        {
            return;
        }

        lock (_gate)
        {
            GetOrAdd(_delayNext, operation).Enqueue(new Countdown<TimeSpan>(delay, count));
        }
    }

    /// <summary>
    /// Runs <paramref name="hook"/> for every request of <paramref name="operation"/> as it arrives: after it is
    /// counted in <see cref="InMemoryCognito.Statistics"/>, before any planned delay or fault, quota or validation. The
    /// request waits for the hook's task; an exception the hook throws is the request's answer, and the request is not
    /// applied (it counts as received, not as succeeded or faulted). Replaces the hook set before for the operation.
    /// </summary>
    /// <param name="operation">The operation whose requests run the hook.</param>
    /// <param name="hook">The hook, given the request and the caller's cancellation token; null removes the hook.</param>
    public void BeforeServing(CognitoOperation operation, Func<ReceivedCognitoRequest, CancellationToken, Task>? hook) =>
        SetHook(_before, operation, hook);

    /// <summary>
    /// Runs <paramref name="hook"/> for every request of <paramref name="operation"/> that was applied, before its
    /// answer goes back (and before any <see cref="FailNextAfterApplying"/> fault). The answer waits for the hook's task;
    /// an exception the hook throws replaces the answer, as an answer lost after the change was made (it counts as
    /// received, not as succeeded). Requests refused before they are applied do not run it. Replaces the hook set
    /// before for the operation.
    /// </summary>
    /// <param name="operation">The operation whose applied requests run the hook.</param>
    /// <param name="hook">The hook, given the request and the caller's cancellation token; null removes the hook.</param>
    public void AfterServing(CognitoOperation operation, Func<ReceivedCognitoRequest, CancellationToken, Task>? hook) =>
        SetHook(_after, operation, hook);

    /// <summary>
    /// Answers at most <paramref name="maxItems"/> items in each page of <paramref name="listing"/>, whatever its
    /// MaxResults asks, with a NextToken while more remain: the service may answer fewer items than asked, and a reader
    /// that takes a short page for the last one misses the rest. Requests are validated as sent, before the cap.
    /// Replaces the cap set before for the listing. Like every fault, it applies to requests served through the wire
    /// port (clients, <see cref="InMemoryCognito.SendAsync"/>, the emulator), not to the kit's own
    /// <see cref="InMemoryCognito.ListUserPoolsAsync"/>.
    /// </summary>
    /// <param name="listing">The listing: <see cref="CognitoOperation.ListResourceServers"/>, <see cref="CognitoOperation.ListUserPoolClients"/> or <see cref="CognitoOperation.ListUserPools"/>.</param>
    /// <param name="maxItems">The most items one page holds, at least 1; null removes the cap.</param>
    /// <exception cref="ArgumentException"><paramref name="listing"/> is not a listing.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxItems"/> is less than 1.</exception>
    public void CapPageSize(CognitoOperation listing, int? maxItems)
    {
        CheckOperation(listing);
        if (listing != CognitoOperation.ListResourceServers && listing != CognitoOperation.ListUserPoolClients && listing != CognitoOperation.ListUserPools)
        {
            throw new ArgumentException($"{listing.Name} is not a listing; only ListResourceServers, ListUserPoolClients and ListUserPools answer pages.", nameof(listing));
        }

        if (maxItems is { } max)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(max, 1, nameof(maxItems));
        }

        lock (_gate)
        {
            if (maxItems is { } cap)
            {
                _pageSizeCaps[listing] = cap;
            }
            else
            {
                _pageSizeCaps.Remove(listing);
            }
        }
    }

    /// <summary>Removes every planned fault, delay, share rule, page-size cap and hook.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _pageSizeCaps.Clear();
            _failNext.Clear();
            _failAfterApplying.Clear();
            _delayNext.Clear();
            _shares.Clear();
            _before.Clear();
            _after.Clear();
        }
    }

    internal Func<ReceivedCognitoRequest, CancellationToken, Task>? HookBefore(CognitoOperation operation)
    {
        lock (_gate)
        {
            return _before.GetValueOrDefault(operation);
        }
    }

    internal Func<ReceivedCognitoRequest, CancellationToken, Task>? HookAfter(CognitoOperation operation)
    {
        lock (_gate)
        {
            return _after.GetValueOrDefault(operation);
        }
    }

    /// <summary>The page size a listing answers when asked for <paramref name="requested"/> items: the request's, or the cap if lower.</summary>
    internal int CappedPageSize(CognitoOperation listing, int requested)
    {
        lock (_gate)
        {
            return _pageSizeCaps.TryGetValue(listing, out var cap) ? Math.Min(requested, cap) : requested;
        }
    }

    internal TimeSpan TakeDelay(CognitoOperation operation)
    {
        lock (_gate)
        {
            return _delayNext.TryGetValue(operation, out var queue) && TryTake(queue, out var delay) ? delay : TimeSpan.Zero;
        }
    }

    internal FaultKind? TakeFault(CognitoOperation operation)
    {
        lock (_gate)
        {
            if (_failNext.TryGetValue(operation, out var queue) && TryTake(queue, out var kind))
            {
                return kind;
            }

            if (_shares.TryGetValue(operation, out var rule) && rule.Sequence.NextDouble() < rule.Share)
            {
                return rule.Kind;
            }

            return null;
        }
    }

    internal FaultKind? TakeFaultAfterApplying(CognitoOperation operation)
    {
        lock (_gate)
        {
            return _failAfterApplying.TryGetValue(operation, out var queue) && TryTake(queue, out var kind) ? kind : null;
        }
    }

    private static bool TryTake<T>(Queue<Countdown<T>> queue, out T value)
    {
        if (!queue.TryPeek(out var head))
        {
            value = default!;
            return false;
        }

        value = head.Value;
        if (--head.Remaining == 0)
        {
            queue.Dequeue();
        }

        return true;
    }

    private void PlanFailures(Dictionary<CognitoOperation, Queue<Countdown<FaultKind>>> plan, CognitoOperation operation, int count, FaultKind kind)
    {
        CheckOperation(operation);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        CheckKind(kind);
        if (count == 0)
        {
            return;
        }

        lock (_gate)
        {
            GetOrAdd(plan, operation).Enqueue(new Countdown<FaultKind>(kind, count));
        }
    }

    private static Queue<T> GetOrAdd<T>(Dictionary<CognitoOperation, Queue<T>> map, CognitoOperation operation)
    {
        if (!map.TryGetValue(operation, out var queue))
        {
            queue = new Queue<T>();
            map[operation] = queue;
        }

        return queue;
    }

    private static void CheckOperation(CognitoOperation operation) => ArgumentNullException.ThrowIfNull(operation);

    private void SetHook(Dictionary<CognitoOperation, Func<ReceivedCognitoRequest, CancellationToken, Task>> hooks, CognitoOperation operation, Func<ReceivedCognitoRequest, CancellationToken, Task>? hook)
    {
        CheckOperation(operation);
        lock (_gate)
        {
            if (hook is null)
            {
                hooks.Remove(operation);
            }
            else
            {
                hooks[operation] = hook;
            }
        }
    }

    private static void CheckKind(FaultKind kind)
    {
        if (!Enum.IsDefined(kind))
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a FaultKind.");
        }
    }

    private sealed class Countdown<T>(T value, int remaining)
    {
        public T Value { get; } = value;

        public int Remaining { get; set; } = remaining;
    }

    private sealed record ShareRule(double Share, FaultKind Kind, DeterministicSequence Sequence);

    // SplitMix64: a fixed, documented generator, so a seed picks the same calls on every runtime version
    // (System.Random's seeded algorithm is an implementation detail).
    private sealed class DeterministicSequence(int seed)
    {
        private ulong _state = unchecked((ulong)seed);

        public double NextDouble()
        {
            var z = _state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            z ^= z >> 31;
            return (z >> 11) * (1.0 / (1UL << 53));
        }
    }
}
