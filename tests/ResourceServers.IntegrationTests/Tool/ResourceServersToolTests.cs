using System.Text.Json;
using ResourceServers.Testing;

namespace ResourceServers.IntegrationTests.Tool;

/// <summary>
/// The <c>resource-servers</c> tool as a pipeline runs it: its own process, against the emulator over the real
/// protocol, judged by exit codes, output and the state it leaves in the emulator's Cognito.
/// </summary>
public sealed class ResourceServersToolTests : IAsyncLifetime
{
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("resource-servers-tool-");
    private CognitoEmulator _emulator = null!;
    private string _pool = null!;

    private InMemoryCognito Cognito => _emulator.Cognito;

    public async Task InitializeAsync()
    {
        _emulator = await CognitoEmulator.StartAsync();
        _pool = (await Cognito.CreateUserPoolAsync("tool-tests")).Id;
    }

    public async Task DisposeAsync()
    {
        await _emulator.DisposeAsync();
        _work.Delete(recursive: true);
    }

    [Fact]
    public async Task Plan_of_a_new_manifest_lists_creates_and_exits_2_then_apply_creates_them_and_plan_exits_0()
    {
        var manifest = Manifest(Server("https://orders.example.com", "Orders", ("orders.read", "Read orders"), ("orders.write", "Write orders")), Server("https://billing.example.com", "Billing"));

        var plan = await RunAsync("plan", "--detailed-exitcode", "--manifest", manifest);
        Assert.True(plan.ExitCode == 2, plan.ToString());
        Assert.Contains("https://orders.example.com", plan.Stdout);
        Assert.Contains("create", plan.Stdout);
        Assert.Contains("Plan: 2 to create, 0 to update, 0 to delete, 0 unchanged.", plan.Stdout);
        Assert.Empty(await ServersAsync()); // plan writes nothing

        var apply = await RunAsync("apply", "--yes", "--manifest", manifest);
        Assert.True(apply.ExitCode == 0, apply.ToString());
        Assert.Contains("Apply complete: 2 created, 0 updated, 0 deleted, 0 unchanged.", apply.Stdout);
        var orders = (await ServersAsync()).Single(s => s.Identifier == "https://orders.example.com");
        Assert.Equal("Orders", orders.Name);
        Assert.Equal(["orders.read", "orders.write"], orders.Scopes.Select(s => s.Name));

        var again = await RunAsync("plan", "--detailed-exitcode", "--manifest", manifest);
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains("No changes. 0 to create, 0 to update, 0 to delete, 2 unchanged.", again.Stdout);
    }

    [Fact]
    public async Task Plan_shows_an_update_with_its_difference_and_leaves_unchanged_servers_out_of_the_table()
    {
        var client = Cognito.CreateClient();
        await client.CreateAsync(new ResourceServer(_pool, "https://orders.example.com", "Orders", [new("orders.read", "Read orders")]));
        await client.CreateAsync(new ResourceServer(_pool, "https://billing.example.com", "Billing"));
        var manifest = Manifest(Server("https://orders.example.com", "Orders", ("orders.read", "Read all orders"), ("orders.write", "Write orders")), Server("https://billing.example.com", "Billing"));

        var plan = await RunAsync("plan", "--detailed-exitcode", "--manifest", manifest);

        Assert.True(plan.ExitCode == 2, plan.ToString());
        Assert.Contains("update", plan.Stdout);
        Assert.Contains("add scope 'orders.write'", plan.Stdout);
        Assert.Contains("change description of scope 'orders.read'", plan.Stdout);
        Assert.DoesNotContain("https://billing.example.com", plan.Stdout);
        Assert.Contains("Plan: 0 to create, 1 to update, 0 to delete, 1 unchanged.", plan.Stdout);
    }

