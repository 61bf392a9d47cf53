using System.CommandLine;
using ResourceServers.Tool.Manifests;
using ResourceServers.Tool.Output;
using Spectre.Console;

namespace ResourceServers.Tool.Commands;

/// <summary>
/// <c>apply</c>: shows the plan, asks (unless <c>--yes</c>), then carries it out server by server: creates and
/// updates through the library's ensure (a locked read-modify-write that reads again before it writes, so a change
/// made since the plan is not overwritten blindly), deletions last and only with <c>--prune</c>. Paced to Cognito's
/// quotas by the client. A pool that fails stops there; the other pools still run, and the summary says both.
/// </summary>
internal static class ApplyCommand
{
    public static Command Create(ConnectionOptions connection)
    {
        var manifest = new ManifestOptions();
        var yes = new Option<bool>("--yes", "-y") { Description = "Applies without asking (for pipelines). Without it, apply asks on a terminal and refuses otherwise." };

        var command = new Command("apply", "Applies the manifest: creates and updates resource servers (and with --prune deletes unlisted ones). Exit code 0: done; 1: error.");
        manifest.AddTo(command);
        command.Options.Add(yes);
        connection.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var desired = ManifestReader.Read(parse.GetValue(manifest.Manifest)!.FullName);
            var client = connection.CreateClient(parse);
            var console = ToolConsole.Create();
            var plans = await PoolPlan.ForAsync(client, desired, parse.GetValue(manifest.Prune), cancellationToken).ConfigureAwait(false);
            PlanTable.Write(console, plans);

            var pending = plans.Sum(p => p.Pending.Count());
            if (pending == 0)
            {
                return plans.Any(p => p.Error is not null) ? ExitCodes.Error : ExitCodes.Success;
            }

            if (!parse.GetValue(yes))
            {
                if (!ToolConsole.IsTerminal)
                {
                    throw new ToolException("apply asks before it writes, and there is no terminal to ask on: pass --yes to apply without asking.");
                }

                if (!await console.ConfirmAsync($"Apply {pending} change(s)?", defaultValue: false, cancellationToken).ConfigureAwait(false))
                {
                    console.WriteLine("Nothing applied.");
                    return ExitCodes.Error;
                }
            }

            var results = !ToolConsole.IsTerminal
                ? await ApplyAsync(client, plans, onChange: done => console.WriteLine(Printable.Of(done.ToString())), cancellationToken).ConfigureAwait(false)
                : await ApplyWithProgressAsync(console, client, plans, pending, cancellationToken).ConfigureAwait(false);

            // Pools that could not be planned were reported with the plan; these failed while applying.
            var unplanned = plans.Where(p => p.Error is not null).Select(p => p.UserPoolId).ToHashSet(StringComparer.Ordinal);
            foreach (var failed in results.Where(r => r.Error is not null && !unplanned.Contains(r.UserPoolId)))
            {
                console.Write(new Text($"error: user pool {Printable.Of(failed.UserPoolId)}: {Printable.Of(failed.Error)}\n", new Style(Color.Red)));
            }

            var summary = PlanSummary.Of(results);
            console.WriteLine(summary.FailedPools > 0 ? $"Apply failed: {summary.Describe(done: true)}." : $"Apply complete: {summary.Describe(done: true)}.");
            return summary.FailedPools > 0 ? ExitCodes.Error : ExitCodes.Success;
        });
        return command;
    }

    private static async Task<IReadOnlyList<PoolPlan>> ApplyWithProgressAsync(IAnsiConsole console, IResourceServerClient client, IReadOnlyList<PoolPlan> plans, int pending, CancellationToken cancellationToken)
    {
        IReadOnlyList<PoolPlan> results = [];
        await console.Progress().AutoClear(false).StartAsync(async context =>
        {
            var task = context.AddTask("Applying", maxValue: pending);
            results = await ApplyAsync(client, plans, onChange: done =>
            {
                task.Increment(1);
                task.Description = Markup.Escape(Printable.Of(done.Identifier));
            }, cancellationToken).ConfigureAwait(false);
            task.Description = "Applied";
        }).ConfigureAwait(false);
        return results;
    }

    /// <summary>
    /// Carries out each pool's pending changes in plan order (deletions come last in a plan). What happened is
    /// returned per pool as a plan-shaped record of done changes; a pool's first failure ends that pool.
    /// </summary>
    private static async Task<IReadOnlyList<PoolPlan>> ApplyAsync(IResourceServerClient client, IReadOnlyList<PoolPlan> plans, Action<ResourceServerChange> onChange, CancellationToken cancellationToken)
    {
        var results = new List<PoolPlan>(plans.Count);
        foreach (var plan in plans)
        {
            if (plan.Error is not null)
            {
                results.Add(plan);
                continue;
            }

            var done = new List<ResourceServerChange>(plan.Changes.Where(c => !c.HasChanges));
            string? error = null;
            foreach (var change in plan.Pending)
            {
                try
                {
                    var result = change.Kind == ResourceServerChangeKind.Deleted
                        ? await DeleteAsync(client, change, cancellationToken).ConfigureAwait(false)
                        : await client.EnsureAsync(change.After!, cancellationToken).ConfigureAwait(false);
                    done.Add(result);
                    onChange(result);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    error = $"{change.Identifier}: {ex.Message}";
                    break;
                }
            }

            results.Add(new PoolPlan(plan.UserPoolId, done, error));
        }

        return results;
    }

    private static async Task<ResourceServerChange> DeleteAsync(IResourceServerClient client, ResourceServerChange planned, CancellationToken cancellationToken)
    {
        // Already gone is what was asked for: reported as unchanged rather than as a failure.
        var deleted = await client.DeleteIfExistsAsync(planned.UserPoolId, planned.Identifier, cancellationToken).ConfigureAwait(false);
        return deleted
            ? new ResourceServerChange(ResourceServerChangeKind.Deleted, planned.Before, null, ResourceServerDiff.Empty)
            : new ResourceServerChange(ResourceServerChangeKind.Unchanged, planned.Before, planned.Before, ResourceServerDiff.Empty);
    }
}
