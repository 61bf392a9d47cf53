using System.Diagnostics;
using System.Globalization;

namespace ResourceServers.IntegrationTests.Conformance;

/// <summary>
/// Runs the real AWS CLI v2 against an emulator, isolated from the machine's AWS configuration: no profile, config
/// file, credential file, pager, prompt or instance metadata, and no AWS_* or PYTHON* variable inherited.
/// </summary>
internal sealed class AwsCli
{
    /// <summary>Where Debian's <c>awscli</c> package puts the CLI v2. Another <c>aws</c> (v1) may come first on PATH.</summary>
    public const string DefaultPath = "/usr/bin/aws";

    /// <summary>The CLI v2 exit code for an error the service returned.</summary>
    public const int ServiceErrorExitCode = 254;

    /// <summary>The CLI v2 exit code for a request it refused to send (botocore's parameter validation).</summary>
    public const int ParameterValidationExitCode = 252;

    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private AwsCli(string path) => Path = path;

    public string Path { get; }

    /// <summary>Finds the CLI; throws (so the tests fail, not skip) with how to install it.</summary>
    public static AwsCli Locate(string path = DefaultPath) =>
        File.Exists(path)
            ? new AwsCli(path)
            : throw new InvalidOperationException(
                $"AWS CLI v2 not found at {path}: install it with `apt-get install -y awscli` (CI's .ci/run does this). "
                + "The conformance tests drive the Cognito emulator with the real CLI and cannot run without it.");

    /// <summary>Checks that the CLI is v2: v1 uses other exit codes (255 for every error) and prints errors differently.</summary>
    public async Task<string> RequireVersion2Async(string tempDirectory)
    {
        var result = await RunAsync(["--version"], new AwsCliEnvironment("us-east-1", "unused", "unused", tempDirectory));
        var version = (result.Stdout + result.Stderr).Trim();
        if (result.ExitCode != 0 || !version.StartsWith("aws-cli/2.", StringComparison.Ordinal))
        {
            throw new InvalidOperationException(
                $"{Path} is not the AWS CLI v2 ('{version}', exit code {result.ExitCode}): install it with `apt-get install -y awscli` (CI's .ci/run does this).");
        }

        return version;
    }

    public async Task<AwsCliResult> RunAsync(IReadOnlyList<string> arguments, AwsCliEnvironment environment)
    {
        var start = new ProcessStartInfo(Path)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = environment.TempDirectory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Isolate(start.Environment, environment);

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {Path}.");
        // Nothing is typed into the CLI: a prompt would fail fast instead of waiting for the timeout.
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException(string.Create(CultureInfo.InvariantCulture,
                $"aws {string.Join(' ', arguments)} did not finish within {Timeout.TotalSeconds} s and was killed."));
        }

        return new AwsCliResult(arguments, process.ExitCode, await stdout, await stderr);
    }

    internal static void Isolate(IDictionary<string, string?> variables, AwsCliEnvironment environment)
    {
        // Inherited profiles, session tokens, CA bundles or a Python path (pyenv) would change what the CLI does.
        foreach (var name in variables.Keys.ToList())
        {
            if (name.StartsWith("AWS_", StringComparison.OrdinalIgnoreCase) || name.StartsWith("PYTHON", StringComparison.OrdinalIgnoreCase))
            {
                variables.Remove(name);
            }
        }

        variables["HOME"] = environment.TempDirectory;
        variables["AWS_ACCESS_KEY_ID"] = environment.AccessKeyId;
        variables["AWS_SECRET_ACCESS_KEY"] = environment.SecretAccessKey;
        variables["AWS_DEFAULT_REGION"] = environment.Region;
        variables["AWS_REGION"] = environment.Region;
        variables["AWS_CONFIG_FILE"] = System.IO.Path.Combine(environment.TempDirectory, "no-config");
        variables["AWS_SHARED_CREDENTIALS_FILE"] = System.IO.Path.Combine(environment.TempDirectory, "no-credentials");
        variables["AWS_PAGER"] = string.Empty;
        variables["AWS_EC2_METADATA_DISABLED"] = "true";
        variables["AWS_CLI_AUTO_PROMPT"] = "off";
    }
}
