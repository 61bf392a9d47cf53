using ResourceServers.Testing;

namespace ResourceServers.Fleet;

/// <summary>
/// The emulator (in this process) and the worker command lines of a fleet run: N worker processes patching one
/// resource server, or updating resource servers spread over pools, with or without Redis.
/// </summary>
public sealed class FleetScenario : IAsyncDisposable
{
    private FleetScenario(CognitoEmulator emulator)
    {
        Emulator = emulator;
    }

    public CognitoEmulator Emulator { get; }

    public InMemoryCognito Cognito => Emulator.Cognito;

    /// <summary>Starts the emulator, Cognito's quotas enforced or not.</summary>
    public static async Task<FleetScenario> StartAsync(bool enforceQuotas) =>
        new(await CognitoEmulator.StartAsync(new CognitoEmulatorOptions { Cognito = new InMemoryCognito(new InMemoryCognitoOptions { EnforceRateQuotas = enforceQuotas }) }));

    /// <summary>
    /// Creates pools with one resource server each (identifier <paramref name="identifier"/>, no scope: a resource
    /// server holds at most 100, as many as the patch runs add), without drawing on any quota.
    /// </summary>
    public async Task<IReadOnlyList<string>> SeedAsync(int pools, string identifier)
    {
        var setup = Cognito.CreateClient();
        var ids = new List<string>();
        for (var p = 0; p < pools; p++)
        {
            var pool = (await Cognito.CreateUserPoolAsync($"fleet-{p}")).Id;
            await setup.CreateAsync(new ResourceServer(pool, identifier, "api", []));
            ids.Add(pool);
        }

        // Let the quota buckets the setup used fill again, so the run starts from a rested account.
        await Task.Delay(TimeSpan.FromSeconds(1.2));
        Cognito.Statistics.Reset();
        return ids;
    }

    /// <summary>The command line of one worker.</summary>
    public IEnumerable<string> WorkerArguments(string job, IEnumerable<string> pools, string identifier, int first, int last, RedisServer? redis, params IEnumerable<string> extra)
    {
        string[] arguments =
        [
            "--service-url", Emulator.ServiceUrl.ToString(),
            "--region", Emulator.Region,
            "--job", job,
            "--pool", string.Join(',', pools),
            "--identifier", identifier,
            "--scopes", $"{first}-{last}",
        ];
        return redis is null ? [.. arguments, .. extra] : [.. arguments, "--redis", redis.ConnectionString, .. extra];
    }

    /// <summary>Starts worker processes against this emulator, all going at once.</summary>
    public Task<IReadOnlyList<FleetWorkerProcess>> StartWorkersAsync(IEnumerable<(string Name, IEnumerable<string> Arguments)> workers) =>
        FleetWorkerProcess.StartAllAsync(Emulator.AccessKeyId, CognitoEmulatorOptions.DefaultSecretAccessKey, workers);

    /// <summary>Starts one worker that waits for <see cref="FleetWorkerProcess.Go"/>.</summary>
    public Task<FleetWorkerProcess> StartWorkerAsync(string name, IEnumerable<string> arguments) =>
        FleetWorkerProcess.StartAsync(name, Emulator.AccessKeyId, CognitoEmulatorOptions.DefaultSecretAccessKey, arguments);

    /// <summary>The scope names the resource server holds now.</summary>
    public async Task<IReadOnlySet<string>> ScopesAsync(string pool, string identifier)
    {
        var server = await Cognito.CreateClient().GetAsync(pool, identifier);
        return server.Scopes.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
    }

    public async ValueTask DisposeAsync() => await Emulator.DisposeAsync();
}
