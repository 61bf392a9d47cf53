using ResourceServers.Tool.Commands;
using ResourceServers.Tool.Output;
using Spectre.Console;

namespace ResourceServers.IntegrationTests.Tool;

/// <summary>The plan table on a narrow console: identifiers and pool ids are never split across lines.</summary>
public sealed class PlanTableTests
{
    private const string Pool = "eu-west-1_XJ7feZZsD";

    [Theory]
    [InlineData(80, "https://orders.example.com", false)]
    [InlineData(80, "https://orders.platform-team.internal.example.com/api/v2/resource-servers", false)]
    [InlineData(60, "https://orders.platform-team.internal.example.com/api/v2/resource-servers/with/an/identifier/longer/than/the/console", false)]
    [InlineData(120, "https://orders.example.com", true)]
    [InlineData(240, "https://orders.platform-team.internal.example.com/api/v2/resource-servers", true)]
    public void An_identifier_is_never_split_across_lines(int width, string identifier, bool table)
    {
        var before = new ResourceServer(Pool, identifier, "Orders", [new("orders.read", "Read orders")]);
        var after = before with { Scopes = [new("orders.read", "Read all orders of every customer in every region"), new("orders.write", "Create and change orders")] };
        var created = new ResourceServer(Pool, identifier + "/billing", "Billing", [new("invoices.read", "Read invoices")]);
        PoolPlan[] plans = [new(Pool, [new ResourceServerChange(ResourceServerChangeKind.Updated, before, after, ResourceServerDiff.Between(before, after), IsPlan: true), new ResourceServerChange(ResourceServerChangeKind.Created, null, created, ResourceServerDiff.Empty, IsPlan: true)], null)];

        var lines = Render(width, plans);

        Assert.Contains(lines, l => l.Contains(identifier, StringComparison.Ordinal) && l.Contains("update", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains(identifier + "/billing", StringComparison.Ordinal) && l.Contains("create", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains(Pool, StringComparison.Ordinal));
        Assert.Contains("Plan: 1 to create, 1 to update, 0 to delete, 0 unchanged.", lines);
        Assert.Equal(table, lines.Any(l => l.Contains("Resource server", StringComparison.Ordinal)));
        if (table)
        {
            Assert.True(lines.All(l => l.Length <= width), string.Join('\n', lines)); // the details wrap between words
        }
    }

    [Fact]
    public void A_plan_with_a_pool_that_could_not_be_read_never_says_No_changes()
    {
        PoolPlan[] plans = [new(Pool, [], "connection refused"), new("eu-west-1_Other1", [], null)];

        var lines = Render(80, plans);

        Assert.DoesNotContain(lines, l => l.Contains("No changes", StringComparison.Ordinal));
        Assert.Contains("Plan incomplete: 1 of 2 user pool(s) could not be read (see the errors above); for the pools read: 0 to create, 0 to update, 0 to delete, 0 unchanged.", lines);
        Assert.Contains("Plan incomplete: 1 of 1 user pool(s) could not be read (see the errors above); nothing was planned.", Render(80, [plans[0]]));
    }

    private static List<string> Render(int width, IReadOnlyList<PoolPlan> plans)
    {
        var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        });
        console.Profile.Width = width;
        PlanTable.Write(console, plans);
        return [.. output.ToString().Split('\n').Select(l => l.TrimEnd('\r'))];
    }
}
