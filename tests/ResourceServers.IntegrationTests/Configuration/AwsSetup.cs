using System.Diagnostics;
using System.Text.Json;
using ResourceServers.IntegrationTests.Conformance;
using ResourceServers.IntegrationTests.Tool;
using ResourceServers.Tests.TestSupport;

namespace ResourceServers.IntegrationTests.Configuration;

/// <summary>
/// One made AWS set-up for a child process: environment variables, a shared config file, a credentials file, files
/// such as a web identity token or a credential_process script, and appsettings.json, all in a temporary folder that
/// is also HOME. Children get nothing of the machine's AWS set-up: every AWS_* variable inherited is removed, instance
/// metadata is off, and the shared files are this set-up's (absent unless written).
/// </summary>
internal sealed class AwsSetup : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    private readonly Dictionary<string, string> _variables = new(StringComparer.Ordinal);

    public AwsSetup()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("aws-setup-").FullName;
        ConfigFile = Path.Combine(Directory, "config");
        CredentialsFile = Path.Combine(Directory, "credentials");
    }

    /// <summary>The temporary folder: HOME and the working directory of every child.</summary>
    public string Directory { get; }

    /// <summary>The shared config file (AWS_CONFIG_FILE), written by <see cref="Config"/>.</summary>
    public string ConfigFile { get; }

    /// <summary>The shared credentials file (AWS_SHARED_CREDENTIALS_FILE), written by <see cref="Credentials"/>.</summary>
    public string CredentialsFile { get; }

    /// <summary>The library in a process: tests/ResourceServers.ConnectionProbe, from its own build output.</summary>
    public static string ProbeAssembly { get; } = Path.Combine(
        TestData.RepositoryRoot, "tests", "ResourceServers.ConnectionProbe", "bin", Configuration, "net10.0", "ResourceServers.ConnectionProbe.dll");

    /// <summary>The AWS SDK for JavaScript v3 resolver script.</summary>
    public static string JsFolder { get; } = Path.Combine(TestData.RepositoryRoot, "tests", "conformance-js");

    private static string Configuration =>
        typeof(AwsSetup).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyConfigurationAttribute), false)
            .OfType<System.Reflection.AssemblyConfigurationAttribute>().Single().Configuration;

    public AwsSetup Set(string name, string value)
    {
        _variables[name] = value;
        return this;
    }

    /// <summary>The access key the emulator accepts, in AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.</summary>
    public AwsSetup EmulatorKeys() =>
        Set("AWS_ACCESS_KEY_ID", Testing.CognitoEmulatorOptions.DefaultAccessKeyId).Set("AWS_SECRET_ACCESS_KEY", Testing.CognitoEmulatorOptions.DefaultSecretAccessKey);

    public AwsSetup Config(string text)
    {
        File.WriteAllText(ConfigFile, text);
        return this;
    }

    public AwsSetup Credentials(string text)
    {
        File.WriteAllText(CredentialsFile, text);
        return this;
    }

    /// <summary>Writes a file into the set-up's folder and returns its path.</summary>
    public string WriteFile(string name, string text, bool executable = false)
    {
        var path = Path.Combine(Directory, name);
        File.WriteAllText(path, text);
        if (executable && !OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return path;
    }

    /// <summary>Runs the library (DI from a generic host, or by hand) and reads the connection it printed.</summary>
    public async Task<ProbeResult> ProbeAsync(params string[] args)
    {
        if (!File.Exists(ProbeAssembly))
        {
            throw new FileNotFoundException($"The probe is not built at {ProbeAssembly}; build tests/ResourceServers.ConnectionProbe (a project reference of this project).");
        }

        var result = await RunAsync("dotnet", [ProbeAssembly, .. args]);
        var line = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault(l => l.StartsWith('{'));
        var connection = line is null ? null : JsonSerializer.Deserialize<ResourceServerConnection>(line);
        return new ProbeResult(result, connection);
    }

    /// <summary>Runs the resource-servers tool.</summary>
    public Task<ProcessResult> ToolAsync(params string[] args) => RunAsync("dotnet", [ToolProcess.EntryAssembly, .. args]);

    /// <summary>Where the AWS SDK for JavaScript v3 would send a Cognito call in this set-up: Region and endpoint.</summary>
    public async Task<(string? Region, string? Endpoint)> JsResolveAsync()
    {
        if (!System.IO.Directory.Exists(Path.Combine(JsFolder, "node_modules", "@aws-sdk", "client-cognito-identity-provider")))
        {
            throw new InvalidOperationException(
                $"The AWS SDK for JavaScript v3 is not installed in {JsFolder}: run `npm ci --prefix tests/conformance-js` (eng/test.sh does).");
        }

        var result = await RunAsync("node", [Path.Combine(JsFolder, "resolve.mjs")]);
        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.Stdout.Trim().Split('\n')[^1]);
        Assert.False(json.RootElement.TryGetProperty("error", out var error), $"the JS SDK failed: {error}\n{result}");
        return (json.RootElement.GetProperty("region").GetString(), json.RootElement.GetProperty("endpoint").GetString());
    }

    /// <summary>The Region the AWS CLI v2 would use in this set-up (<c>aws configure list</c>, which sends nothing).</summary>
    public async Task<string?> CliRegionAsync(params string[] args)
    {
        var cli = AwsCli.Locate();
        var result = await RunAsync(cli.Path, ["configure", "list", .. args]);
        Assert.True(result.ExitCode == 0, result.ToString());
        var line = result.Stdout.Split('\n').Single(l => l.TrimStart().StartsWith("region ", StringComparison.Ordinal));
        var value = line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        return value == "<not" ? null : value;
    }

    public async Task<ProcessResult> RunAsync(string fileName, IReadOnlyList<string> args)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = Directory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("AWS_", StringComparison.OrdinalIgnoreCase) || k.StartsWith("ResourceServers__", StringComparison.OrdinalIgnoreCase) || k.StartsWith("PYTHON", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["HOME"] = Directory;
        start.Environment["AWS_EC2_METADATA_DISABLED"] = "true";
        start.Environment["AWS_CONFIG_FILE"] = ConfigFile;
        start.Environment["AWS_SHARED_CREDENTIALS_FILE"] = CredentialsFile;
        start.Environment["AWS_PAGER"] = string.Empty;
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        foreach (var (name, value) in _variables)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{fileName} did not start.");
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(Timeout);
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', args)} did not finish within {Timeout}.");
        }

        return new ProcessResult($"{fileName} {string.Join(' ', args)}", process.ExitCode, await stdout, await stderr);
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A child still holding a file; the temporary folder is the system's to clean.
        }
    }
}

/// <summary>What one child process did.</summary>
internal sealed record ProcessResult(string Command, int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"{Command} -> exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}

/// <summary>What the library resolved in a process, and the run.</summary>
internal sealed record ProbeResult(ProcessResult Run, ResourceServerConnection? Connection)
{
    public ResourceServerConnection Resolved => Connection ?? throw new Xunit.Sdk.XunitException($"the probe printed no connection:\n{Run}");

    public void AssertSucceeded() => Assert.True(Run.ExitCode == 0, Run.ToString());

    public override string ToString() => Run.ToString();
}
