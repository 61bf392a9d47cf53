using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using ResourceServers.HostedSample;
using ResourceServers.Testing;
using ResourceServers.Wire;

namespace ResourceServers.Sample.Tests;

/// <summary>
/// The same application code, wired as the application wires it (dependency injection), against the test kit's
/// in-memory Cognito: the real client with its validation, read-modify-write and retries, and a Cognito that replaces
/// scope lists the way the service does.
/// </summary>
public sealed class ScopeProvisionerIntegrationTests : IAsyncDisposable
{
    private const string Identifier = "https://orders.example.com";

    // Set here, not taken from the library's defaults, because the throttling tests count attempts.
    private const int MaxAttemptsWhenThrottled = 4;
    private static readonly ResourceServerScope Read = new("orders.read", "Read orders");
    private static readonly ResourceServerScope Write = new("orders.write", "Change orders");

    private readonly InMemoryCognito _cognito = new();
    private readonly ServiceProvider _services;

    public ScopeProvisionerIntegrationTests()
    {
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddFakeLogging());
        services.AddResourceServerClient()
            .ConfigureResilience(r =>
            {
                r.MaxAttemptsWhenThrottled = MaxAttemptsWhenThrottled;
                r.BaseDelay = TimeSpan.FromMilliseconds(1);
                r.MaxDelay = TimeSpan.FromMilliseconds(1);
            })
            .UseInMemoryCognito(_cognito);
        services.AddSingleton<ScopeProvisioner>();
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    private ScopeProvisioner Provisioner => _services.GetRequiredService<ScopeProvisioner>();

    private IResourceServerClient Client => _services.GetRequiredService<IResourceServerClient>();

    private FakeLogCollector Logs => _services.GetFakeLogCollector();

    [Fact]
    public async Task Creates_then_adds_then_leaves_alone_and_keeps_scopes_others_added()
    {
        var pool = await _cognito.CreateUserPoolAsync("orders");

        Assert.Equal(ProvisioningOutcome.CreatedResourceServer, await Provisioner.EnsureScopeAsync(pool.Id, Identifier, "Orders API", Read));

        // Another team adds its scope behind our back.
        var admin = new ResourceServerScope("orders.admin", "Administer orders");
        await Client.PatchAsync(pool.Id, Identifier, ResourceServerPatch.AddOrUpdateScope(admin));

        Assert.Equal(ProvisioningOutcome.UpdatedScope, await Provisioner.EnsureScopeAsync(pool.Id, Identifier, "Orders API", Write));
        Assert.Equal(ProvisioningOutcome.AlreadyPresent, await Provisioner.EnsureScopeAsync(pool.Id, Identifier, "Orders API", Read));

        var stored = await Client.GetAsync(pool.Id, Identifier);
        Assert.Equal(new[] { Read, admin, Write }, stored.Scopes);

        // Two writes (the other team's and ours); the third ensure found the scope and wrote nothing.
        Assert.Equal(2, _cognito.Statistics.GetSucceeded(CognitoOperation.UpdateResourceServer));
    }

    [Fact]
    public async Task A_first_run_that_has_to_create_logs_no_warning()
    {
        var pool = await _cognito.CreateUserPoolAsync("orders");

        Assert.Equal(ProvisioningOutcome.CreatedResourceServer, await Provisioner.EnsureScopeAsync(pool.Id, Identifier, "Orders API", Read));
        Assert.Equal(ProvisioningOutcome.UpdatedScope, await Provisioner.EnsureScopeAsync(pool.Id, Identifier, "Orders API", Write));

        // A missing resource server is the ordinary first run, found with FindAsync: no failed operation is logged.
        Assert.Empty(Logs.GetSnapshot().Where(r => r.Level >= LogLevel.Warning).Select(r => r.Message));
    }

    [Fact]
    public async Task A_throttle_the_client_retries_away_is_invisible_to_the_application()
    {
        var pool = await _cognito.CreateUserPoolAsync("orders");
        await Client.CreateAsync(new ResourceServer(pool.Id, Identifier, "Orders API", [Read]));
        _cognito.Faults.FailNext(CognitoOperation.UpdateResourceServer, 1, FaultKind.TooManyRequests);

        Assert.Equal(ProvisioningOutcome.UpdatedScope, await Provisioner.EnsureScopeAsync(pool.Id, Identifier, "Orders API", Write));
        Assert.Equal(new[] { Read, Write }, (await Client.GetAsync(pool.Id, Identifier)).Scopes);
    }

    [Fact]
    public async Task Throttling_that_outlasts_the_retries_defers_and_changes_nothing()
    {
        var pool = await _cognito.CreateUserPoolAsync("orders");
        await Client.CreateAsync(new ResourceServer(pool.Id, Identifier, "Orders API", [Read]));
        _cognito.Faults.FailShare(CognitoOperation.UpdateResourceServer, 1.0, FaultKind.TooManyRequests);

        Assert.Equal(ProvisioningOutcome.Deferred, await Provisioner.EnsureScopeAsync(pool.Id, Identifier, "Orders API", Write));
        Assert.Equal(MaxAttemptsWhenThrottled, _cognito.Statistics.GetReceived(CognitoOperation.UpdateResourceServer));
        Assert.Equal(new[] { Read }, (await Client.GetAsync(pool.Id, Identifier)).Scopes);
    }

    public async ValueTask DisposeAsync() => await _services.DisposeAsync();
}
