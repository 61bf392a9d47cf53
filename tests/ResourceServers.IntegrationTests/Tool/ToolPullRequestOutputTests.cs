using System.Text.Json;
using System.Text.RegularExpressions;
using Markdig;
using ResourceServers.Testing;

namespace ResourceServers.IntegrationTests.Tool;

/// <summary>
/// The tool's output for pull requests, as a process in a GitHub-like environment: a markdown plan whose values from a
/// manifest or from Cognito stay text when rendered, workflow annotations for errors, the plan in the job summary.
/// </summary>
public sealed partial class ToolPullRequestOutputTests : IAsyncLifetime
{
    // Markdown, HTML, a mention, an issue reference, a fence and a pipe, from the wire and from the manifest.
    private const string HostileRead = "Read | <img src=x onerror=alert(1)> @octocat #1 ``` **bold** [link](https://example.com)";
    private const string HostileWanted = "Read </details><script>alert(1)</script> ` @github/security";

    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("resource-servers-pr-");
    private CognitoEmulator _emulator = null!;
    private string _pool = null!;

    public async Task InitializeAsync()
    {
        _emulator = await CognitoEmulator.StartAsync();
        _pool = (await _emulator.Cognito.CreateUserPoolAsync("pull-requests")).Id;
    }

    public async Task DisposeAsync()
    {
        await _emulator.DisposeAsync();
        _work.Delete(recursive: true);
    }

