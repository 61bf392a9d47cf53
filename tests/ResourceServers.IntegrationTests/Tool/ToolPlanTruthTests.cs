using System.Diagnostics;
using System.Text.Json;
using ResourceServers.Testing;
using ResourceServers.Wire;

namespace ResourceServers.IntegrationTests.Tool;

/// <summary>
/// The tool as a process says only what is true: a pool that does not exist or could not be read is an error, never
/// a plan of creates or "No changes"; exit codes are Terraform's; --timeout and Ctrl+C stop it saying what was done.
/// </summary>
public sealed class ToolPlanTruthTests : IAsyncLifetime
{
    private const string MissingPool = "us-east-1_NoSuchPool1";

    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("resource-servers-tool-truth-");
    private CognitoEmulator _emulator = null!;
    private string _pool = null!;

    private InMemoryCognito Cognito => _emulator.Cognito;

    public async Task InitializeAsync()
    {
        _emulator = await CognitoEmulator.StartAsync();
        _pool = (await Cognito.CreateUserPoolAsync("tool-truth")).Id;
    }

    public async Task DisposeAsync()
    {
        await _emulator.DisposeAsync();
        _work.Delete(recursive: true);
    }

    [Theory]
    [InlineData("table")]
    [InlineData("json")]
    public async Task A_missing_pool_exits_1_naming_the_pool_and_the_Region_with_no_create_in_the_output(string output)
    {
        var manifest = Write(MissingPool, Server("https://orders.example.com", "Orders"), Server("https://billing.example.com", "Billing"));

        var plan = await RunAsync("plan", "--detailed-exitcode", "--output", output, "--manifest", manifest);

        Assert.True(plan.ExitCode == 1, plan.ToString());
        Assert.DoesNotContain("No changes", plan.Stdout, StringComparison.Ordinal);
        if (output == "table")
        {
            Assert.Contains($"User pool '{MissingPool}' does not exist in Region us-east-1", plan.Stdout);
            Assert.DoesNotContain("create", plan.Stdout + plan.Stderr, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("Plan incomplete: 1 of 1 user pool(s) could not be read (see the errors above); nothing was planned.", plan.Stdout);
        }
        else
        {
            using var json = JsonDocument.Parse(plan.Stdout);
            Assert.False(json.RootElement.GetProperty("complete").GetBoolean());
            Assert.True(json.RootElement.GetProperty("changesPending").GetBoolean());
            var pool = Assert.Single(json.RootElement.GetProperty("userPools").EnumerateArray());
            Assert.Contains($"User pool '{MissingPool}' does not exist in Region us-east-1", pool.GetProperty("error").GetString(), StringComparison.Ordinal);
            Assert.Empty(pool.GetProperty("resourceServers").EnumerateArray()); // no action, "create" or other
            Assert.Equal(0, json.RootElement.GetProperty("summary").GetProperty("create").GetInt32());
        }
    }

    [Fact]
    public async Task A_pool_whose_read_fails_never_prints_No_changes_and_its_json_says_the_plan_is_incomplete()
    {
        var client = Cognito.CreateClient();
        await client.CreateAsync(new ResourceServer(_pool, "https://orders.example.com", "Orders"));
        var manifest = Write(_pool, Server("https://orders.example.com", "Orders")); // no changes, were it read
        Cognito.Faults.FailNext(CognitoOperation.ListResourceServers, 100, FaultKind.DroppedConnection);

        var table = await RunAsync("plan", "--manifest", manifest);
        var json = await RunAsync("plan", "--output", "json", "--manifest", manifest);

        Assert.True(table.ExitCode == 1, table.ToString());
        Assert.DoesNotContain("No changes", table.Stdout, StringComparison.Ordinal);
        Assert.Contains($"error: user pool {_pool}:", table.Stdout);
        Assert.Contains("Plan incomplete: 1 of 1 user pool(s) could not be read", table.Stdout);
        Assert.True(json.ExitCode == 1, json.ToString());
        using var document = JsonDocument.Parse(json.Stdout);
        Assert.False(document.RootElement.GetProperty("complete").GetBoolean());
        Assert.True(document.RootElement.GetProperty("changesPending").GetBoolean()); // never "nothing to do"
        Assert.Equal(1, document.RootElement.GetProperty("summary").GetProperty("failedUserPools").GetInt32());
    }

    [Fact]
    public async Task Plan_exits_0_when_it_ran_and_with_detailed_exitcode_0_for_no_changes_2_for_changes_1_for_an_error()
    {
        var changes = Write(_pool, Server("https://orders.example.com", "Orders"));
        var none = Write(_pool);
        var broken = Path.Combine(_work.FullName, "does-not-exist.json");

        var ran = await RunAsync("plan", "--manifest", changes);
        var pending = await RunAsync("plan", "--detailed-exitcode", "--manifest", changes);
        var nothing = await RunAsync("plan", "--detailed-exitcode", "--manifest", none);
        var error = await RunAsync("plan", "--detailed-exitcode", "--manifest", broken);
        var plainError = await RunAsync("plan", "--manifest", broken);

        Assert.True(ran.ExitCode == 0, ran.ToString());
        Assert.Contains("Plan: 1 to create", ran.Stdout);
        Assert.True(pending.ExitCode == 2, pending.ToString());
        Assert.True(nothing.ExitCode == 0, nothing.ToString());
        Assert.Contains("No changes.", nothing.Stdout);
        Assert.True(error.ExitCode == 1, error.ToString());
        Assert.Equal($"error: {broken}: not found\n", error.Stderr);
        Assert.True(plainError.ExitCode == 1, plainError.ToString());
    }

    [Fact]
    public async Task Timeout_stops_a_slow_command_with_a_clear_error_and_exit_1()
    {
        var manifest = Write(_pool, Server("https://orders.example.com", "Orders"));
        Cognito.Faults.DelayNext(CognitoOperation.ListResourceServers, 5, TimeSpan.FromSeconds(60));
        var clock = Stopwatch.StartNew();

        var plan = await RunAsync("plan", "--timeout", "2s", "--manifest", manifest);

        Assert.True(plan.ExitCode == 1, plan.ToString());
        Assert.Contains("error: the command did not finish within --timeout 2s", plan.Stderr);
        Assert.DoesNotContain("   at ", plan.Stderr);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task Ctrl_C_during_apply_prints_what_was_done_and_exits_130()
    {
        var manifest = Write(_pool, Server("https://a.example.com", "A"), Server("https://b.example.com", "B"), Server("https://c.example.com", "C"));

        // The first server's read goes through; the second's hangs until the tool is interrupted.
        Cognito.Faults.DelayNext(CognitoOperation.DescribeResourceServer, 1, TimeSpan.FromMilliseconds(1));
        Cognito.Faults.DelayNext(CognitoOperation.DescribeResourceServer, 1, TimeSpan.FromMinutes(5));

        var apply = await ToolProcess.RunAndInterruptAsync(_emulator, _work.FullName, "Created resource server 'https://a.example.com'", "apply", "--yes", "--manifest", Path.GetFileName(manifest));

        Assert.True(apply.ExitCode == 130, apply.ToString());
        Assert.Contains("Apply stopped: 1 created, 0 updated, 0 deleted, 0 unchanged. It stopped during 'create' of https://b.example.com", apply.Stdout);
        Assert.Contains("2 planned change(s) were not done", apply.Stdout);
        Assert.Contains("error: interrupted (Ctrl+C).", apply.Stderr);
        Assert.Equal(["https://a.example.com"], (await ServersAsync()).Select(s => s.Identifier));
    }

    [Fact]
    public async Task No_credentials_is_an_error_naming_the_failure_with_real_line_breaks_and_no_escaped_ones()
    {
        var manifest = Write(_pool, Server("https://orders.example.com", "Orders"));

        // No keys, no profile files, instance metadata off (ToolProcess): the SDK's chain finds nothing.
        var plan = await ToolProcess.RunAsync(
            _work.FullName,
            new Dictionary<string, string?> { ["AWS_REGION"] = "us-east-1" },
            "plan", "--manifest", manifest, "--endpoint-url", _emulator.ServiceUrl.ToString());

        Assert.True(plan.ExitCode == 1, plan.ToString());
        var output = plan.Stdout + plan.Stderr;
        Assert.Contains(CognitoErrorCodes.CredentialsUnavailable, output, StringComparison.Ordinal);
        Assert.Contains("No AWS credentials could be resolved", output, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u000A", output, StringComparison.Ordinal);
        Assert.Contains("\nException 1 of ", output, StringComparison.Ordinal); // the SDK's list of what it tried, a line each
        Assert.DoesNotContain("No changes", plan.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, Cognito.Statistics.GetReceived(ResourceServers.Wire.CognitoOperation.ListResourceServers));
    }

    [Fact]
    public async Task Apply_runs_pools_side_by_side_and_prints_each_change_in_manifest_order()
    {
        // The first pool has three changes to make, the second one: the second finishes first, yet prints last.
        var second = (await Cognito.CreateUserPoolAsync("tool-truth-2")).Id;
        var path = Path.Combine(_work.FullName, "two-pools.json");
        File.WriteAllText(path, JsonSerializer.Serialize(new
        {
            userPools = new object[]
            {
                new { userPoolId = _pool, resourceServers = new[] { Server("https://a1.example.com", "A1"), Server("https://a2.example.com", "A2"), Server("https://a3.example.com", "A3") } },
                new { userPoolId = second, resourceServers = new[] { Server("https://b1.example.com", "B1") } },
            },
        }));

        var apply = await RunAsync("apply", "--yes", "--manifest", path);

        Assert.True(apply.ExitCode == 0, apply.ToString());
        var created = apply.Stdout.Split('\n').Where(l => l.StartsWith("Created resource server", StringComparison.Ordinal)).ToList();
        Assert.Equal(
            [$"https://a1.example.com' in pool '{_pool}'", $"https://a2.example.com' in pool '{_pool}'", $"https://a3.example.com' in pool '{_pool}'", $"https://b1.example.com' in pool '{second}'"],
            created.Select(l => l["Created resource server '".Length..l.IndexOf(" named", StringComparison.Ordinal)]));
        Assert.Contains("Apply complete: 4 created, 0 updated, 0 deleted, 0 unchanged.", apply.Stdout);
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

    private static object Server(string identifier, string name) => new { identifier, name };

    private string Write(string pool, params object[] servers)
    {
        var path = Path.Combine(_work.FullName, $"manifest-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, JsonSerializer.Serialize(new { userPools = new[] { new { userPoolId = pool, resourceServers = servers } } }));
        return path;
    }
}
