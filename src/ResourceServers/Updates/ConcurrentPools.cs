using System.Globalization;

namespace ResourceServers;

/// <summary>
/// Runs one piece of work per user pool side by side, a bounded number at a time, and keeps each pool's outcome apart:
/// a pool that fails is recorded with the changes it made before, and the others go on. The caller's cancellation
/// stops them all and surfaces as <see cref="OperationCanceledException"/>.
/// </summary>
/// <remarks>
/// Pacing holds each quota category and each (operation, pool) pair to its rate, so the concurrency here only has to
/// be high enough to keep those full while round trips take time: 16 pools fill 20 reads and 15 writes a second with
/// round trips up to about half a second, while the pacer's queue stays far below its MaxQueueWait.
/// </remarks>
internal static class ConcurrentPools
{
    public const int MaxConcurrency = 16;

    /// <summary>
    /// Runs <paramref name="run"/> for each pool, starting them in the order given; each adds its changes to the list it
    /// is handed as it makes them. The results are in the order given.
    /// </summary>
    public static async Task<IReadOnlyList<UserPoolResult>> RunAsync<TPool>(
        IReadOnlyList<TPool> pools,
        Func<TPool, string> userPoolId,
        Func<TPool, List<ResourceServerChange>, CancellationToken, Task> run,
        CancellationToken cancellationToken)
    {
        var results = new UserPoolResult[pools.Count];
        var options = new ParallelOptions { MaxDegreeOfParallelism = MaxConcurrency, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(0, pools.Count), options, async (i, ct) =>
        {
            var done = new List<ResourceServerChange>();
            Exception? error = null;
            try
            {
                await run(pools[i], done, ct).ConfigureAwait(false);
            }
            catch (Exception e) when (!(e is OperationCanceledException && ct.IsCancellationRequested))
            {
                error = e;
            }

            results[i] = new UserPoolResult(userPoolId(pools[i]), done, error);
        }).ConfigureAwait(false);
        return results;
    }

    /// <summary>
    /// The entries as a list, checked before anything is read: none null, no pool twice (two runs on one pool would
    /// race each other's reads and writes), each checked by <paramref name="validate"/>, whose
    /// <see cref="ArgumentException"/> is reported with the entry it is about (a
    /// <see cref="ResourceServerValidationException"/> passes as it is, naming the member).
    /// </summary>
    public static List<TPool> Validate<TPool>(IEnumerable<TPool> pools, string parameterName, Func<TPool, string> userPoolId, Action<TPool> validate)
        where TPool : class
    {
        ArgumentNullException.ThrowIfNull(pools, parameterName);
        var list = pools.ToList();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < list.Count; i++)
        {
            var at = $"{parameterName}[{i.ToString(CultureInfo.InvariantCulture)}]";
            var pool = list[i] ?? throw new ArgumentException($"{at} is null.", parameterName);
            var id = userPoolId(pool);
            if (!seen.Add(id))
            {
                throw new ArgumentException($"{at}: user pool '{id}' appears more than once.", parameterName);
            }

            try
            {
                validate(pool);
            }
            catch (ArgumentException e) when (e is not ResourceServerValidationException)
            {
                throw new ArgumentException($"{at} (user pool '{id}'): {e.Message}", parameterName, e);
            }
        }

        return list;
    }
}
