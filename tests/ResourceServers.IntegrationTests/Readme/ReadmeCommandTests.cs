using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using ResourceServers.IntegrationTests.Conformance;
using ResourceServers.Tests.TestSupport;

namespace ResourceServers.IntegrationTests.Readme;

/// <summary>
/// No command README.md shows can drift: each is either run here as written (the standalone emulator, the AWS CLI
/// against it, the main job against a pool) or run by CI (<c>.ci/run</c> or a script it runs) as written.
/// </summary>
[Collection(ReadmeCommandsCollection.Name)]
public sealed partial class ReadmeCommandTests : IDisposable
{
    private static readonly TimeSpan BuildAndStartTimeout = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan CliTimeout = TimeSpan.FromMinutes(2);

    private readonly DirectoryInfo _temp = Directory.CreateTempSubdirectory("resourceservers-readme-");

    public void Dispose() => _temp.Delete(recursive: true);

    [Fact]
    public void Every_command_README_shows_is_run_by_this_test_or_by_CI()
    {
        var commands = ReadmeCommandsOf(TestData.RepositoryRoot);
        var ci = CiScripts.Load(TestData.RepositoryRoot);

        var uncovered = commands.Where(c => !RunHere(c) && !ci.Runs(c)).ToList();

        Assert.NotEmpty(commands);
        Assert.True(
            uncovered.Count == 0,
            $"README.md and docs/ show {uncovered.Count} command(s) that neither {nameof(ReadmeCommandTests)} nor CI ({string.Join(", ", ci.Paths)}) runs as written:\n"
            + string.Join('\n', uncovered.Select(c => $"  {c}"))
            + "\nRun each from .ci/run or a script it runs, as README writes it (whitespace aside), or run it in this test. "
            + "A block that is not a shell command belongs in a fence naming its language (```csharp, ```json, ```text).");
    }

    [Fact]
    public async Task The_standalone_emulator_the_AWS_CLI_against_it_and_the_main_job_against_its_pool_work_as_README_writes_them()
    {
        var root = TestData.RepositoryRoot;
        var commands = ReadmeCommandsOf(root);
        var emulatorCommand = Assert.Single(commands, IsEmulatorCommand);
        var cliCommands = commands.Where(IsAwsCliCommand).ToList();
        var poolCommands = commands.Where(IsMainJobAgainstAPool).ToList();
        Assert.NotEmpty(cliCommands);
        foreach (var program in cliCommands.Select(c => ShellText.Program(c.Normalized)).Where(p => p is not null && Path.IsPathRooted(p)).Distinct())
        {
            AwsCli.Locate(program!); // fails with how to install the CLI
        }

        // README's port may be taken here (another emulator, a parallel run): the emulator and the CLI get a free one
        // instead, the same in both. That is the only change made to README's emulator and CLI commands.
        var readmePort = PortOption().Match(emulatorCommand.Normalized) is { Success: true } option
            ? option.Groups["port"].Value
            : throw new InvalidOperationException($"The emulator command gives no --port: {emulatorCommand}");
        var port = FreeLoopbackPort().ToString(CultureInfo.InvariantCulture);
        var serviceUrl = $"http://127.0.0.1:{port}/";

        await using var emulator = ReadmeProcess.Start(
            Regex.Replace(emulatorCommand.Text, $@"--port(\s+){readmePort}\b", $"--port${{1}}{port}"), root, _temp.FullName);
        await emulator.WaitForLineAsync(line => line.StartsWith($"Cognito emulator listening on {serviceUrl}", StringComparison.Ordinal), BuildAndStartTimeout);

        string? poolId = null;
        IReadOnlyList<KeyValuePair<string, string>> credentials = [];
        foreach (var command in cliCommands)
        {
            var text = Regex.Replace(command.Text, $@"(127\.0\.0\.1|localhost):{readmePort}\b", $"${{1}}:{port}");
            var result = await RunAsync(text, root, CliTimeout);
            Assert.True(result.ExitCode == 0, $"{command} failed (exit code {result.ExitCode}):\n{result.Process}");
            if (command.Normalized.Contains(" create-user-pool ", StringComparison.Ordinal))
            {
                poolId = AssertCreatedPool(command, result.Process);
                credentials = ShellText.LeadingAssignments(command.Normalized);
            }
        }

        foreach (var command in poolCommands)
        {
            // A usage line, not a literal command: its placeholders are filled in with the pool the CLI created and
            // the emulator's URL, and it runs with the CLI command's keys (README: the standard AWS credential chain).
            Assert.True(poolId is not null, $"No README command creates a user pool for: {command}");
            var text = PoolIdPlaceholder().Replace(command.Text, poolId);
            text = text.Replace("[--endpoint URL]", $"--endpoint {serviceUrl}", StringComparison.Ordinal);
            text = OptionalArgument().Replace(text, "${argument}");
            var result = await RunAsync(text, root, BuildAndStartTimeout, credentials);
            Assert.True(result.ExitCode == 0, $"{command} failed (exit code {result.ExitCode}):\n{result.Process}");
            Assert.Contains($"Using user pool {poolId} at {serviceUrl}", result.Process.Stdout, StringComparison.Ordinal);
            Assert.Contains("Done: every step behaved as described.", result.Process.Stdout, StringComparison.Ordinal);
        }

        Assert.False(emulator.HasExited, $"The emulator stopped during the test.\n{emulator}");
    }