    [Fact]
    public async Task Plan_as_json_gives_each_server_its_action_and_an_updates_changes()
    {
        var client = Cognito.CreateClient();
        await client.CreateAsync(new ResourceServer(_pool, "https://orders.example.com", "Orders", [new("orders.read", "Read orders")]));
        await client.CreateAsync(new ResourceServer(_pool, "https://legacy.example.com", "Legacy"));
        var manifest = Manifest(Server("https://orders.example.com", "Orders v2", ("orders.read", "Read orders")), Server("https://new.example.com", "New"));

        var plan = await RunAsync("plan", "--detailed-exitcode", "--prune", "--output", "json", "--manifest", manifest);

        Assert.True(plan.ExitCode == 2, plan.ToString());
        using var json = JsonDocument.Parse(plan.Stdout);
        var root = json.RootElement;
        Assert.True(root.GetProperty("changesPending").GetBoolean());
        Assert.True(root.GetProperty("complete").GetBoolean());
        var pool = Assert.Single(root.GetProperty("userPools").EnumerateArray());
        Assert.Equal(_pool, pool.GetProperty("userPoolId").GetString());
        var actions = pool.GetProperty("resourceServers").EnumerateArray().ToDictionary(s => s.GetProperty("identifier").GetString()!, s => s);
        Assert.Equal("update", actions["https://orders.example.com"].GetProperty("action").GetString());
        Assert.Equal("Orders v2", actions["https://orders.example.com"].GetProperty("changes").GetProperty("name").GetProperty("to").GetString());
        Assert.Equal("create", actions["https://new.example.com"].GetProperty("action").GetString());
        Assert.Equal("delete", actions["https://legacy.example.com"].GetProperty("action").GetString());
        Assert.Equal(1, root.GetProperty("summary").GetProperty("delete").GetInt32());
    }

    [Fact]
    public async Task Unlisted_servers_are_deleted_only_with_prune()
    {
        var client = Cognito.CreateClient();
        await client.CreateAsync(new ResourceServer(_pool, "https://kept.example.com", "Kept"));
        await client.CreateAsync(new ResourceServer(_pool, "https://other-team.example.com", "Other team"));
        var manifest = Manifest(Server("https://kept.example.com", "Kept"));

        var plan = await RunAsync("plan", "--detailed-exitcode", "--manifest", manifest);
        Assert.True(plan.ExitCode == 0, plan.ToString());
        var apply = await RunAsync("apply", "--yes", "--manifest", manifest);
        Assert.True(apply.ExitCode == 0, apply.ToString());
        Assert.Equal(2, (await ServersAsync()).Count);

        var prunePlan = await RunAsync("plan", "--detailed-exitcode", "--prune", "--manifest", manifest);
        Assert.True(prunePlan.ExitCode == 2, prunePlan.ToString());
        Assert.Contains("delete", prunePlan.Stdout);
        Assert.Contains("https://other-team.example.com", prunePlan.Stdout);

        var prune = await RunAsync("apply", "--prune", "--yes", "--manifest", manifest);
        Assert.True(prune.ExitCode == 0, prune.ToString());
        Assert.Contains("Apply complete: 0 created, 0 updated, 1 deleted, 1 unchanged.", prune.Stdout);
        Assert.Equal(["https://kept.example.com"], (await ServersAsync()).Select(s => s.Identifier));
    }

    [Fact]
    public async Task Export_then_plan_of_the_export_has_no_changes()
    {
        var client = Cognito.CreateClient();
        await client.CreateAsync(new ResourceServer(_pool, "https://orders.example.com", "Orders", [new("orders.read", "Read \"all\" orders"), new("orders.write", "Write orders")]));
        await client.CreateAsync(new ResourceServer(_pool, "https://billing.example.com", "Billing"));
        var exported = Path.Combine(_work.FullName, "exported.json");

        var export = await RunAsync("export", "--user-pool-id", _pool, "--file", exported);
        Assert.True(export.ExitCode == 0, export.ToString());
        Assert.Equal($"Wrote {exported}: 1 user pool(s), 2 resource server(s), {new FileInfo(exported).Length} bytes.\n", export.Stdout);

        var plan = await RunAsync("plan", "--detailed-exitcode", "--prune", "--manifest", exported);
        Assert.True(plan.ExitCode == 0, plan.ToString() + "\n--- exported\n" + File.ReadAllText(exported));
        Assert.Contains("2 unchanged", plan.Stdout);

        var toStdout = await RunAsync("export", "--user-pool-id", _pool);
        Assert.Equal(File.ReadAllText(exported), toStdout.Stdout);
    }

