using System.Text.Json;
using ResourceServers.Testing;
using ResourceServers.Wire;

namespace ResourceServers.IntegrationTests.Tool;

/// <summary>
/// The tool and scope grants, as a pipeline runs it: its own process against the emulator, where an app client grants
/// a scope the manifest drops. The plan names the client, apply refuses, and with <c>--allow-revoking-grants</c> applies.
/// </summary>
public sealed class ToolGrantTests : IAsyncLifetime
{
    private const string Orders = "https://orders.example.com";
    private const string Legacy = "https://legacy.example.com";

    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("resource-servers-grants-");
    private CognitoEmulator _emulator = null!;
    private string _pool = null!;
    private string _webClientId = null!;
    private string _batchClientId = null!;

    private InMemoryCognito Cognito => _emulator.Cognito;

    public async Task InitializeAsync()
    {
        _emulator = await CognitoEmulator.StartAsync();
        _pool = (await Cognito.CreateUserPoolAsync("grant-tests")).Id;
        var client = Cognito.CreateClient();
        await client.CreateAsync(new ResourceServer(_pool, Orders, "Orders", [new("orders.read", "Read orders"), new("orders.write", "Write orders")]));
        await client.CreateAsync(new ResourceServer(_pool, Legacy, "Legacy", [new("legacy.read", "Read")]));
        _webClientId = (await Cognito.CreateUserPoolClientAsync(_pool, "orders-web", ["openid", $"{Orders}/orders.write"])).ClientId!;
        _batchClientId = (await Cognito.CreateUserPoolClientAsync(_pool, "legacy-batch", [$"{Legacy}/legacy.read"], generateSecret: true)).ClientId!;
        await Cognito.CreateUserPoolClientAsync(_pool, "unrelated", [$"{Orders}/orders.read"]);
    }

    public async Task DisposeAsync()
    {
        await _emulator.DisposeAsync();
        _work.Delete(recursive: true);
    }

    [Fact]
    public async Task Plan_names_the_clients_apply_refuses_and_with_the_flag_applies()
    {
        // Drops orders.write (granted to orders-web) and, with --prune, the legacy server (granted to legacy-batch).
        var manifest = Manifest(new { identifier = Orders, name = "Orders", scopes = new[] { new { name = "orders.read", description = "Read orders" } } });

        var plan = await RunAsync("plan", "--detailed-exitcode", "--prune", "--manifest", manifest);
        Assert.True(plan.ExitCode == 2, plan.ToString());
        Assert.Contains($"scope 'orders.write' is granted to app client 'orders-web' ({_webClientId})", plan.Stdout);
        Assert.Contains($"scope 'legacy.read' is granted to app client 'legacy-batch' ({_batchClientId})", plan.Stdout);
        Assert.DoesNotContain("unrelated", plan.Stdout);
        Assert.Contains("apply refuses them unless --allow-revoking-grants", plan.Stdout);

        var refused = await RunAsync("apply", "--yes", "--prune", "--manifest", manifest);
        Assert.True(refused.ExitCode == 1, refused.ToString());
        Assert.Contains("orders-web", refused.Stderr);
        Assert.Contains("--allow-revoking-grants", refused.Stderr);
        Assert.Equal(2, (await Cognito.CreateClient().GetAsync(_pool, Orders)).Scopes.Count);
        Assert.NotNull(await Cognito.CreateClient().FindAsync(_pool, Legacy));

        var applied = await RunAsync("apply", "--yes", "--prune", "--allow-revoking-grants", "--manifest", manifest);
        Assert.True(applied.ExitCode == 0, applied.ToString());
        Assert.Contains("Apply complete: 0 created, 1 updated, 1 deleted, 0 unchanged.", applied.Stdout);
        Assert.Equal(["orders.read"], (await Cognito.CreateClient().GetAsync(_pool, Orders)).Scopes.Select(s => s.Name));
        Assert.Null(await Cognito.CreateClient().FindAsync(_pool, Legacy));
    }

