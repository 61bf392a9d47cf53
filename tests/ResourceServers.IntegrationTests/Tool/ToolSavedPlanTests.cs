using System.Text.Json;
using System.Text.Json.Nodes;
using ResourceServers.Testing;
using ResourceServers.Wire;

namespace ResourceServers.IntegrationTests.Tool;

/// <summary>
/// Saved plans as a pipeline uses them: <c>plan --out FILE</c> in the pull request, <c>apply FILE</c> after review,
/// both as processes against the emulator. What is applied is the file, exactly; a plan the pools no longer match, a
/// file changed after it was written, or one of another format is refused before anything is written.
/// </summary>
public sealed class ToolSavedPlanTests : IAsyncLifetime
{
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("resource-servers-saved-plan-");
    private CognitoEmulator _emulator = null!;
    private string _pool = null!;

    private InMemoryCognito Cognito => _emulator.Cognito;

    private IResourceServerClient Client => Cognito.CreateClient();

    public async Task InitializeAsync()
    {
        _emulator = await CognitoEmulator.StartAsync();
        _pool = (await Cognito.CreateUserPoolAsync("saved-plans")).Id;
    }

    public async Task DisposeAsync()
    {
        await _emulator.DisposeAsync();
        _work.Delete(recursive: true);
    }

    [Fact]
    public async Task A_saved_plan_applies_exactly_what_it_planned_even_after_the_manifest_changed()
    {
        await Client.CreateAsync(new ResourceServer(_pool, "https://orders.example.com", "Orders", [new("orders.read", "Read orders")]));
        await Client.CreateAsync(new ResourceServer(_pool, "https://legacy.example.com", "Legacy"));
        var manifest = Manifest(Server("https://orders.example.com", "Orders", ("orders.read", "Read orders"), ("orders.write", "Write orders")), Server("https://billing.example.com", "Billing"));
        var planFile = Path.Combine(_work.FullName, "plan.json");

        var plan = await RunAsync("plan", "--prune", "--detailed-exitcode", "-out", planFile, "--manifest", manifest);
        Assert.True(plan.ExitCode == 2, plan.ToString());
        Assert.Contains("Plan: 1 to create, 1 to update, 1 to delete, 0 unchanged.", plan.Stdout);
        Assert.Contains($"Saved the plan to {planFile}; to apply exactly this plan: resource-servers apply {planFile}", plan.Stderr);
        var text = File.ReadAllText(planFile);
        Assert.DoesNotContain(CognitoEmulatorOptions.DefaultSecretAccessKey, text, StringComparison.Ordinal);
        Assert.DoesNotContain("Signature", text, StringComparison.OrdinalIgnoreCase);
        using (var json = JsonDocument.Parse(text))
        {
            Assert.Equal("resource-servers-plan", json.RootElement.GetProperty("format").GetString());
            Assert.Equal(1, json.RootElement.GetProperty("formatVersion").GetInt32());
            Assert.Equal(64, json.RootElement.GetProperty("sha256").GetString()!.Length);
        }

        // The pull request's manifest changes after review: apply FILE still does what was reviewed.
        File.WriteAllText(manifest, """{ "userPools": [] }""");
        var apply = await RunAsync("apply", planFile);

        Assert.True(apply.ExitCode == 0, apply.ToString());
        Assert.Contains("the pools still hold what it read", apply.Stdout);
        Assert.Contains("Apply complete: 1 created, 1 updated, 1 deleted, 0 unchanged.", apply.Stdout);
        var servers = await ServersAsync();
        Assert.Equal(["https://billing.example.com", "https://orders.example.com"], servers.Select(s => s.Identifier).Order(StringComparer.Ordinal));
        Assert.Equal(["orders.read", "orders.write"], servers.Single(s => s.Identifier == "https://orders.example.com").Scopes.Select(s => s.Name));

        // Applied once, the plan no longer matches the pool it read: a second apply is refused as stale.
        var again = await RunAsync("apply", planFile);
        Assert.True(again.ExitCode == 1, again.ToString());
        Assert.Contains("is stale", again.Stderr);
    }

    [Fact]
    public async Task A_stale_saved_plan_is_refused_naming_each_change_and_nothing_is_written()
    {
        await Client.CreateAsync(new ResourceServer(_pool, "https://orders.example.com", "Orders", [new("orders.read", "Read orders")]));
        await Client.CreateAsync(new ResourceServer(_pool, "https://legacy.example.com", "Legacy"));
        var manifest = Manifest(Server("https://orders.example.com", "Orders v2", ("orders.read", "Read orders")), Server("https://billing.example.com", "Billing"));
        var planFile = Path.Combine(_work.FullName, "plan.json");
        var plan = await RunAsync("plan", "--prune", $"--out={planFile}", "--manifest", manifest);
        Assert.True(plan.ExitCode == 0, plan.ToString());

        // Since the plan: someone adds a scope, creates the server the plan would create, and adds one --prune would delete.
        await Client.PatchAsync(_pool, "https://orders.example.com", ResourceServerPatch.AddOrUpdateScope("orders.admin", "Administer orders"));
        await Client.CreateAsync(new ResourceServer(_pool, "https://billing.example.com", "Billing by hand"));
        await Client.CreateAsync(new ResourceServer(_pool, "https://late.example.com", "Late"));
        var before = await ServersAsync();
        long Writes() => Cognito.Statistics.GetReceived(CognitoOperation.CreateResourceServer) + Cognito.Statistics.GetReceived(CognitoOperation.UpdateResourceServer) + Cognito.Statistics.GetReceived(CognitoOperation.DeleteResourceServer);
        var writes = Writes();

        var apply = await RunAsync("apply", planFile);

        Assert.True(apply.ExitCode == 1, apply.ToString());
        Assert.Contains($"error: the saved plan {planFile} is stale: the pools no longer hold what it read, so nothing was applied.", apply.Stderr);
        Assert.Contains($"user pool {_pool}: https://orders.example.com changed since the plan read it (add scope 'orders.admin' (\"Administer orders\"))", apply.Stderr);
        Assert.Contains($"user pool {_pool}: https://billing.example.com was created since the plan read the pool", apply.Stderr);
        Assert.Contains($"user pool {_pool}: https://late.example.com was created since the plan read the pool", apply.Stderr);
        Assert.Contains("Make the plan again", apply.Stderr);
        Assert.Equal(before, await ServersAsync());
        Assert.Equal(writes, Writes());
    }