    [Fact]
    public async Task A_manifest_error_names_the_file_line_column_and_member_and_exits_1_without_calling_Cognito()
    {
        var manifest = Write("""
            {
              "userPools": [
                {
                  "userPoolId": "POOL_ID",
                  "resourceServers": [
                    { "identifier": "https://orders.example.com", "name": "Orders",
                      "scopes": [ { "name": "orders.read", "description": "Read" },
                                  { "name": "orders/write", "description": "Write" } ] }
                  ]
                }
              ]
            }
            """.Replace("POOL_ID", _pool, StringComparison.Ordinal));
        var before = Cognito.Statistics.TotalReceived;

        var plan = await RunAsync("plan", "--manifest", manifest);

        Assert.True(plan.ExitCode == 1, plan.ToString());
        Assert.Contains($"{manifest}:8:", plan.Stderr);
        Assert.Contains("userPools[0].resourceServers[0].scopes[1].name: must be printable ASCII without space", plan.Stderr);
        Assert.DoesNotContain("   at ", plan.Stderr); // no stack trace
        Assert.Equal(before, Cognito.Statistics.TotalReceived);
    }

    [Fact]
    public async Task Pool_ids_come_from_variables_the_command_line_passes_and_from_no_others()
    {
        var manifest = Write("""{ "userPools": [ { "userPoolId": "${ORDERS_POOL_ID}", "resourceServers": [ { "identifier": "https://orders.example.com", "name": "Orders" } ] } ] }""");
        Dictionary<string, string?> environment = new()
        {
            ["AWS_ACCESS_KEY_ID"] = _emulator.AccessKeyId,
            ["AWS_SECRET_ACCESS_KEY"] = CognitoEmulatorOptions.DefaultSecretAccessKey,
            ["ORDERS_POOL_ID"] = _pool,
        };
        string[] connection = ["--region", _emulator.Region, "--endpoint-url", _emulator.ServiceUrl.ToString()];
        var before = Cognito.Statistics.TotalReceived;

        var notPassed = await ToolProcess.RunAsync(_work.FullName, environment, ["plan", "--manifest", manifest, .. connection]);
        var unset = await RunAsync("plan", "--manifest", manifest, "--var", "ORDERS_POOL_ID");
        var received = Cognito.Statistics.TotalReceived;
        var fromEnvironment = await ToolProcess.RunAsync(_work.FullName, environment, ["plan", "--detailed-exitcode", "--manifest", manifest, "--var", "ORDERS_POOL_ID", .. connection]);
        var given = await RunAsync("plan", "--detailed-exitcode", "--manifest", manifest, "--var", $"ORDERS_POOL_ID={_pool}");

        Assert.True(notPassed.ExitCode == 1, notPassed.ToString());
        Assert.Contains("${ORDERS_POOL_ID} names a variable the command line did not pass; pass --var ORDERS_POOL_ID", notPassed.Stderr);
        Assert.DoesNotContain(_pool, notPassed.Stderr + notPassed.Stdout);
        Assert.True(unset.ExitCode == 1, unset.ToString());
        Assert.Contains("environment variable ORDERS_POOL_ID is not set", unset.Stderr);
        Assert.Equal(before, received); // refused before any call
        Assert.True(fromEnvironment.ExitCode == 2, fromEnvironment.ToString());
        Assert.Contains("1 to create", fromEnvironment.Stdout);
        Assert.True(given.ExitCode == 2, given.ToString());
        Assert.Contains(_pool, given.Stdout);
    }

    [Fact]
    public async Task Apply_without_yes_and_without_a_terminal_refuses_and_writes_nothing()
    {
        var manifest = Manifest(Server("https://orders.example.com", "Orders"));

        var apply = await RunAsync("apply", "--manifest", manifest);

        Assert.True(apply.ExitCode == 1, apply.ToString());
        Assert.Contains("pass --yes", apply.Stderr);
        Assert.Empty(await ServersAsync());
    }

    [Fact]
    public async Task Apply_on_a_terminal_asks_first_shows_progress_and_applies_when_confirmed()
    {
        var manifest = Manifest(Server("https://orders.example.com", "Orders", ("orders.read", "Read orders")));

        var apply = await ToolProcess.RunOnTerminalAsync(_emulator, _work.FullName, "y", "apply", "--manifest", manifest);

        Assert.True(apply.ExitCode == 0, apply.ToString());
        Assert.Contains("Apply 1 change(s)?", apply.Stdout);
        Assert.Contains("100%", apply.Stdout); // the progress bar, drawn only on a terminal
        Assert.Contains("Apply complete: 1 created", apply.Stdout);
        Assert.Equal(["https://orders.example.com"], (await ServersAsync()).Select(s => s.Identifier));
    }