    [Fact]
    public async Task A_markdown_plan_renders_as_a_summary_a_table_and_a_diff_per_change_with_every_value_inert()
    {
        await _emulator.Cognito.CreateClient().CreateAsync(new ResourceServer(_pool, "https://orders.example.com", "Orders", [new("orders.read", HostileRead)]));
        var manifest = Manifest(
            Server("https://orders.example.com", "Orders", ("orders.read", HostileWanted), ("orders.write", "Write orders")),
            Server("https://billing.example.com", "Billing", ("invoices.read", "Read | invoices")));

        var plan = await RunAsync([], "plan", "--detailed-exitcode", "--output", "markdown", "--manifest", manifest);

        Assert.True(plan.ExitCode == 2, plan.ToString());
        Assert.StartsWith("#### resource-servers plan\n\n**Plan: 1 to create, 1 to update, 0 to delete, 0 unchanged.**\n", plan.Stdout, StringComparison.Ordinal);
        var html = Markdown.ToHtml(plan.Stdout, new MarkdownPipelineBuilder().UsePipeTables().Build());
        var rows = TableRow().Matches(html).Select(m => Cell().Matches(m.Value).Count).ToList();
        Assert.Equal([0, 4, 4], rows); // the header (th), then two changes of four cells each: no pipe in a value split a cell
        Assert.Contains("<td>update</td>", html);
        Assert.Contains("<td>create</td>", html);
        Assert.Equal(2, Regex.Count(html, "<details><summary>"));
        Assert.Contains("<summary>update <code>https://orders.example.com</code> in user pool <code>" + _pool + "</code></summary>", html);
        Assert.Contains("- scope orders.read: Read | &lt;img src=x onerror=alert(1)&gt; @octocat #1 ``` **bold** [link](https://example.com)\n+ scope orders.read: Read &lt;/details&gt;&lt;script&gt;alert(1)&lt;/script&gt; ` @github/security\n+ scope orders.write: Write orders", html);
        Assert.Contains("+ name: Billing\n+ scope invoices.read: Read | invoices", html);

        // Outside code, nothing of the values is read as markup: no element, mention, reference, link or emphasis.
        var outsideCode = CodeOrPre().Replace(html, string.Empty);
        foreach (var inert in new[] { "<img", "<script", "<strong>bold", "<a ", "@octocat", "@github", "#1", "onerror" })
        {
            Assert.DoesNotContain(inert, outsideCode, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Under_GitHub_Actions_errors_are_workflow_annotations_and_the_plan_goes_to_the_job_summary()
    {
        var summary = Path.Combine(_work.FullName, "step-summary.md");
        File.WriteAllText(summary, "earlier step\n");
        Dictionary<string, string?> github = new() { ["GITHUB_ACTIONS"] = "true", ["GITHUB_STEP_SUMMARY"] = summary };
        var manifest = Manifest(Server("https://orders.example.com", "Orders"));
        var broken = Path.Combine(_work.FullName, "100%,team:a.json");
        File.WriteAllText(broken, $$"""
            { "userPools": [ { "userPoolId": "{{_pool}}", "resourceServers": [
              { "identifier": "https://orders.example.com", "name": "Orders", "scopes": [ { "name": "orders read", "description": "Read" } ] } ] } ] }
            """);

        var column = File.ReadAllLines(broken)[1].IndexOf("\"orders read\"", StringComparison.Ordinal) + 1;

        var plan = await RunAsync(github, "plan", "--output", "json", "--manifest", manifest);
        var error = await RunAsync(github, "plan", "--manifest", broken);
        var missing = await RunAsync(github, "plan", "--manifest", Manifest("us-east-1_NoSuchPool1", Server("https://orders.example.com", "Orders")));
        var outside = await RunAsync(new() { ["GITHUB_STEP_SUMMARY"] = summary }, "plan", "--manifest", broken);
        var apply = await RunAsync(github, "apply", "--yes", "--manifest", manifest);

        Assert.True(plan.ExitCode == 0, plan.ToString());
        using (JsonDocument.Parse(plan.Stdout))
        {
            // Standard output is the plan alone, still parsable: annotations and summaries go elsewhere.
        }

        Assert.StartsWith("earlier step\n#### resource-servers plan\n\n**Plan: 1 to create, 0 to update, 0 to delete, 0 unchanged.**\n", File.ReadAllText(summary), StringComparison.Ordinal);
        Assert.True(error.ExitCode == 1, error.ToString());
        Assert.Contains(
            $"::error file={broken.Replace("%", "%25", StringComparison.Ordinal).Replace(",", "%2C", StringComparison.Ordinal).Replace(":", "%3A", StringComparison.Ordinal)},line=2,col={column}," +
            "title=resource-servers%3A userPools[0].resourceServers[0].scopes[0].name::" + broken.Replace("%", "%25", StringComparison.Ordinal) + $":2:{column}: userPools[0].resourceServers[0].scopes[0].name: must be printable ASCII",
            error.Stderr);
        Assert.True(missing.ExitCode == 1, missing.ToString());
        Assert.Contains("::error title=resource-servers::user pool us-east-1_NoSuchPool1: User pool 'us-east-1_NoSuchPool1' does not exist", missing.Stderr);
        Assert.Contains("**Error:** user pool `us-east-1_NoSuchPool1` could not be read", File.ReadAllText(summary));
        Assert.True(outside.ExitCode == 1, outside.ToString());
        Assert.DoesNotContain("::error", outside.Stderr + outside.Stdout, StringComparison.Ordinal);
        Assert.Equal(2, Regex.Count(File.ReadAllText(summary), "#### resource-servers plan")); // not written outside Actions
        Assert.True(apply.ExitCode == 0, apply.ToString());
        Assert.EndsWith("#### resource-servers apply\n\n**Apply complete: 1 created, 0 updated, 0 deleted, 0 unchanged.**\n\n", File.ReadAllText(summary), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_multi_line_error_becomes_one_annotation_with_its_line_breaks_encoded()
    {
        var planFile = Path.Combine(_work.FullName, "plan.json");
        var manifest = Manifest(Server("https://orders.example.com", "Orders"));
        Assert.Equal(0, (await RunAsync([], "plan", "--out", planFile, "--manifest", manifest)).ExitCode);
        await _emulator.Cognito.CreateClient().CreateAsync(new ResourceServer(_pool, "https://orders.example.com", "Orders by hand"));

        var apply = await RunAsync(new() { ["GITHUB_ACTIONS"] = "true" }, "apply", planFile);

        Assert.True(apply.ExitCode == 1, apply.ToString());
        var annotation = Assert.Single(apply.Stderr.Split('\n'), l => l.StartsWith("::error ", StringComparison.Ordinal));
        Assert.Contains("is stale: the pools no longer hold what it read, so nothing was applied.%0A  user pool " + _pool + "%3A", annotation.Replace(": https", "%3A https", StringComparison.Ordinal));
        Assert.Contains("%0AMake the plan again", annotation);
    }

    private Task<ToolResult> RunAsync(Dictionary<string, string?> environment, params string[] args)
    {
        Dictionary<string, string?> all = new(environment)
        {
            ["AWS_ACCESS_KEY_ID"] = _emulator.AccessKeyId,
            ["AWS_SECRET_ACCESS_KEY"] = CognitoEmulatorOptions.DefaultSecretAccessKey,
        };
        return ToolProcess.RunAsync(_work.FullName, all, [.. args, "--region", _emulator.Region, "--endpoint-url", _emulator.ServiceUrl.ToString()]);
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

    [GeneratedRegex("<tr>.*?</tr>", RegexOptions.Singleline)]
    private static partial Regex TableRow();

    [GeneratedRegex("<td>")]
    private static partial Regex Cell();

    [GeneratedRegex("<code>.*?</code>|<pre>.*?</pre>|<code class=\"[^\"]*\">.*?</code>", RegexOptions.Singleline)]
    private static partial Regex CodeOrPre();
}
