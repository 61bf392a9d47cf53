using ResourceServers.Testing;

namespace ResourceServers.IntegrationTests.Conformance;

/// <summary>
/// One emulator for the conformance tests, and each driver's pass through <see cref="ConformanceScenario"/>, run once
/// on first use: the CLI costs about a second of Python start-up per call.
/// </summary>
public sealed class ConformanceFixture : IAsyncLifetime
{
    private readonly Lazy<Task<AwsCliRun>> _cliRun;
    private readonly Lazy<Task<IReadOnlyList<string>>> _clientRun;
    private CognitoEmulator? _emulator;
    private DirectoryInfo? _tempDirectory;

    public ConformanceFixture()
    {
        _cliRun = new(RunCliAsync);
        _clientRun = new(() => ConformanceScenario.RunAsync(new ResourceServerClientDriver(Emulator, Http), "conformance-client"));
    }

    public CognitoEmulator Emulator => _emulator ?? throw new InvalidOperationException("The fixture has not started.");

    public HttpClient Http { get; } = new();

    /// <summary>The CLI's pass; fails (never skips) with install instructions when the CLI v2 is missing.</summary>
    internal Task<AwsCliRun> CliRunAsync() => _cliRun.Value;

    internal Task<IReadOnlyList<string>> ClientRunAsync() => _clientRun.Value;

    public async Task InitializeAsync()
    {
        _emulator = await CognitoEmulator.StartAsync();
        _tempDirectory = Directory.CreateTempSubdirectory("resourceservers-awscli-");
    }

    public async Task DisposeAsync()
    {
        if (_emulator is not null)
        {
            await _emulator.DisposeAsync();
        }

        _tempDirectory?.Delete(recursive: true);
        Http.Dispose();
    }

    private async Task<AwsCliRun> RunCliAsync()
    {
        var cli = AwsCli.Locate();
        var temp = _tempDirectory?.FullName ?? throw new InvalidOperationException("The fixture has not started.");
        var version = await cli.RequireVersion2Async(temp);
        var driver = new AwsCliDriver(cli, Emulator, temp);
        var steps = await ConformanceScenario.RunAsync(driver, "conformance-cli");
        return new AwsCliRun(version, steps, driver.Runs);
    }
}
