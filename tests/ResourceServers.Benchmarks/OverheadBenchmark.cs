using System.Globalization;
using BenchmarkDotNet.Configs;
using Perfolizer.Horology;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace ResourceServers.Benchmarks;

/// <summary>
/// <c>overhead [--quick]</c>: the facade's per-call cost against a raw signed HttpClient baseline (issue 7). Ends with
/// <c>overhead: facade_over_raw=&lt;x&gt; alloc_bytes_per_describe=&lt;n&gt;</c>.
/// </summary>
/// <remarks>
/// Full mode (<see cref="OverheadFullRun"/>) runs five fresh processes, each measuring every method interleaved with
/// the thread's CPU time, and reports the median of the per-process ratios with their spread (about a minute).
/// Quick mode runs BenchmarkDotNet in process with short iterations after a few seconds of warm-up, and finishes in
/// under a minute on two cores. It times with the thread's CPU time (<see cref="OverheadThreadCpuClock"/>) so that
/// other processes on a shared machine do not decide the ratios; <c>--wall-clock</c> times it with BenchmarkDotNet's
/// usual clock instead.
/// </remarks>
internal static class OverheadBenchmark
{
    private static readonly TimeSpan QuickWarmUp = TimeSpan.FromSeconds(3);

    public static int Run(string[] args)
    {
        var quick = false;
        var wallClock = false;
        foreach (var arg in args)
        {
            if (arg == "--quick")
            {
                quick = true;
            }
            else if (arg == "--wall-clock")
            {
                wallClock = true;
            }
            else if (arg == "--breakdown")
            {
                return OverheadBreakdown.RunAsync().GetAwaiter().GetResult();
            }
            else if (arg == OverheadProcessRun.Argument)
            {
                // One of the full mode's measuring processes.
                return OverheadProcessRun.RunAsync().GetAwaiter().GetResult();
            }
            else
            {
                Console.Error.WriteLine($"overhead: unknown option '{arg}'; usage: overhead [--quick [--wall-clock] | --breakdown]");
                return 2;
            }
        }

        if (wallClock && !quick)
        {
            Console.Error.WriteLine("overhead: --wall-clock applies to --quick; full mode always times with the thread's CPU time.");
            return 2;
        }

        // Fails before anything is measured if the two sides would not send the same requests.
        OverheadPreflight.VerifyAsync().GetAwaiter().GetResult();
        if (!quick)
        {
            if (!OverheadThreadCpuClock.Instance.IsAvailable)
            {
                Console.Error.WriteLine("overhead: full mode needs the thread CPU time clock (Linux); use --quick --wall-clock elsewhere.");
                return 2;
            }

            var full = OverheadFullRun.RunAsync().GetAwaiter().GetResult();
            full.Print(Console.Out, $"full mode, {OverheadFullRun.Processes} processes, methods interleaved, {OverheadThreadCpuClock.Instance.Title}");
            return 0;
        }

        OverheadPreflight.WarmUpAsync(QuickWarmUp).GetAwaiter().GetResult();

        var cpuClock = !wallClock && OverheadThreadCpuClock.Instance.IsAvailable;
        var job = new Job("Quick")
            .WithToolchain(InProcessEmitToolchain.DontLogOutput)
            .WithLaunchCount(1)
            .WithWarmupCount(3)
            .WithIterationCount(12)
            .WithIterationTime(TimeInterval.FromMilliseconds(100))
            .WithEvaluateOverhead(false);
        if (cpuClock)
        {
            job = job.WithClock(OverheadThreadCpuClock.Instance);
        }

        var config = DefaultConfig.Instance
            .AddJob(job.AsDefault())
            .WithArtifactsPath(Path.Combine(AppContext.BaseDirectory, "BenchmarkDotNet.Artifacts"))
            .WithOptions(ConfigOptions.DisableLogFile);

        var summary = BenchmarkRunner.Run<OverheadBenchmarks>(config);
        var figures = OverheadFigures.From(summary);
        if (figures is null)
        {
            Console.Error.WriteLine("overhead: some benchmarks produced no result; see the log above.");
            return 1;
        }

        figures.Print(Console.Out, $"quick mode, {(cpuClock ? OverheadThreadCpuClock.Instance.Title : "wall clock")}");
        return 0;
    }
}
