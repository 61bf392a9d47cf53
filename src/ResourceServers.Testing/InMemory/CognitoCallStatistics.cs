using ResourceServers.Wire;

namespace ResourceServers.Testing;

/// <summary>
/// Counts the calls an <see cref="InMemoryCognito"/> received, per <see cref="CognitoOperation"/>: received,
/// succeeded, throttled (answered <c>TooManyRequestsException</c>) and failed by an injected fault.
/// Thread-safe; counts are read one at a time, so a snapshot taken during concurrent calls may be mid-update.
/// </summary>
public sealed class CognitoCallStatistics
{
    private static readonly IReadOnlyList<CognitoOperation> Operations = CognitoOperation.All;
    private static readonly Dictionary<CognitoOperation, int> Indexes = Operations.Select(static (o, i) => (o, i)).ToDictionary(static p => p.o, static p => p.i);

    private readonly long[] _received = new long[Operations.Count];
    private readonly long[] _succeeded = new long[Operations.Count];
    private readonly long[] _throttled = new long[Operations.Count];
    private readonly long[] _failedByFault = new long[Operations.Count];

    internal CognitoCallStatistics()
    {
    }

    /// <summary>Calls received over all operations.</summary>
    public long TotalReceived => Sum(_received);

    /// <summary>Calls answered <c>TooManyRequestsException</c> over all operations.</summary>
    public long TotalThrottled => Sum(_throttled);

    /// <summary>Calls failed by an injected fault over all operations.</summary>
    public long TotalFailedByFault => Sum(_failedByFault);

    /// <summary>The counts of one operation.</summary>
    /// <param name="operation">The operation.</param>
    /// <returns>The counts at the time of the call.</returns>
    public CognitoOperationCallCounts this[CognitoOperation operation]
    {
        get
        {
            var i = Index(operation);
            return new CognitoOperationCallCounts(
                Interlocked.Read(ref _received[i]),
                Interlocked.Read(ref _succeeded[i]),
                Interlocked.Read(ref _throttled[i]),
                Interlocked.Read(ref _failedByFault[i]));
        }
    }

    /// <summary>Calls of <paramref name="operation"/> received, whatever their outcome.</summary>
    /// <param name="operation">The operation.</param>
    /// <returns>The count.</returns>
    public long GetReceived(CognitoOperation operation) => Interlocked.Read(ref _received[Index(operation)]);

    /// <summary>Calls of <paramref name="operation"/> that completed with a result.</summary>
    /// <param name="operation">The operation.</param>
    /// <returns>The count.</returns>
    public long GetSucceeded(CognitoOperation operation) => Interlocked.Read(ref _succeeded[Index(operation)]);

    /// <summary>Calls of <paramref name="operation"/> answered <c>TooManyRequestsException</c> (rate quota or injected fault).</summary>
    /// <param name="operation">The operation.</param>
    /// <returns>The count.</returns>
    public long GetThrottled(CognitoOperation operation) => Interlocked.Read(ref _throttled[Index(operation)]);

    /// <summary>Calls of <paramref name="operation"/> failed by the <see cref="FaultPlan"/>.</summary>
    /// <param name="operation">The operation.</param>
    /// <returns>The count.</returns>
    public long GetFailedByFault(CognitoOperation operation) => Interlocked.Read(ref _failedByFault[Index(operation)]);

    /// <summary>Sets every count back to zero.</summary>
    public void Reset()
    {
        for (var i = 0; i < Operations.Count; i++)
        {
            Interlocked.Exchange(ref _received[i], 0);
            Interlocked.Exchange(ref _succeeded[i], 0);
            Interlocked.Exchange(ref _throttled[i], 0);
            Interlocked.Exchange(ref _failedByFault[i], 0);
        }
    }

    internal void RecordReceived(CognitoOperation operation) => Interlocked.Increment(ref _received[Index(operation)]);

    internal void RecordSucceeded(CognitoOperation operation) => Interlocked.Increment(ref _succeeded[Index(operation)]);

    internal void RecordThrottled(CognitoOperation operation) => Interlocked.Increment(ref _throttled[Index(operation)]);

    internal void RecordFault(CognitoOperation operation, FaultKind kind)
    {
        Interlocked.Increment(ref _failedByFault[Index(operation)]);
        if (kind is FaultKind.TooManyRequests or FaultKind.FrontEndThrottling)
        {
            RecordThrottled(operation);
        }
    }

    /// <summary>The operation's position in <see cref="CognitoOperation.All"/>: where its counts are kept.</summary>
    internal static int Index(CognitoOperation operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        return Indexes[operation];
    }

    private static long Sum(long[] counts)
    {
        long total = 0;
        for (var i = 0; i < counts.Length; i++)
        {
            total += Interlocked.Read(ref counts[i]);
        }

        return total;
    }
}