    [Fact]
    public async Task A_changed_file_an_unknown_format_version_or_a_manifest_is_refused_before_any_call()
    {
        var manifest = Manifest(Server("https://orders.example.com", "Orders", ("orders.read", "Read orders")));
        var planFile = Path.Combine(_work.FullName, "plan.json");
        Assert.Equal(0, (await RunAsync("plan", "--out", planFile, "--manifest", manifest)).ExitCode);
        var original = File.ReadAllText(planFile);
        var tampered = Path.Combine(_work.FullName, "tampered.json");
        File.WriteAllText(tampered, original.Replace("Read orders", "Read all orders", StringComparison.Ordinal));
        var newer = Path.Combine(_work.FullName, "newer.json");
        var node = JsonNode.Parse(original)!;
        node["formatVersion"] = 2;
        File.WriteAllText(newer, node.ToJsonString());
        var truncated = Path.Combine(_work.FullName, "truncated.json");
        File.WriteAllText(truncated, original[..(original.Length / 2)]);
        var calls = Cognito.Statistics.TotalReceived;

        var changed = await RunAsync("apply", tampered);
        var version = await RunAsync("apply", newer);
        var cut = await RunAsync("apply", truncated);
        var notAPlan = await RunAsync("apply", manifest);
        var withManifest = await RunAsync("apply", planFile, "--manifest", manifest, "--prune");

        Assert.True(changed.ExitCode == 1, changed.ToString());
        Assert.Equal($"error: {tampered}: the plan was changed after resource-servers wrote it (its content does not match its sha256); nothing was applied. Make the plan again.\n", changed.Stderr);
        Assert.True(version.ExitCode == 1, version.ToString());
        Assert.Contains($"error: {newer}: plan format version 2 is not one this tool reads (it reads version 1)", version.Stderr);
        Assert.True(cut.ExitCode == 1, cut.ToString());
        Assert.Contains($"error: {truncated}: not a saved plan (it is not JSON)", cut.Stderr);
        Assert.True(notAPlan.ExitCode == 1, notAPlan.ToString());
        Assert.Contains("not a saved plan (it has no \"format\": \"resource-servers-plan\"); apply FILE takes a file written by plan --out, and a manifest goes to apply --manifest.", notAPlan.Stderr);
        Assert.True(withManifest.ExitCode == 1, withManifest.ToString());
        Assert.Contains("apply of a saved plan takes no --manifest, --prune", withManifest.Stderr);
        Assert.Equal(calls, Cognito.Statistics.TotalReceived);
        Assert.Empty(await ServersAsync());
    }

    [Fact]
    public async Task A_saved_plan_is_applied_only_where_it_was_made_and_an_incomplete_plan_is_not_saved()
    {
        var planFile = Path.Combine(_work.FullName, "plan.json");
        Assert.Equal(0, (await RunAsync("plan", "--out", planFile, "--manifest", Manifest(Server("https://orders.example.com", "Orders")))).ExitCode);
        await using var elsewhere = await CognitoEmulator.StartAsync();

        var apply = await ToolProcess.RunAsync(elsewhere, _work.FullName, "apply", planFile);

        Assert.True(apply.ExitCode == 1, apply.ToString());
        Assert.Contains($"the saved plan was made against Cognito {_emulator.Region} at {_emulator.ServiceUrl}, and this apply goes to {elsewhere.Region} at {elsewhere.ServiceUrl}; nothing was applied.", apply.Stderr);
        Assert.Equal(0, elsewhere.Cognito.Statistics.TotalReceived);

        var missing = Path.Combine(_work.FullName, "missing-pool-plan.json");
        var incomplete = await RunAsync("plan", "--out", missing, "--manifest", Manifest("us-east-1_NoSuchPool1", Server("https://orders.example.com", "Orders")));
        Assert.True(incomplete.ExitCode == 1, incomplete.ToString());
        Assert.Contains($"error: the plan is incomplete, so it was not saved to {missing}.", incomplete.Stderr);
        Assert.False(File.Exists(missing));
    }

    private Task<ToolResult> RunAsync(params string[] args) => ToolProcess.RunAsync(_emulator, _work.FullName, args);

    private async Task<List<ResourceServer>> ServersAsync()
    {
        var servers = new List<ResourceServer>();
        await foreach (var server in Client.ListAsync(_pool))
        {
            servers.Add(server);
        }

        return servers;
    }

    private string Manifest(params object[] servers) => Manifest(_pool, servers);

    private string Manifest(string pool, params object[] servers)
    {
        var path = Path.Combine(_work.FullName, $"manifest-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, JsonSerializer.Serialize(new { userPools = new[] { new { userPoolId = pool, resourceServers = servers } } }));
        return path;
    }

    private static object Server(string identifier, string name, params (string Name, string Description)[] scopes) =>
        new { identifier, name, scopes = scopes.Select(s => new { name = s.Name, description = s.Description }).ToArray() };
}
