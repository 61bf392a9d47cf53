using System.Text.Json;
using ResourceServers.Testing;
using ResourceServers.Wire;

namespace ResourceServers.IntegrationTests.Tool;

/// <summary>
/// Import what exists: ListUserPools through the library (paged at 60, over the emulator's real wire) and
/// <c>export --all-pools</c> as a process, whose manifest then plans with no changes.
/// </summary>
public sealed class ToolExportAllPoolsTests : IAsyncLifetime
{
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("resource-servers-all-pools-");
    private CognitoEmulator _emulator = null!;

    public async Task InitializeAsync() => _emulator = await CognitoEmulator.StartAsync();

    public async Task DisposeAsync()
    {
        await _emulator.DisposeAsync();
        _work.Delete(recursive: true);
    }

    [Fact]
    public async Task ListUserPools_pages_through_every_pool_of_the_account_60_a_page()
    {
        var created = new List<string>();
        for (var i = 0; i < 130; i++)
        {
            created.Add((await _emulator.Cognito.CreateUserPoolAsync($"pool-{i}")).Id);
        }

        var client = new ResourceServerClient(new ResourceServerClientOptions
        {
            Region = _emulator.Region,
            ServiceUrl = _emulator.ServiceUrl,
            Credentials = _emulator.Credentials,
        });
        var listed = new List<UserPoolSummary>();
        await foreach (var pool in client.ListUserPoolsAsync())
        {
            listed.Add(pool);
        }

        Assert.Equal(created.Order(StringComparer.Ordinal), listed.Select(p => p.Id));
        Assert.Contains(new UserPoolSummary(created[7], "pool-7"), listed);
        Assert.Equal(3, _emulator.Cognito.Statistics.GetReceived(CognitoOperation.ListUserPools)); // 60 + 60 + 10
    }

    [Fact]
    public async Task Export_of_all_pools_writes_one_manifest_that_plans_with_no_changes()
    {
        var orders = (await _emulator.Cognito.CreateUserPoolAsync("orders")).Id;
        var billing = (await _emulator.Cognito.CreateUserPoolAsync("billing")).Id;
        var empty = (await _emulator.Cognito.CreateUserPoolAsync("empty")).Id;
        var client = _emulator.Cognito.CreateClient();
        await client.CreateAsync(new ResourceServer(orders, "https://orders.example.com", "Orders", [new("orders.read", "Read orders")]));
        await client.CreateAsync(new ResourceServer(billing, "https://billing.example.com", "Billing"));
        await client.CreateAsync(new ResourceServer(billing, "https://invoices.example.com", "Invoices", [new("invoices.read", "Read invoices")]));
        var exported = Path.Combine(_work.FullName, "all.yaml");

        var export = await RunAsync("export", "--all-pools", "--file", exported);
        var plan = await RunAsync("plan", "--detailed-exitcode", "--prune", "--manifest", exported);
        var neither = await RunAsync("export");
        var both = await RunAsync("export", "--all-pools", "--user-pool-id", orders);

        Assert.True(export.ExitCode == 0, export.ToString());
        Assert.StartsWith($"Wrote {exported}: 3 user pool(s), 3 resource server(s)", export.Stdout, StringComparison.Ordinal);
        Assert.True(plan.ExitCode == 0, plan.ToString() + "\n--- exported\n" + File.ReadAllText(exported));
        Assert.Contains("No changes. 0 to create, 0 to update, 0 to delete, 3 unchanged.", plan.Stdout);
        var text = File.ReadAllText(exported);
        foreach (var pool in new[] { orders, billing, empty })
        {
            Assert.Contains($"userPoolId: \"{pool}\"", text, StringComparison.Ordinal);
        }

        Assert.True(neither.ExitCode == 1, neither.ToString());
        Assert.Contains("export takes --user-pool-id ID (repeatable) or --all-pools, one of the two.", neither.Stderr);
        Assert.True(both.ExitCode == 1, both.ToString());
    }

    private Task<ToolResult> RunAsync(params string[] args) => ToolProcess.RunAsync(_emulator, _work.FullName, args);
}
