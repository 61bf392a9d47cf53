using System.Globalization;

namespace ResourceServers.Benchmarks;

/// <summary>
/// One process of the full mode (<c>overhead --one-process</c>, started by <see cref="OverheadFullRun"/>): every
/// benchmark method of <see cref="OverheadBenchmarks"/> measured in interleaved rounds, so that whatever else the
/// machine is doing falls on the raw baseline and the facade alike, timed with the thread's CPU time. Prints one
/// line per method: <c>result &lt;Method&gt; ns=&lt;median ns per call&gt; bytes=&lt;median bytes per call&gt;</c>.
/// </summary>
internal static class OverheadProcessRun
{
    public const string Argument = "--one-process";

    // Many short rounds rather than a few long ones: on a busy machine a round that the scheduler interrupted starts
    // again with cold caches, so rounds that ran undisturbed are kept (when there are enough of them).
    private const int Rounds = 101;
    private const int MinimumUndisturbedRounds = 11;
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan RoundTarget = TimeSpan.FromMilliseconds(2);

    public static async Task<int> RunAsync()
    {
        var benchmarks = new OverheadBenchmarks();
        benchmarks.Setup();
        try
        {
            var methods = Methods(benchmarks);

            // Until every method has run at its final tier: the first seconds of a process measure the JIT.
            var warmUpEnd = DateTime.UtcNow + WarmUp;
            while (DateTime.UtcNow < warmUpEnd)
            {
                foreach (var (name, call) in methods)
                {
                    for (var i = 0; i < 50; i++)
                    {
                        var task = call();
                        if (!task.IsCompleted)
                        {
                            // The thread's CPU time would miss work that continues elsewhere.
                            throw new InvalidOperationException($"{name} did not complete synchronously; thread CPU time cannot measure it.");
                        }

                        await task;
                    }
                }
            }

            // Calls per round so that a round of each method takes about RoundTarget of CPU time.
            var callsPerRound = new int[methods.Length];
            for (var m = 0; m < methods.Length; m++)
            {
                var (nanoseconds, _) = await MeasureAsync(methods[m].Call, 200);
                callsPerRound[m] = Math.Max(50, (int)(RoundTarget.TotalNanoseconds / nanoseconds));
            }

            var all = methods.Select(_ => new List<double>(Rounds)).ToArray();
            var undisturbed = methods.Select(_ => new List<double>(Rounds)).ToArray();
            var bytes = methods.Select(_ => new List<double>(Rounds)).ToArray();
            for (var round = 0; round < Rounds; round++)
            {
                for (var m = 0; m < methods.Length; m++)
                {
                    var preemptions = OverheadThreadCpuClock.Preemptions();
                    var (nanoseconds, allocated) = await MeasureAsync(methods[m].Call, callsPerRound[m]);
                    all[m].Add(nanoseconds);
                    bytes[m].Add(allocated);
                    if (OverheadThreadCpuClock.Preemptions() == preemptions)
                    {
                        undisturbed[m].Add(nanoseconds);
                    }
                }
            }

            for (var m = 0; m < methods.Length; m++)
            {
                var kept = undisturbed[m].Count >= MinimumUndisturbedRounds ? undisturbed[m] : all[m];
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"result {methods[m].Name} ns={Median(kept):F1} bytes={Median(bytes[m]):F0} undisturbed={undisturbed[m].Count}/{Rounds} all_ns={Median(all[m]):F1}"));
            }

            return 0;
        }
        finally
        {
            benchmarks.Cleanup();
        }
    }

    /// <summary>The benchmark methods, in the order they are interleaved (each operation's variants side by side).</summary>
    internal static (string Name, Func<Task> Call)[] Methods(OverheadBenchmarks b) =>
    [
        (nameof(b.Describe_Raw), b.Describe_Raw),
        (nameof(b.Describe_Facade), b.Describe_Facade),
        (nameof(b.Describe_FacadeNoPipeline), b.Describe_FacadeNoPipeline),
        (nameof(b.Update_Raw), b.Update_Raw),
        (nameof(b.Update_Facade), b.Update_Facade),
        (nameof(b.Update_FacadeNoPipeline), b.Update_FacadeNoPipeline),
        (nameof(b.List_Raw), b.List_Raw),
        (nameof(b.List_Facade), b.List_Facade),
        (nameof(b.List_FacadeNoPipeline), b.List_FacadeNoPipeline),
        (nameof(b.Patch_Raw), b.Patch_Raw),
        (nameof(b.Patch_Facade), b.Patch_Facade),
        (nameof(b.Patch_FacadeNoPipeline), b.Patch_FacadeNoPipeline),
    ];

    // Every call completes synchronously on this thread over the canned handler, so the thread's CPU time and
    // allocations are the call's.
    private static async Task<(double Nanoseconds, double Bytes)> MeasureAsync(Func<Task> call, int calls)
    {
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var started = OverheadThreadCpuClock.Nanoseconds();
        for (var i = 0; i < calls; i++)
        {
            await call();
        }

        var elapsed = OverheadThreadCpuClock.Nanoseconds() - started;
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
        return ((double)elapsed / calls, (double)allocated / calls);
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        return values[values.Count / 2];
    }
}