    /// <summary>The commands this test runs itself (the rest must be CI's).</summary>
    // The fleet benchmark takes over a minute (two runs of 4 processes at Cognito's quotas), too long for CI's smoke runs.
    [Fact]
    public async Task The_fleet_benchmark_runs_as_README_writes_it_and_its_Redis_run_loses_nothing()
    {
        var root = TestData.RepositoryRoot;
        var command = Assert.Single(ReadmeCommandsOf(root), IsFleetBenchmark);

        var (exitCode, process) = await RunAsync(command.Normalized, root, TimeSpan.FromMinutes(10));

        Assert.True(exitCode == 0, $"{command} exited {exitCode}:\n{process}");
        var lines = process.Stdout.Split('\n', StringSplitOptions.TrimEntries);
        var redis = Assert.Single(lines, l => l.StartsWith("fleet: processes=4 coordination=redis ", StringComparison.Ordinal));
        Assert.Single(lines, l => l.StartsWith("fleet: processes=4 coordination=none ", StringComparison.Ordinal));
        Assert.Matches(@"wall_over_min=\d+\.\d+ failed=0 throttled_attempts_pct=\d+\.\d+ lost_scopes=0$", redis);
        Assert.Contains(lines, l => l.StartsWith("fleet: per paced call", StringComparison.Ordinal));
    }

    private static bool RunHere(ReadmeCommand command) =>
        IsEmulatorCommand(command) || IsAwsCliCommand(command) || IsMainJobAgainstAPool(command) || IsFleetBenchmark(command);

    private static bool IsFleetBenchmark(ReadmeCommand command) =>
        command.Normalized is "dotnet run -c Release --project tests/ResourceServers.Benchmarks -- fleet";

    private static bool IsEmulatorCommand(ReadmeCommand command) =>
        command.Normalized is "dotnet run --project src/ResourceServers.Emulator"
        || command.Normalized.StartsWith("dotnet run --project src/ResourceServers.Emulator ", StringComparison.Ordinal);

    private static bool IsAwsCliCommand(ReadmeCommand command) =>
        ShellText.Program(command.Normalized) is { } program
        && (program == "aws" || program.EndsWith("/aws", StringComparison.Ordinal));

    private static bool IsMainJobAgainstAPool(ReadmeCommand command) =>
        command.Normalized.StartsWith("dotnet run --project samples/ResourceServers.Sample -- ", StringComparison.Ordinal)
        && command.Normalized.Contains("--user-pool-id", StringComparison.Ordinal);

    /// <summary>The commands of README.md and of every page of docs/ it links to: none of them may drift.</summary>
    private static IReadOnlyList<ReadmeCommand> ReadmeCommandsOf(string root) =>
    [
        .. ReadmeCommands.Extract(File.ReadAllText(Path.Combine(root, "README.md"))),
        .. Directory.EnumerateFiles(Path.Combine(root, "docs"), "*.md").Order(StringComparer.Ordinal).SelectMany(page =>
            ReadmeCommands.Extract(File.ReadAllText(page)).Select(c => c with { File = Path.GetRelativePath(root, page) })),
    ];

    private static string AssertCreatedPool(ReadmeCommand command, ReadmeProcess process)
    {
        using var output = JsonDocument.Parse(process.Stdout);
        var pool = output.RootElement.GetProperty("UserPool");
        var name = Regex.Match(command.Normalized, @"--pool-name (?<name>\S+)").Groups["name"].Value;
        Assert.Equal(name, pool.GetProperty("Name").GetString());
        return pool.GetProperty("Id").GetString() ?? throw new InvalidOperationException($"create-user-pool printed no UserPool.Id:\n{process}");
    }

    private async Task<(int ExitCode, ReadmeProcess Process)> RunAsync(
        string command, string root, TimeSpan timeout, IEnumerable<KeyValuePair<string, string>>? variables = null)
    {
        var process = ReadmeProcess.Start(command, root, _temp.FullName, variables);
        await using (process)
        {
            return (await process.WaitForExitAsync(timeout), process);
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex(@"--port (?<port>\d+)")]
    private static partial Regex PortOption();

    [GeneratedRegex(@"\b[a-z]{2}(-[a-z]+)+-\d_X+\b")]
    private static partial Regex PoolIdPlaceholder();

    [GeneratedRegex(@"\[(?<argument>--[\w-]+ [^\]\s]+)\]")]
    private static partial Regex OptionalArgument();
}
