using System.Globalization;
using BenchmarkDotNet.Configs;
using Perfolizer.Horology;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace ResourceServers.Benchmarks;

/// <summary>
/// <c>overhead [--quick]</c>: the facade's per-call cost against a raw signed HttpClient baseline (issue 7), with
/// BenchmarkDotNet in Release. Ends with <c>overhead: facade_over_raw=&lt;x&gt; alloc_bytes_per_describe=&lt;n&gt;</c>.
/// </summary>
/// <remarks>
/// Full mode is BenchmarkDotNet's default job (out of process, several minutes). Quick mode runs in process with
/// short iterations and finishes in well under a minute on two cores; its figures are noisier, not biased.
/// </remarks>
internal static class OverheadBenchmark
{
    public static int Run(string[] args)
    {
        var quick = false;
        foreach (var arg in args)
        {
            if (arg == "--quick")
            {
                quick = true;
            }
            else if (arg == "--breakdown")
            {
                return OverheadBreakdown.RunAsync().GetAwaiter().GetResult();
            }
            else
            {
                Console.Error.WriteLine($"overhead: unknown option '{arg}'; usage: overhead [--quick | --breakdown]");
                return 2;
            }
        }

        // Fails before anything is measured if the two sides would not send the same requests.
        OverheadPreflight.VerifyAsync().GetAwaiter().GetResult();

        var job = quick
            ? new Job("Quick")
                .WithToolchain(InProcessEmitToolchain.DontLogOutput)
                .WithLaunchCount(1)
                .WithWarmupCount(3)
                .WithIterationCount(7)
                .WithIterationTime(TimeInterval.FromMilliseconds(120))
                .WithEvaluateOverhead(false)
            : Job.Default;
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

        figures.Print(Console.Out, quick);
        return 0;
    }
}