    [Fact]
    public async Task Apply_on_a_terminal_writes_nothing_when_the_answer_is_no()
    {
        var manifest = Manifest(Server("https://orders.example.com", "Orders"));

        var apply = await ToolProcess.RunOnTerminalAsync(_emulator, _work.FullName, "n", "apply", "--manifest", manifest);

        Assert.True(apply.ExitCode == 1, apply.ToString());
        Assert.Contains("Nothing applied.", apply.Stdout);
        Assert.Empty(await ServersAsync());
    }

    [Theory]
    [InlineData("plan")]
    [InlineData("apply")]
    [InlineData("export")]
    public async Task Help_states_each_default_once(string command)
    {
        var help = await ToolProcess.RunAsync(_work.FullName, new Dictionary<string, string?>(), command, "--help");

        Assert.True(help.ExitCode == 0, help.ToString());
        // An option with a default shows it as "[default: X]"; its description must not say it again.
        foreach (var line in help.Stdout.Split('\n').Where(l => l.Contains("[default: ", StringComparison.Ordinal)))
        {
            Assert.DoesNotContain("default", line[..line.IndexOf("[default: ", StringComparison.Ordinal)], StringComparison.OrdinalIgnoreCase);
            Assert.Single(line.Split("[default: ").Skip(1));
        }

        Assert.Contains("--timeout <timeout>", help.Stdout);
    }

    [Fact]
    public async Task Schema_prints_the_published_schema_file()
    {
        var schema = await RunAsync("schema");

        Assert.True(schema.ExitCode == 0, schema.ToString());
        Assert.Equal(
            File.ReadAllText(Path.Combine(Tests.TestSupport.TestData.RepositoryRoot, "src", "ResourceServers.Tool", "resource-servers.schema.json")),
            schema.Stdout);
    }

    [Fact]
    public async Task A_pool_that_fails_does_not_hide_the_results_of_the_others()
    {
        var missingPool = "us-east-1_NoSuchPool1";
        var manifest = Write(JsonSerializer.Serialize(new
        {
            userPools = new object[]
            {
                new { userPoolId = missingPool, resourceServers = new[] { new { identifier = "https://a.example.com", name = "A" } } },
                new { userPoolId = _pool, resourceServers = new[] { new { identifier = "https://b.example.com", name = "B" } } },
            },
        }));

        var apply = await RunAsync("apply", "--yes", "--manifest", manifest);

        Assert.True(apply.ExitCode == 1, apply.ToString());
        Assert.Contains($"user pool {missingPool}", apply.Stdout);
        Assert.Contains("Apply failed: 1 created", apply.Stdout);
        Assert.Equal(["https://b.example.com"], (await ServersAsync()).Select(s => s.Identifier));
    }

    [Fact]
    public async Task A_missing_region_is_one_line_naming_the_flag()
    {
        var manifest = Manifest(Server("https://orders.example.com", "Orders"));

        var plan = await ToolProcess.RunAsync(_work.FullName, new Dictionary<string, string?>(), "plan", "--manifest", manifest);

        Assert.True(plan.ExitCode == 1, plan.ToString());
        Assert.Contains("--region", plan.Stderr);
        Assert.Single(plan.Stderr.Trim().Split('\n'));
    }

    private Task<ToolResult> RunAsync(params string[] args) => ToolProcess.RunAsync(_emulator, _work.FullName, args);

    private async Task<List<ResourceServer>> ServersAsync()
    {
        var servers = new List<ResourceServer>();
        await foreach (var server in Cognito.CreateClient().ListAsync(_pool))
        {
            servers.Add(server);
        }

        return servers;
    }

    private string Manifest(params object[] servers) =>
        Write(JsonSerializer.Serialize(new { userPools = new[] { new { userPoolId = _pool, resourceServers = servers } } }));

    private static object Server(string identifier, string name, params (string Name, string Description)[] scopes) =>
        new { identifier, name, scopes = scopes.Select(s => new { name = s.Name, description = s.Description }).ToArray() };

    private string Write(string json)
    {
        var path = Path.Combine(_work.FullName, $"manifest-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json);
        return path;
    }
}
