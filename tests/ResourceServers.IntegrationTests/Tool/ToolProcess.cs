using System.Diagnostics;
using ResourceServers.Testing;
using ResourceServers.Tests.TestSupport;

namespace ResourceServers.IntegrationTests.Tool;

/// <summary>
/// Runs the built <c>resource-servers</c> tool as its own process against an emulator, as a pipeline step would:
/// credentials in the environment, <c>--region</c> and <c>--endpoint-url</c> on the command line, output redirected
/// (so it prints plain lines, no progress display), nothing on standard input.
/// </summary>
internal static class ToolProcess
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    /// <summary>
    /// The tool's entry assembly in the tool project's own output (the test project references the tool project, so
    /// it is built first, in the same configuration). Not the copy beside the tests: there the tool's dependencies
    /// would resolve against the test project's, which is not how the tool runs anywhere else.
    /// </summary>
    public static string EntryAssembly { get; } = Path.Combine(
        TestData.RepositoryRoot, "src", "ResourceServers.Tool", "bin", Configuration, "net10.0", "resource-servers.dll");

    private static string Configuration =>
        typeof(ToolProcess).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyConfigurationAttribute), false)
            .OfType<System.Reflection.AssemblyConfigurationAttribute>().Single().Configuration;

    public static async Task<ToolResult> RunAsync(CognitoEmulator emulator, string workingDirectory, params string[] args)
    {
        string[] connection = ["--region", emulator.Region, "--endpoint-url", emulator.ServiceUrl.ToString()];
        // export/plan/apply take the connection options; `schema` and `--help` do not.
        var all = args.Length > 0 && args[0] is "plan" or "apply" or "export" ? [.. args, .. connection] : args;
        return await RunAsync(workingDirectory, Credentials(emulator), all);
    }

    public static async Task<ToolResult> RunAsync(string workingDirectory, IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory };
        start.ArgumentList.Add(Built());
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return await RunAsync(start, environment, args, answer: null);
    }

    /// <summary>
    /// Runs an installed <c>resource-servers</c> <paramref name="command"/> (what <c>dotnet tool install</c> put in a
    /// tool path) against the emulator, as <see cref="RunAsync(CognitoEmulator, string, string[])"/> runs the built one.
    /// </summary>
    public static async Task<ToolResult> RunInstalledAsync(string command, CognitoEmulator emulator, string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo(command) { WorkingDirectory = workingDirectory };
        string[] all = args.Length > 0 && args[0] is "plan" or "apply" or "export" ? [.. args, "--region", emulator.Region, "--endpoint-url", emulator.ServiceUrl.ToString()] : args;
        foreach (var arg in all)
        {
            start.ArgumentList.Add(arg);
        }

        return await RunAsync(start, Credentials(emulator), all, answer: null);
    }

    /// <summary>
    /// Runs the tool against the emulator and sends it SIGINT, as Ctrl+C does, once a line of its standard output
    /// contains <paramref name="marker"/>.
    /// </summary>
    public static async Task<ToolResult> RunAndInterruptAsync(CognitoEmulator emulator, string workingDirectory, string marker, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory };
        string[] all = [.. args, "--region", emulator.Region, "--endpoint-url", emulator.ServiceUrl.ToString()];
        foreach (var arg in new[] { Built() }.Concat(all))
        {
            start.ArgumentList.Add(arg);
        }

        return await RunAsync(start, Credentials(emulator), all, answer: null, interruptOn: marker);
    }

    /// <summary>
    /// Runs the tool on a terminal, as a person does: inside a pseudo-terminal (util-linux <c>script</c>), answering
    /// <paramref name="answer"/> when it asks a yes/no question.
    /// </summary>
    public static async Task<ToolResult> RunOnTerminalAsync(CognitoEmulator emulator, string workingDirectory, string answer, params string[] args)
    {
        const string Script = "/usr/bin/script";
        if (!File.Exists(Script))
        {
            throw new FileNotFoundException($"{Script} (util-linux) runs the tool on a pseudo-terminal; install it: apt-get install -y bsdutils");
        }

        string[] all = [.. args, "--region", emulator.Region, "--endpoint-url", emulator.ServiceUrl.ToString()];
        var command = string.Join(' ', new[] { "dotnet", Built() }.Concat(all).Select(a => "'" + a.Replace("'", "'\\''", StringComparison.Ordinal) + "'"));
        var start = new ProcessStartInfo(Script) { WorkingDirectory = workingDirectory };
        foreach (var arg in new[] { "--quiet", "--return", "--command", command, "/dev/null" })
        {
            start.ArgumentList.Add(arg);
        }

        return await RunAsync(start, Credentials(emulator), all, answer);
    }

    // The entry assembly, which must have been built.
    private static string Built() => File.Exists(EntryAssembly)
        ? EntryAssembly
        : throw new FileNotFoundException($"The tool is not built at {EntryAssembly}; build src/ResourceServers.Tool (dotnet build ResourceServers.sln).");

    private static Dictionary<string, string?> Credentials(CognitoEmulator emulator) => new()
    {
        ["AWS_ACCESS_KEY_ID"] = emulator.AccessKeyId,
        ["AWS_SECRET_ACCESS_KEY"] = CognitoEmulatorOptions.DefaultSecretAccessKey,
    };

    private static async Task<ToolResult> RunAsync(ProcessStartInfo start, IReadOnlyDictionary<string, string?> environment, IReadOnlyList<string> args, string? answer, string? interruptOn = null)
    {
        start.RedirectStandardInput = true;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;

        // Nothing from the machine's own AWS set-up may decide a result: no profile, no instance metadata.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("AWS_", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["AWS_EC2_METADATA_DISABLED"] = "true";
        start.Environment["AWS_CONFIG_FILE"] = Path.Combine(start.WorkingDirectory, "no-aws-config");
        start.Environment["AWS_SHARED_CREDENTIALS_FILE"] = Path.Combine(start.WorkingDirectory, "no-aws-credentials");
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{start.FileName} did not start.");
        using var timeout = new CancellationTokenSource(Timeout);
        var stdout = answer is not null ? AnswerAsync(process, answer, timeout.Token)
            : interruptOn is not null ? InterruptAsync(process, interruptOn, timeout.Token)
            : process.StandardOutput.ReadToEndAsync(timeout.Token);
        if (answer is null)
        {
            process.StandardInput.Close();
        }

        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"resource-servers {string.Join(' ', args)} did not finish within {Timeout}.");
        }

        return new ToolResult(args, process.ExitCode, await stdout, await stderr);
    }

    // Reads the output line by line and sends SIGINT (kill -INT, as a terminal's Ctrl+C) once the marker shows.
    private static async Task<string> InterruptAsync(Process process, string marker, CancellationToken cancellationToken)
    {
        var output = new System.Text.StringBuilder();
        var sent = false;
        while (await process.StandardOutput.ReadLineAsync(cancellationToken) is { } line)
        {
            output.Append(line).Append('\n');
            if (!sent && line.Contains(marker, StringComparison.Ordinal))
            {
                sent = true;
                using var kill = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
                await kill.WaitForExitAsync(cancellationToken);
            }
        }

        return output.ToString();
    }

    // Reads the terminal's output and types the answer (and Enter) once the question "[y/n]" shows.
    private static async Task<string> AnswerAsync(Process process, string answer, CancellationToken cancellationToken)
    {
        var output = new System.Text.StringBuilder();
        var buffer = new char[4096];
        var answered = false;
        int read;
        while ((read = await process.StandardOutput.ReadAsync(buffer, cancellationToken)) > 0)
        {
            output.Append(buffer, 0, read);
            if (!answered && output.ToString().Contains("[y/n]", StringComparison.Ordinal))
            {
                answered = true;
                await process.StandardInput.WriteAsync(answer + "\r");
                await process.StandardInput.FlushAsync(cancellationToken);
            }
        }

        return output.ToString();
    }
}

/// <summary>What one run of the tool did.</summary>
internal sealed record ToolResult(IReadOnlyList<string> Args, int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"resource-servers {string.Join(' ', Args)} -> exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}
