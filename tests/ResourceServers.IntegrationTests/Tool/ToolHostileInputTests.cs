using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using ResourceServers.IntegrationTests.MisbehavingServer;
using ResourceServers.Testing;
using ResourceServers.Tool.Manifests;

namespace ResourceServers.IntegrationTests.Tool;

/// <summary>
/// The tool as a process against what it must not trust: manifests from pull requests (too large, not a file at all)
/// and answers from the server (characters that hide or reorder text, a session token echoed in success data).
/// </summary>
public sealed class ToolHostileInputTests : IAsyncLifetime
{
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("resource-servers-tool-hostile-");
    private CognitoEmulator _emulator = null!;
    private string _pool = null!;

    public async Task InitializeAsync()
    {
        _emulator = await CognitoEmulator.StartAsync();
        _pool = (await _emulator.Cognito.CreateUserPoolAsync("tool-hostile")).Id;
    }

    public async Task DisposeAsync()
    {
        await _emulator.DisposeAsync();
        _work.Delete(recursive: true);
    }

    [Fact]
    public async Task A_manifest_over_the_size_limit_a_FIFO_a_device_or_a_directory_is_refused_naming_the_file_and_the_rule()
    {
        var large = Path.Combine(_work.FullName, "large.json");
        using (var file = File.Create(large))
        {
            file.SetLength(ManifestFile.MaxBytes + 1L); // sparse: costs no disk
        }

        var fifo = Path.Combine(_work.FullName, "fifo.json");
        using (var mkfifo = Process.Start("mkfifo", [fifo]))
        {
            await mkfifo.WaitForExitAsync();
        }

        var zero = Path.Combine(_work.FullName, "zero.json");
        File.CreateSymbolicLink(zero, "/dev/zero"); // a pull request can commit a symbolic link
        var directory = _work.CreateSubdirectory("manifest.json").FullName;
        var clock = Stopwatch.StartNew();

        (string Path, string Problem)[] cases =
        [
            (large, $"is {ManifestFile.MaxBytes + 1L} bytes; a manifest may hold at most 64 MiB (67108864 bytes)"),
            (fifo, "is a named pipe (FIFO); the manifest must be a regular file"),
            (zero, "is a character device; the manifest must be a regular file"),
            (directory, "is a directory; the manifest must be a regular file"),
        ];
        foreach (var (path, problem) in cases)
        {
            var plan = await ToolProcess.RunAsync(_emulator, _work.FullName, "plan", "--manifest", path);

            Assert.True(plan.ExitCode == 1, plan.ToString());
            Assert.Equal($"error: {path}: {problem}\n", plan.Stderr);
        }

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"took {clock.Elapsed}"); // nothing read whole, nothing blocked
        Assert.Equal(0, _emulator.Cognito.Statistics.TotalReceived);
    }

    [Fact]
    public async Task Separator_and_bidirectional_characters_from_the_server_are_escaped_in_the_plan_table_its_json_and_the_exported_manifest()
    {
        // A description as the server answers it: a line separator that would start a new log line, and a
        // right-to-left override that would show the rest of the line reversed.
        const string Answered = "Read orders\u2028FAKE: approved\u202Edetirw\u2029";
        await _emulator.Cognito.CreateClient().CreateAsync(new ResourceServer(_pool, "https://orders.example.com", "Orders", [new("orders.read", Answered)]));
        var manifest = Path.Combine(_work.FullName, "manifest.json");
        File.WriteAllText(manifest, JsonSerializer.Serialize(new { userPools = new[] { new { userPoolId = _pool, resourceServers = new[] { new { identifier = "https://orders.example.com", name = "Orders", scopes = new[] { new { name = "orders.read", description = "Read orders" } } } } } } }));
        var exported = Path.Combine(_work.FullName, "exported.json");

        var plan = await ToolProcess.RunAsync(_emulator, _work.FullName, "plan", "--manifest", manifest);
        var json = await ToolProcess.RunAsync(_emulator, _work.FullName, "plan", "--output", "json", "--manifest", manifest);
        var export = await ToolProcess.RunAsync(_emulator, _work.FullName, "export", "--user-pool-id", _pool, "--file", exported);

        Assert.True(plan.ExitCode == 0, plan.ToString());
        Assert.Contains("Read orders\\u2028FAKE: approved\\u202Edetirw\\u2029", plan.Stdout, StringComparison.Ordinal);
        Assert.True(export.ExitCode == 0, export.ToString());
        var text = File.ReadAllText(exported);
        Assert.Contains("Read orders\\u2028FAKE: approved\\u202Edetirw\\u2029", text, StringComparison.Ordinal);
        Assert.True(json.ExitCode == 0, json.ToString());
        using (var document = JsonDocument.Parse(json.Stdout))
        {
            var change = document.RootElement.GetProperty("userPools")[0].GetProperty("resourceServers")[0].GetProperty("changes").GetProperty("descriptionsChanged")[0];
            Assert.Equal(Answered, change.GetProperty("from").GetString()); // escaped in the text, exact as a value
        }

        foreach (var output in new[] { plan.Stdout, plan.Stderr, json.Stdout, export.Stdout, text })
        {
            Assert.DoesNotContain(output, c => c is '\u2028' or '\u2029' or '\u202E');
        }

        // Escaped, not changed: the export reads back as what the server holds.
        Assert.Equal(Answered, ManifestReader.Parse(Encoding.UTF8.GetBytes(text), exported).UserPools.Single().ResourceServers.Single().Scopes.Single().Description);
    }

    [Fact]
    public async Task A_session_token_echoed_in_success_data_is_redacted_in_the_table_the_json_and_the_export()
    {
        await using var server = await MisbehavingCognito.StartAsync();
        server.Answer = (context, received) => received.Operation == "ListResourceServers"
            ? MisbehavingCognito.Json(context, HttpStatusCode.OK, JsonSerializer.Serialize(new
            {
                ResourceServers = new[]
                {
                    new
                    {
                        UserPoolId = MisbehavingCognito.UserPoolId,
                        Identifier = MisbehavingCognito.Identifier,
                        Name = "orders",
                        Scopes = new[] { new { ScopeName = "orders.read", ScopeDescription = "token " + received.SessionToken + " and " + Uri.EscapeDataString(received.SessionToken) } },
                    },
                },
            }))
            : MisbehavingCognito.Error(context, HttpStatusCode.BadRequest, "InvalidParameterException", "no");

        // The credentials come from a profile, not the environment: the tool learns the token only as it sends it.
        var credentials = Path.Combine(_work.FullName, "credentials");
        File.WriteAllText(credentials, $"[echo]\naws_access_key_id = {MisbehavingCognito.AccessKey}\naws_secret_access_key = {MisbehavingCognito.SecretKey}\naws_session_token = {MisbehavingCognito.SessionToken}\n");
        var manifest = Path.Combine(_work.FullName, "manifest.json");
        File.WriteAllText(manifest, JsonSerializer.Serialize(new { userPools = new[] { new { userPoolId = MisbehavingCognito.UserPoolId, resourceServers = new[] { new { identifier = MisbehavingCognito.Identifier, name = "orders", scopes = new[] { new { name = "orders.read", description = "Read" } } } } } } }));
        var exported = Path.Combine(_work.FullName, "exported.json");
        Dictionary<string, string?> environment = new() { ["AWS_SHARED_CREDENTIALS_FILE"] = credentials };
        string[] connection = ["--profile", "echo", "--region", "us-east-1", "--endpoint-url", server.Url.ToString()];

        var table = await ToolProcess.RunAsync(_work.FullName, environment, ["plan", "--manifest", manifest, .. connection]);
        var json = await ToolProcess.RunAsync(_work.FullName, environment, ["plan", "--output", "json", "--manifest", manifest, .. connection]);
        var export = await ToolProcess.RunAsync(_work.FullName, environment, ["export", "--user-pool-id", MisbehavingCognito.UserPoolId, "--file", exported, .. connection]);
        var toStdout = await ToolProcess.RunAsync(_work.FullName, environment, ["export", "--user-pool-id", MisbehavingCognito.UserPoolId, .. connection]);

        Assert.Equal(MisbehavingCognito.SessionToken, server.Requests[0].SessionToken); // it was sent, and echoed
        foreach (var run in new[] { table, json, export, toStdout })
        {
            Assert.True(run.ExitCode == 0, run.ToString());
        }

        Assert.Contains("token [redacted] and [redacted]", table.Stdout, StringComparison.Ordinal);
        Assert.Contains("token [redacted] and [redacted]", toStdout.Stdout, StringComparison.Ordinal);
        var everything = string.Join("\n", table.Stdout, table.Stderr, json.Stdout, json.Stderr, export.Stdout, export.Stderr, toStdout.Stdout, File.ReadAllText(exported));
        foreach (var secret in new[] { MisbehavingCognito.SessionToken, Uri.EscapeDataString(MisbehavingCognito.SessionToken), MisbehavingCognito.SecretKey })
        {
            Assert.DoesNotContain(secret, everything, StringComparison.Ordinal);
        }

        using var document = JsonDocument.Parse(json.Stdout);
        Assert.Contains("[redacted]", document.RootElement.GetProperty("userPools")[0].GetProperty("resourceServers")[0].GetProperty("changes").GetProperty("descriptionsChanged")[0].GetProperty("from").GetString(), StringComparison.Ordinal);
    }
}
