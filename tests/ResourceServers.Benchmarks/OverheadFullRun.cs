using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace ResourceServers.Benchmarks;

/// <summary>
/// The full mode of <c>overhead</c>: <see cref="Processes"/> fresh processes of this program, each measuring every
/// benchmark method interleaved (<see cref="OverheadProcessRun"/>); a ratio is taken within each process (facade and
/// raw measured side by side, under the same load and the same JIT outcome of that process), and the figure is the
/// median of the processes' ratios, printed with their spread.
/// </summary>
/// <remarks>
/// Why not BenchmarkDotNet's default job, as before: it runs each benchmark in a process of its own, one after
/// another, so a ratio divided two processes measured minutes apart. On this shared two-core machine the facade's
/// time grows with the machine's load faster than the raw baseline's (a larger code and data footprint refilled
/// after every preemption and squeezed by a busy neighbour core), so the ratio followed whatever ran beside each of
/// the two windows and came out in clusters (see OverheadNotes.md). Here both sides run in the same window, only
/// rounds the scheduler did not interrupt count, and the median over processes sets aside a process that ran while
/// the machine was at its busiest. Quick mode still uses BenchmarkDotNet (in process).
/// </remarks>
internal static partial class OverheadFullRun
{
    public const int Processes = 5;

    public static async Task<OverheadFigures> RunAsync()
    {
        var runs = new List<Dictionary<string, (double Nanoseconds, double Bytes)>>();
        var loadBefore = LoadAverage();
        for (var p = 1; p <= Processes; p++)
        {
            Console.WriteLine($"overhead: process {p} of {Processes} ...");
            runs.Add(await RunProcessAsync());
        }

        // The figures depend on what else the machine runs (see remarks): say how busy it was.
        Console.WriteLine($"overhead: machine load (1-minute average) {loadBefore} before, {LoadAverage()} after, on {Environment.ProcessorCount} processors");

        return OverheadFigures.FromProcesses(runs);
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "unknown";

    private static async Task<Dictionary<string, (double Nanoseconds, double Bytes)>> RunProcessAsync()
    {
        var start = new ProcessStartInfo(Environment.ProcessPath ?? throw new InvalidOperationException("No process path."))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };

        // Started as `dotnet <dll>` or as the apphost: either way, the same program with the child's arguments.
        if (Path.GetFileNameWithoutExtension(start.FileName) == "dotnet")
        {
            start.ArgumentList.Add(typeof(OverheadFullRun).Assembly.Location);
        }

        start.ArgumentList.Add("overhead");
        start.ArgumentList.Add(OverheadProcessRun.Argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("The measuring process did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"The measuring process failed (exit code {process.ExitCode}):\n{await output}\n{await error}");
        }

        Console.Write(await output);
        var results = new Dictionary<string, (double, double)>(StringComparer.Ordinal);
        foreach (Match line in ResultLine().Matches(await output))
        {
            results[line.Groups["name"].Value] = (
                double.Parse(line.Groups["ns"].Value, CultureInfo.InvariantCulture),
                double.Parse(line.Groups["bytes"].Value, CultureInfo.InvariantCulture));
        }

        return results;
    }

    [GeneratedRegex(@"^result (?<name>\w+) ns=(?<ns>[\d.]+) bytes=(?<bytes>[\d.]+) ", RegexOptions.Multiline)]
    private static partial Regex ResultLine();
}
