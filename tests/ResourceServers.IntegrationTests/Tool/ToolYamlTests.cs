using ResourceServers.Testing;
using ResourceServers.Tests.TestSupport;

namespace ResourceServers.IntegrationTests.Tool;

/// <summary>YAML manifests through the tool as a process: applied, exported and planned like JSON, errors with positions.</summary>
public sealed class ToolYamlTests : IAsyncLifetime
{
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("resource-servers-yaml-");
    private CognitoEmulator _emulator = null!;
    private string _pool = null!;

    public async Task InitializeAsync()
    {
        _emulator = await CognitoEmulator.StartAsync();
        _pool = (await _emulator.Cognito.CreateUserPoolAsync("yaml")).Id;
    }

    public async Task DisposeAsync()
    {
        await _emulator.DisposeAsync();
        _work.Delete(recursive: true);
    }

    [Fact]
    public async Task The_yaml_sample_applies_as_its_json_twin_and_a_yaml_export_plans_with_no_changes()
    {
        var samples = Path.Combine(TestData.RepositoryRoot, "samples");
        var exported = Path.Combine(_work.FullName, "exported.yml");

        var apply = await RunAsync("apply", "--yes", "--manifest", Path.Combine(samples, "resource-servers.yaml"), "--var", $"ORDERS_POOL_ID={_pool}");
        var json = await RunAsync("plan", "--detailed-exitcode", "--manifest", Path.Combine(samples, "resource-servers.json"), "--var", $"ORDERS_POOL_ID={_pool}");
        var export = await RunAsync("export", "--user-pool-id", _pool, "--file", exported);
        var plan = await RunAsync("plan", "--detailed-exitcode", "--prune", "--manifest", exported);

        Assert.True(apply.ExitCode == 0, apply.ToString());
        Assert.Contains("Apply complete: 2 created, 0 updated, 0 deleted, 0 unchanged.", apply.Stdout);
        Assert.True(json.ExitCode == 0, json.ToString());
        Assert.True(export.ExitCode == 0, export.ToString());
        Assert.StartsWith("userPools:\n  - userPoolId: \"" + _pool + "\"\n", File.ReadAllText(exported), StringComparison.Ordinal);
        Assert.True(plan.ExitCode == 0, plan.ToString() + "\n--- exported\n" + File.ReadAllText(exported));
        Assert.Contains("No changes. 0 to create, 0 to update, 0 to delete, 2 unchanged.", plan.Stdout);
    }

    [Fact]
    public async Task A_yaml_error_names_file_line_column_and_member_and_exits_1_without_calling_Cognito()
    {
        var manifest = Path.Combine(_work.FullName, "resource-servers.yaml");
        File.WriteAllText(manifest, $"""
            userPools:
              - userPoolId: {_pool}
                resourceServers:
                  - identifier: https://orders.example.com
                    name: Orders
                    scopes:
                      - name: orders.read
                        description: no
            """);
        var calls = _emulator.Cognito.Statistics.TotalReceived;

        var plan = await RunAsync("plan", "--manifest", manifest);

        Assert.True(plan.ExitCode == 1, plan.ToString());
        Assert.Equal(
            $"error: {manifest}:8:26: userPools[0].resourceServers[0].scopes[0].description: must be a string; found a boolean (YAML reads the unquoted no as one; write \"no\" in quotes for the text)\n",
            plan.Stderr);
        Assert.Equal(calls, _emulator.Cognito.Statistics.TotalReceived);
    }

    private Task<ToolResult> RunAsync(params string[] args) => ToolProcess.RunAsync(_emulator, _work.FullName, args);
}