    [Fact]
    public async Task A_saved_plan_that_revokes_grants_is_refused_and_with_the_flag_applies()
    {
        // A saved plan records no grants: they are read when it is applied, so a delete of a granted server is refused too.
        var manifest = Manifest(new { identifier = Orders, name = "Orders", scopes = new[] { new { name = "orders.read", description = "Read orders" }, new { name = "orders.write", description = "Write orders" } } });
        var saved = Path.Combine(_work.FullName, "prune.plan");
        var plan = await RunAsync("plan", "--prune", "--out", saved, "--manifest", manifest);
        Assert.True(plan.ExitCode == 0, plan.ToString());

        var refused = await RunAsync("apply", saved);
        Assert.True(refused.ExitCode == 1, refused.ToString());
        Assert.Contains($"'legacy-batch' ({_batchClientId})", refused.Stderr);
        Assert.Contains("--allow-revoking-grants", refused.Stderr);
        Assert.NotNull(await Cognito.CreateClient().FindAsync(_pool, Legacy));

        var applied = await RunAsync("apply", "--allow-revoking-grants", saved);
        Assert.True(applied.ExitCode == 0, applied.ToString());
        Assert.Null(await Cognito.CreateClient().FindAsync(_pool, Legacy));
    }

    [Fact]
    public async Task Plan_as_json_carries_the_clients_of_each_update_and_delete()
    {
        var manifest = Manifest(new { identifier = Orders, name = "Orders", scopes = new[] { new { name = "orders.read", description = "Read orders" } } });

        var plan = await RunAsync("plan", "--prune", "--output", "json", "--manifest", manifest);

        Assert.True(plan.ExitCode == 0, plan.ToString());
        using var json = JsonDocument.Parse(plan.Stdout);
        var servers = Assert.Single(json.RootElement.GetProperty("userPools").EnumerateArray()).GetProperty("resourceServers").EnumerateArray()
            .ToDictionary(s => s.GetProperty("identifier").GetString()!, s => s.GetProperty("revokedGrants"));
        var web = Assert.Single(servers[Orders].EnumerateArray());
        Assert.Equal(_webClientId, web.GetProperty("clientId").GetString());
        Assert.Equal("orders-web", web.GetProperty("clientName").GetString());
        Assert.Equal([$"{Orders}/orders.write"], web.GetProperty("scopes").EnumerateArray().Select(e => e.GetString()));
        var batch = Assert.Single(servers[Legacy].EnumerateArray());
        Assert.Equal(_batchClientId, batch.GetProperty("clientId").GetString());
    }

    [Fact]
    public async Task A_plan_that_removes_nothing_reads_no_app_client()
    {
        var manifest = Manifest(
            new { identifier = Orders, name = "Orders renamed", scopes = new[] { new { name = "orders.read", description = "Read orders" }, new { name = "orders.write", description = "Write orders" }, new { name = "orders.admin", description = "Admin" } } },
            new { identifier = Legacy, name = "Legacy", scopes = new[] { new { name = "legacy.read", description = "Read" } } });

        var plan = await RunAsync("plan", "--detailed-exitcode", "--prune", "--manifest", manifest);

        Assert.True(plan.ExitCode == 2, plan.ToString());
        Assert.Equal(0, Cognito.Statistics.GetReceived(CognitoOperation.ListUserPoolClients));
        Assert.Equal(0, Cognito.Statistics.GetReceived(CognitoOperation.DescribeUserPoolClient));
    }

    private Task<ToolResult> RunAsync(params string[] args) => ToolProcess.RunAsync(_emulator, _work.FullName, args);

    private string Manifest(params object[] servers)
    {
        var path = Path.Combine(_work.FullName, $"manifest-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, JsonSerializer.Serialize(new { userPools = new[] { new { userPoolId = _pool, resourceServers = servers } } }));
        return path;
    }
}
