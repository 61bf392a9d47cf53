using System.Globalization;
using BenchmarkDotNet.Reports;

namespace ResourceServers.Benchmarks;

/// <summary>The figures issue 7 asks for, read from BenchmarkDotNet's summary: time ratios and bytes per call.</summary>
internal sealed class OverheadFigures
{
    public const double TimeTarget = 1.15;
    public const double AllocTarget = 1.5;

    private static readonly string[] Operations = ["Describe", "Update", "List", "Patch"];
    private static readonly string[] Variants = ["Raw", "Facade", "FacadeNoPipeline"];

    // Only these three make up facade_over_raw, as the issue defines it; patch is reported beside it.
    private static readonly string[] HeadlineOperations = ["Describe", "Update", "List"];

    private readonly Dictionary<(string Operation, string Variant), (double MedianNs, long Bytes)> _results;

    // Full mode: each process's own facade/raw ratio, per operation and variant; the figure is their median.
    private readonly Dictionary<(string Operation, string Variant), double[]>? _processRatios;

    private OverheadFigures(
        Dictionary<(string Operation, string Variant), (double MedianNs, long Bytes)> results,
        Dictionary<(string Operation, string Variant), double[]>? processRatios = null)
    {
        _results = results;
        _processRatios = processRatios;
    }

    /// <summary>
    /// The figures of the full mode's processes: times and bytes are the medians over processes; a time ratio is the
    /// median of the ratios taken within each process.
    /// </summary>
    public static OverheadFigures FromProcesses(IReadOnlyList<Dictionary<string, (double Nanoseconds, double Bytes)>> processes)
    {
        var results = new Dictionary<(string Operation, string Variant), (double MedianNs, long Bytes)>();
        var ratios = new Dictionary<(string Operation, string Variant), double[]>();
        foreach (var operation in Operations)
        {
            foreach (var variant in Variants)
            {
                var name = $"{operation}_{variant}";
                if (processes.Any(p => !p.ContainsKey(name) || !p.ContainsKey($"{operation}_Raw")))
                {
                    throw new InvalidOperationException($"A measuring process reported no result for {name}.");
                }

                results[(operation, variant)] = (Median(processes.Select(p => p[name].Nanoseconds)), (long)Median(processes.Select(p => p[name].Bytes)));
                ratios[(operation, variant)] = [.. processes.Select(p => p[name].Nanoseconds / p[$"{operation}_Raw"].Nanoseconds)];
            }
        }

        return new OverheadFigures(results, ratios);
    }

    public static OverheadFigures? From(Summary summary)
    {
        var results = new Dictionary<(string Operation, string Variant), (double MedianNs, long Bytes)>();
        foreach (var report in summary.Reports)
        {
            var name = report.BenchmarkCase.Descriptor.WorkloadMethod.Name;
            var split = name.IndexOf('_', StringComparison.Ordinal);
            if (split < 0 || report.ResultStatistics is not { } statistics)
            {
                continue;
            }

            var bytes = report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase) ?? -1;
            // The median, not the mean: on a shared machine a few iterations land on another process's burst, and the
            // mean lets them decide a ratio that is about this code.
            results[(name[..split], name[(split + 1)..])] = (statistics.Median, bytes);
        }

        var complete = Operations.All(o => Variants.All(v => results.ContainsKey((o, v))));
        return complete ? new OverheadFigures(results) : null;
    }

    /// <summary>The headline: the largest facade/raw median-time ratio over describe, update and list (the strict reading).</summary>
    public double FacadeOverRaw => HeadlineOperations.Max(o => TimeRatio(o, "Facade"));

    public double FacadeOverRawGeometricMean => Math.Exp(HeadlineOperations.Average(o => Math.Log(TimeRatio(o, "Facade"))));

    public long FacadeBytesPerDescribe => _results[("Describe", "Facade")].Bytes;

    public long RawBytesPerDescribe => _results[("Describe", "Raw")].Bytes;

    public double TimeRatio(string operation, string variant) => _processRatios is { } ratios
        ? Median(ratios[(operation, variant)])
        : _results[(operation, variant)].MedianNs / _results[(operation, "Raw")].MedianNs;

    public double AllocRatio(string operation, string variant) => (double)_results[(operation, variant)].Bytes / _results[(operation, "Raw")].Bytes;

    public void Print(TextWriter output, string mode)
    {
        var c = CultureInfo.InvariantCulture;
        output.WriteLine();
        output.WriteLine($"overhead ({mode}; median time per call; the facade runs the default pipeline of new ResourceServerClient(options) with pacing disabled)");
        output.WriteLine("operation  variant          median(us)  time/raw  bytes    bytes/raw");
        foreach (var operation in Operations)
        {
            foreach (var variant in Variants)
            {
                var (median, bytes) = _results[(operation, variant)];
                output.WriteLine(string.Format(c, "{0,-10} {1,-18} {2,10:F2}  {3,8:F3}  {4,-8} {5,6:F2}", operation.ToLowerInvariant(), variant, median / 1000, TimeRatio(operation, variant), bytes, AllocRatio(operation, variant)));
            }
        }

        if (_processRatios is { } spread)
        {
            output.WriteLine("time/raw of the facade in each process (the figure above is their median):");
            foreach (var operation in Operations)
            {
                output.WriteLine(string.Format(c, "  {0,-10} {1}", operation.ToLowerInvariant(), string.Join("  ", spread[(operation, "Facade")].Select(r => r.ToString("F3", c)))));
            }
        }

        output.WriteLine(string.Format(c, "facade_over_raw: max {0:F3} (the headline), geometric mean {1:F3}, over describe/update/list; target <= {2:F2}", FacadeOverRaw, FacadeOverRawGeometricMean, TimeTarget));
        output.WriteLine(string.Format(c, "alloc per describe: facade {0} B, raw {1} B, ratio {2:F2}; target <= {3:F1}", FacadeBytesPerDescribe, RawBytesPerDescribe, AllocRatio("Describe", "Facade"), AllocTarget));
        var met = FacadeOverRaw <= TimeTarget && AllocRatio("Describe", "Facade") <= AllocTarget;
        output.WriteLine($"targets: {(met ? "met" : "missed")}");
        output.WriteLine(string.Format(c, "overhead: facade_over_raw={0:F3} alloc_bytes_per_describe={1}", FacadeOverRaw, FacadeBytesPerDescribe));
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
