using System.Globalization;
using ResourceServers.Tool.Commands;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace ResourceServers.Tool.Output;

/// <summary>
/// The plan as people read it: one row per pending change, errors per pool, then a summary line. Identifiers and pool
/// ids are never split across lines (they are copied into searches and commands): the table wraps only the details
/// between words, and when even that does not fit the console's width, each change is written as lines of its own
/// instead of table rows.
/// </summary>
internal static class PlanTable
{
    public static void Write(IAnsiConsole console, IReadOnlyList<PoolPlan> plans)
    {
        var pending = plans.SelectMany(p => p.Pending.Select(c => (p.UserPoolId, Change: c))).ToList();
        if (pending.Count > 0)
        {
            var table = new Table().Border(TableBorder.Simple)
                .AddColumn(new TableColumn("User pool").NoWrap())
                .AddColumn(new TableColumn("Resource server").NoWrap())
                .AddColumn(new TableColumn("Action").NoWrap())
                .AddColumn("Details");
            foreach (var (pool, change) in pending)
            {
                // Text, not markup: a value with '[' would otherwise be read as style.
                table.AddRow(
                    new Text(Printable.Of(pool)),
                    new Text(Printable.Of(change.Identifier)),
                    new Text(Action(change.Kind), ActionStyle(change.Kind)),
                    new Text(Printable.Of(Details(change))));
            }

            var width = console.Profile.Width;
            if (((IRenderable)table).Measure(RenderOptions.Create(console), width).Min <= width)
            {
                console.Write(table);
            }
            else
            {
                WriteLines(console, pending);
            }
        }

        // Unwrapped, as the list layout is: an error may quote an identifier.
        foreach (var failed in plans.Where(p => p.Error is not null))
        {
            ToolConsole.WriteUnwrapped(console, $"error: user pool {Printable.Of(failed.UserPoolId)}: {Printable.OfLines(failed.Error)}");
        }

        ToolConsole.WriteUnwrapped(console, SummaryLine(PlanSummary.Of(plans)));
        var revoking = plans.SelectMany(p => p.Pending).Count(c => c.RevokedGrants.Count > 0);
        if (revoking > 0)
        {
            ToolConsole.WriteUnwrapped(console, string.Create(CultureInfo.InvariantCulture, $"{revoking} change(s) remove scopes that app clients grant (named above): apply refuses them unless --allow-revoking-grants is given."));
        }
    }

    /// <summary>
    /// The plan's last line. A plan with a pool that could not be read never says "No changes": it cannot know.
    /// </summary>
    public static string SummaryLine(PlanSummary summary) =>
        !summary.IsComplete && summary.FailedPools == summary.Pools
            ? string.Create(CultureInfo.InvariantCulture, $"Plan incomplete: {summary.FailedPools} of {summary.Pools} user pool(s) could not be read (see the errors above); nothing was planned.")
        : !summary.IsComplete
            ? string.Create(CultureInfo.InvariantCulture, $"Plan incomplete: {summary.FailedPools} of {summary.Pools} user pool(s) could not be read (see the errors above); for the pools read: {(summary with { FailedPools = 0 }).Describe(done: false)}.")
        : summary.HasChanges ? $"Plan: {summary.Describe(done: false)}." : $"No changes. {summary.Describe(done: false)}.";

    // Each change as "action identifier (user pool ...)" and its details on the next line, unwrapped.
    private static void WriteLines(IAnsiConsole console, List<(string UserPoolId, ResourceServerChange Change)> pending)
    {
        foreach (var (pool, change) in pending)
        {
            ToolConsole.WriteUnwrapped(console, $"  {Action(change.Kind)} {Printable.Of(change.Identifier)} (user pool {Printable.Of(pool)})");
            ToolConsole.WriteUnwrapped(console, $"      {Printable.Of(Details(change))}");
        }

        ToolConsole.WriteUnwrapped(console, string.Empty);
    }

    /// <summary>
    /// A change's kind as the action it stands for, in the imperative ("create", not the enum's "Created"): the enum
    /// names what a write did and is shared by plans, so the tool words it as intent.
    /// </summary>
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
        ResourceServerChangeKind.Updated => change.Diff + Grants(change),
        ResourceServerChangeKind.Deleted => "not in the manifest (--prune)" + Grants(change),
        _ => string.Empty,
    };

    /// <summary>
    /// Beside each removed scope (or deleted server's scope), the app clients that grant it, by name and id:
    /// <c>; scope 'write' is granted to app clients 'web' (1example23456789), 'batch' (...)</c>. Empty when none is.
    /// </summary>
    public static string Grants(ResourceServerChange change)
    {
        var parts = new List<string>();
        foreach (var scope in change.RemovedScopeIdentifiers)
        {
            var clients = change.RevokedGrants.Where(g => g.ScopeIdentifiers.Contains(scope, StringComparer.Ordinal)).Select(g => $"'{g.ClientName}' ({g.ClientId})").ToList();
            if (clients.Count > 0)
            {
                var name = scope[(change.Identifier.Length + 1)..];
                parts.Add($"scope '{name}' is granted to app client{(clients.Count == 1 ? string.Empty : "s")} {string.Join(", ", clients)}");
            }
        }

        return parts.Count == 0 ? string.Empty : "; " + string.Join("; ", parts);
    }

    private static Style ActionStyle(ResourceServerChangeKind kind) => kind switch
    {
        ResourceServerChangeKind.Created => new Style(Color.Green),
        ResourceServerChangeKind.Updated => new Style(Color.Yellow),
        ResourceServerChangeKind.Deleted => new Style(Color.Red),
        _ => Style.Plain,
    };
}
