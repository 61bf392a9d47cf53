using System.Diagnostics;
using System.Text.RegularExpressions;

namespace ResourceServers.Fleet;

/// <summary>
/// One OS process of tests/ResourceServers.FleetWorker, started with <c>dotnet</c> from the worker's own output folder
/// of the caller's configuration (the worker project is referenced, so it is built first). Its output is kept line by
/// line.
/// </summary>
public sealed partial class FleetWorkerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _lines = [];
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _stalled = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _outputEnded = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private FleetWorkerProcess(Process process, string name)
    {
        _process = process;
        Name = name;
    }

    public string Name { get; }

    public int ProcessId => _process.Id;

    /// <summary>The lines printed so far.</summary>
    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lines)
            {
                return [.. _lines];
            }
        }
    }

    /// <summary>Completes when the worker printed "stalled" (it holds a lock and will never write).</summary>
    public Task Stalled => _stalled.Task;

    /// <summary>Units that ended in success, by scope index, in the order they finished.</summary>
    public IReadOnlyList<int> Succeeded => [.. Lines.Select(l => OkLine().Match(l)).Where(m => m.Success).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture))];

    /// <summary>The worker's closing line, e.g. <c>worker: done=25 failed=0 coordination_errors=0</c>; null before it ends.</summary>
    public string? Summary => Lines.LastOrDefault(l => l.StartsWith("worker: ", StringComparison.Ordinal));

    public int Failed => Count("failed");

    public int CoordinationErrors => Count("coordination_errors");

    /// <summary>Starts a worker with the emulator's credentials in its environment; waits until it is ready to go.</summary>
    public static async Task<FleetWorkerProcess> StartAsync(string name, string accessKeyId, string secretAccessKey, params IEnumerable<string> arguments)
    {
        var dll = WorkerPath();
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"{dll} is missing; build tests/ResourceServers.FleetWorker (it is a project reference of this one).");
        }

        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The emulator's public test keys; nothing else of the caller's AWS setup reaches the worker.
        start.Environment["AWS_ACCESS_KEY_ID"] = accessKeyId;
        start.Environment["AWS_SECRET_ACCESS_KEY"] = secretAccessKey;
        start.Environment.Remove("AWS_SESSION_TOKEN");
        start.Environment.Remove("AWS_PROFILE");
        start.Environment["AWS_EC2_METADATA_DISABLED"] = "true";
        start.Environment["DOTNET_TieredPGO"] = "0";

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the fleet worker");
        var worker = new FleetWorkerProcess(process, name);
        process.OutputDataReceived += (_, e) => worker.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                worker.OnLine("stderr: " + e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var ready = await Task.WhenAny(worker._ready.Task, worker._outputEnded.Task, Task.Delay(TimeSpan.FromSeconds(60)));
        if (ready != worker._ready.Task)
        {
            await worker.DisposeAsync();
            throw new InvalidOperationException($"fleet worker {name} did not get ready:\n{string.Join('\n', worker.Lines)}");
        }

        return worker;
    }

    // The caller runs from <repo>/tests/<project>/bin/<configuration>/<tfm>/; the worker sits in the same place of its own project.
    private static string WorkerPath()
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var tfm = output.Name;
        var configuration = output.Parent!.Name;
        var repo = output;
        while (repo is not null && !File.Exists(Path.Combine(repo.FullName, "ResourceServers.sln")))
        {
            repo = repo.Parent;
        }

        return repo is null
            ? throw new InvalidOperationException($"ResourceServers.sln not found above {AppContext.BaseDirectory}")
            : Path.Combine(repo.FullName, "tests", "ResourceServers.FleetWorker", "bin", configuration, tfm, "ResourceServers.FleetWorker.dll");
    }

    /// <summary>Starts the workers' units (they wait for this after "ready").</summary>
    public void Go() => _process.StandardInput.WriteLine("go");

    /// <summary>Waits until the worker exits; its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"fleet worker {Name} did not finish within {timeout}:\n{string.Join('\n', Lines.TakeLast(20))}");
        }

        await _outputEnded.Task.WaitAsync(TimeSpan.FromSeconds(10));
        return _process.ExitCode;
    }

    /// <summary>Kills the worker with SIGKILL (no cleanup runs: its locks stay in Redis until they expire).</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: false);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await KillAsync();
        }

        _process.Dispose();
    }

    /// <summary>Starts every worker, then lets them all go at once; returns them running.</summary>
    public static async Task<IReadOnlyList<FleetWorkerProcess>> StartAllAsync(string accessKeyId, string secretAccessKey, IEnumerable<(string Name, IEnumerable<string> Arguments)> workers)
    {
        var started = await Task.WhenAll(workers.Select(w => StartAsync(w.Name, accessKeyId, secretAccessKey, w.Arguments)));
        foreach (var worker in started)
        {
            worker.Go();
        }

        return started;
    }

    /// <summary>Everything the worker printed, for a failure message.</summary>
    public override string ToString() => $"{Name}:\n  " + string.Join("\n  ", Lines);

    private int Count(string field)
    {
        var match = Regex.Match(Summary ?? string.Empty, $@"\b{field}=(\d+)");
        return match.Success ? int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : -1;
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            _outputEnded.TrySetResult();
            return;
        }

        lock (_lines)
        {
            _lines.Add(line);
        }

        if (line == "ready")
        {
            _ready.TrySetResult();
        }
        else if (line == "stalled")
        {
            _stalled.TrySetResult();
        }
    }

    [GeneratedRegex(@"^ok (\d+)$")]
    private static partial Regex OkLine();
}
