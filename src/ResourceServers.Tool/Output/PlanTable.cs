using Spectre.Console;
using ResourceServers.Tool.Commands;

namespace ResourceServers.Tool.Output;

/// <summary>The plan as people read it: one row per pending change, errors per pool, then a summary line.</summary>
internal static class PlanTable
{
    public static void Write(IAnsiConsole console, IReadOnlyList<PoolPlan> plans)
    {
        var pending = plans.SelectMany(p => p.Pending.Select(c => (p.UserPoolId, Change: c))).ToList();
        if (pending.Count > 0)
        {
            var table = new Table().Border(TableBorder.Simple)
                .AddColumn("User pool").AddColumn("Resource server").AddColumn("Action").AddColumn("Details");
            foreach (var (pool, change) in pending)
            {
                // Text, not markup: a value with '[' would otherwise be read as style.
                table.AddRow(
                    new Text(Printable.Of(pool)),
                    new Text(Printable.Of(change.Identifier)),
                    new Text(Action(change.Kind), ActionStyle(change.Kind)),
                    new Text(Printable.Of(Details(change))));
            }

            console.Write(table);
        }

        foreach (var failed in plans.Where(p => p.Error is not null))
        {
            console.Write(new Text($"error: user pool {Printable.Of(failed.UserPoolId)}: {Printable.Of(failed.Error)}\n", new Style(Color.Red)));
        }

        var summary = PlanSummary.Of(plans);
        console.WriteLine(summary.HasChanges ? $"Plan: {summary.Describe(done: false)}." : $"No changes. {summary.Describe(done: false)}.");
    }

    public static string Action(ResourceServerChangeKind kind) => kind switch
    {
        ResourceServerChangeKind.Created => "create",
        ResourceServerChangeKind.Updated => "update",
        ResourceServerChangeKind.Deleted => "delete",
        _ => "none",
    };

    /// <summary>What a change does, beyond its kind: the new server's name and scopes, the difference, or why it goes.</summary>
    public static string Details(ResourceServerChange change) => change.Kind switch
    {
        ResourceServerChangeKind.Created when change.After is { } after =>
            $"name '{after.Name}', " + (after.Scopes.Count == 0 ? "no scopes" : "scopes " + string.Join(", ", after.Scopes.Select(s => $"'{s.Name}'"))),
        ResourceServerChangeKind.Updated => change.Diff.ToString(),
        ResourceServerChangeKind.Deleted => "not in the manifest (--prune)",
        _ => string.Empty,
    };

    private static Style ActionStyle(ResourceServerChangeKind kind) => kind switch
    {
        ResourceServerChangeKind.Created => new Style(Color.Green),
        ResourceServerChangeKind.Updated => new Style(Color.Yellow),
        ResourceServerChangeKind.Deleted => new Style(Color.Red),
        _ => Style.Plain,
    };
}
