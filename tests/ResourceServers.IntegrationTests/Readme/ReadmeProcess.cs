using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace ResourceServers.IntegrationTests.Readme;

/// <summary>
/// A README command run by bash from the repository root, as a reader would paste it, with its output captured. The
/// environment is the test's, less anything that would change what the command does here: no inherited AWS_*,
/// PYTHON* or MSBuild variables, no AWS config or credential file, no pager or prompt, no instance metadata, and no
/// MSBuild node left running (it would hold the output open).
/// </summary>
internal sealed class ReadmeProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _stdoutClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _stderrClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ReadmeProcess(string command, Process process)
    {
        Command = command;
        _process = process;
    }

    public string Command { get; }

    public string Stdout
    {
        get
        {
            lock (_stdout)
            {
                return _stdout.ToString();
            }
        }
    }

    public string Stderr
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    public bool HasExited => _exited.Task.IsCompleted;

    public int ExitCode => _process.ExitCode;

    /// <summary>Starts <c>bash -c <paramref name="command"/></c> in <paramref name="workingDirectory"/>.</summary>
    public static ReadmeProcess Start(string command, string workingDirectory, string tempDirectory, IEnumerable<KeyValuePair<string, string>>? variables = null)
    {
        var start = new ProcessStartInfo("bash")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(command);
        Isolate(start.Environment, tempDirectory);
        foreach (var (name, value) in variables ?? [])
        {
            start.Environment[name] = value;
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var started = new ReadmeProcess(command, process);
        process.OutputDataReceived += (_, e) => started.Append(started._stdout, started._stdoutClosed, e.Data);
        process.ErrorDataReceived += (_, e) => started.Append(started._stderr, started._stderrClosed, e.Data);
        process.Exited += (_, _) => started._exited.TrySetResult();
        if (!process.Start())
        {
            process.Dispose();
            throw new InvalidOperationException($"Could not start bash for: {command}");
        }

        // Nothing is typed into a README command: a prompt fails at once instead of waiting for the timeout.
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return started;
    }

    /// <summary>Waits until the command prints a line that <paramref name="match"/> accepts; fails if it exits or times out first.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        while (true)
        {
            var line = Stdout.Split('\n').FirstOrDefault(match);
            if (line is not null)
            {
                return line;
            }

            if (HasExited)
            {
                throw new InvalidOperationException($"The command exited (exit code {ExitCode}) before printing the expected line.\n{this}");
            }

            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), cancellation.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException(string.Create(CultureInfo.InvariantCulture, $"The command did not print the expected line within {timeout.TotalSeconds} s.\n{this}"));
            }
        }
    }

    /// <summary>Waits for the command to exit (killing it after <paramref name="timeout"/>) and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        try
        {
            await _exited.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException(string.Create(CultureInfo.InvariantCulture, $"The command did not finish within {timeout.TotalSeconds} s and was killed.\n{this}"));
        }

        // The last output may still be in flight. A grandchild that outlives the command could keep the pipes open,
        // so this waits a little, not for the end of the stream.
        await Task.WhenAny(Task.WhenAll(_stdoutClosed.Task, _stderrClosed.Task), Task.Delay(TimeSpan.FromSeconds(5)));
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!HasExited)
        {
            // `dotnet run` starts the program as a child process: stop both.
            _process.Kill(entireProcessTree: true);
            await _exited.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }

        _process.Dispose();
    }

    public override string ToString() =>
        $"command: {Command}\nstdout:\n{Stdout.TrimEnd()}\nstderr:\n{Stderr.TrimEnd()}";

    internal static void Isolate(IDictionary<string, string?> variables, string tempDirectory)
    {
        foreach (var name in variables.Keys.ToList())
        {
            if (name.StartsWith("AWS_", StringComparison.OrdinalIgnoreCase)
                || name.StartsWith("PYTHON", StringComparison.OrdinalIgnoreCase)
                || name.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase))
            {
                variables.Remove(name);
            }
        }

        variables["AWS_CONFIG_FILE"] = Path.Combine(tempDirectory, "no-config");
        variables["AWS_SHARED_CREDENTIALS_FILE"] = Path.Combine(tempDirectory, "no-credentials");
        variables["AWS_EC2_METADATA_DISABLED"] = "true";
        variables["AWS_PAGER"] = string.Empty;
        variables["AWS_CLI_AUTO_PROMPT"] = "off";
        variables["MSBUILDDISABLENODEREUSE"] = "1";
        variables["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        variables["DOTNET_NOLOGO"] = "1";
    }

    private void Append(StringBuilder buffer, TaskCompletionSource closed, string? line)
    {
        if (line is null)
        {
            closed.TrySetResult();
            return;
        }

        lock (buffer)
        {
            buffer.Append(line).Append('\n');
        }
    }
}
