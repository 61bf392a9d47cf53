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
        return await RunAsync(workingDirectory, new Dictionary<string, string?>
        {
            ["AWS_ACCESS_KEY_ID"] = emulator.AccessKeyId,
            ["AWS_SECRET_ACCESS_KEY"] = CognitoEmulatorOptions.DefaultSecretAccessKey,
        }, all);
    }

    public static async Task<ToolResult> RunAsync(string workingDirectory, IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(EntryAssembly);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // Nothing from the machine's own AWS set-up may decide a result: no profile, no instance metadata.
        foreach (var name in new[] { "AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_SESSION_TOKEN", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER" })
        {
            start.Environment.Remove(name);
        }

        start.Environment["AWS_EC2_METADATA_DISABLED"] = "true";
        start.Environment["AWS_CONFIG_FILE"] = Path.Combine(workingDirectory, "no-aws-config");
        start.Environment["AWS_SHARED_CREDENTIALS_FILE"] = Path.Combine(workingDirectory, "no-aws-credentials");
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        if (!File.Exists(EntryAssembly))
        {
            throw new FileNotFoundException($"The tool is not built at {EntryAssembly}; build src/ResourceServers.Tool (dotnet build ResourceServers.sln).");
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Timeout);
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
}

/// <summary>What one run of the tool did.</summary>
internal sealed record ToolResult(IReadOnlyList<string> Args, int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"resource-servers {string.Join(' ', Args)} -> exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}
