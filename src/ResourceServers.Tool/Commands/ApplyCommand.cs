using System.CommandLine;
using ResourceServers.Tool.Manifests;
using ResourceServers.Tool.Output;
using ResourceServers.Tool.Plans;
using Spectre.Console;

namespace ResourceServers.Tool.Commands;

/// <summary>
/// <c>apply</c>: shows the plan, asks (unless <c>--yes</c>), then carries it out, pools side by side and each pool's
/// servers one after another: creates and updates through the library's ensure (a locked read-modify-write that reads
/// again before it writes, so a change made since the plan is not overwritten blindly), deletions last and only with
/// <c>--prune</c>. Paced to Cognito's quotas by the client. A pool that fails stops there; the other pools still run,
/// and the summary says both. Ctrl+C
/// or <c>--timeout</c> stops it between or during calls; it then says what it did and exits 130 (or 1 for the timeout).
/// <c>apply FILE</c> carries out a plan saved by <c>plan --out</c> exactly, change by change, after checking that the
/// pools still hold what it read (<see cref="SavedPlanCheck"/>).
/// </summary>
internal static class ApplyCommand
{
    public static Command Create(ConnectionOptions connection)
    {
        var manifest = new ManifestOptions();
        var deadline = new Deadline();
        var yes = new Option<bool>("--yes", "-y") { Description = "Applies without asking (for pipelines). Without it, apply asks on a terminal and refuses otherwise." };
        var allowRevokingGrants = new Option<bool>("--allow-revoking-grants") { Description = "Applies changes that remove scopes (or delete resource servers) that app clients grant; without it apply refuses such a plan and writes nothing." };
        var planFile = new Argument<FileInfo?>("plan-file")
        {
            Description = "A plan saved by plan --out: applies exactly it, without asking, once the pools are checked to hold what it read (a stale plan is refused). Takes no --manifest, --var or --prune.",
            Arity = ArgumentArity.ZeroOrOne,
        };

        var command = new Command("apply", "Applies the manifest, or a plan saved by plan --out: creates and updates resource servers (and with --prune deletes unlisted ones). Exit code 0: done; 1: error; 130: interrupted.");
        command.Arguments.Add(planFile);
        manifest.AddTo(command);
        command.Options.Add(yes);
        command.Options.Add(allowRevokingGrants);
        deadline.AddTo(command);
        connection.AddTo(command);
        command.SetAction((parse, interrupted) => deadline.RunAsync(parse, interrupted, async cancellationToken =>
        {
            var saved = parse.GetValue(planFile) is { } file ? ReadSavedPlan(parse, manifest, file) : null;
            var desired = saved is null ? manifest.Read(parse) : null;
            var allowRevoking = parse.GetValue(allowRevokingGrants);
            var client = connection.CreateClient(parse, allowRevoking ? GrantRevocation.Allow : GrantRevocation.Refuse);
            var console = ToolConsole.Create();
            IReadOnlyList<PoolPlan> plans;
            List<ResourceServerChange> revoking;
            if (saved is not null)
            {
                var (differences, replanned) = await SavedPlanCheck.DifferencesAsync(client, client.Connection, saved, cancellationToken).ConfigureAwait(false);
                if (differences.Count > 0)
                {
                    throw new ToolException(
                        $"the saved plan {Printable.Of(parse.GetValue(planFile)!.ToString())} is stale: the pools no longer hold what it read, so nothing was applied.\n  " +
                        string.Join("\n  ", differences) + "\nMake the plan again, review it, and apply the new one.");
                }

                ToolConsole.WriteUnwrapped(console, $"Saved plan of {Printable.Of(saved.Manifest)}, made {saved.CreatedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC; the pools still hold what it read.");
                plans = saved.UserPools;
                revoking = [.. replanned.Where(c => c.HasChanges && c.RevokedGrants.Count > 0)];
            }
            else
            {
                plans = await PoolPlan.ForAsync(client, desired!, parse.GetValue(manifest.Prune), cancellationToken).ConfigureAwait(false);
                revoking = [.. plans.SelectMany(p => p.Pending).Where(c => c.RevokedGrants.Count > 0)];
            }

            PlanTable.Write(console, plans);

            // Refused before anything is written, from the grants read with the plan (for a saved plan, read again just
            // now: its file records none). The client applies the same policy again as it writes.
            if (revoking.Count > 0 && !allowRevoking)
            {
                throw new ToolException(
                    $"apply refuses {revoking.Count} change(s) that remove scopes app clients grant ({string.Join("; ", revoking.Select(c => Printable.Of(c.Identifier + PlanTable.Grants(c))))}); nothing was applied. "
                    + "Remove those scopes from the app clients first, or pass --allow-revoking-grants to apply anyway.");
            }

            var pending = plans.Sum(p => p.Pending.Count());
            if (pending == 0)
            {
                return plans.Any(p => p.Error is not null) ? ExitCodes.Error : ExitCodes.Success;
            }

            // A saved plan was reviewed when it was made; applying it is the decision, as with terraform apply PLANFILE.
            if (saved is null && !parse.GetValue(yes))
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

            // A saved plan goes change by change over the state it read; a manifest's plans go through the library, pools side by side.
            Apply apply = saved is not null ? ApplySavedAsync : ApplyAsync;
            var outcome = !ToolConsole.IsTerminal
                ? await apply(client, plans, onChange: done => ToolConsole.WriteUnwrapped(console, Printable.Of(done.ToString())), cancellationToken).ConfigureAwait(false)
                : await ApplyWithProgressAsync(console, client, plans, apply, pending, cancellationToken).ConfigureAwait(false);
            var results = outcome.Results;

            // Pools that could not be planned were reported with the plan; these failed while applying.
            var unplanned = plans.Where(p => p.Error is not null).Select(p => p.UserPoolId).ToHashSet(StringComparer.Ordinal);
            foreach (var failed in results.Where(r => r.Error is not null && !unplanned.Contains(r.UserPoolId)))
            {
                ToolConsole.WriteUnwrapped(console, $"error: user pool {Printable.Of(failed.UserPoolId)}: {Printable.OfLines(failed.Error)}");
            }

            var summary = PlanSummary.Of(results);
            if (outcome.StoppedAt is { } stoppedAt)
            {
                // Ctrl+C or --timeout: what was done, the change that was under way, and how much was not reached.
                var notDone = pending - results.Sum(r => r.Pending.Count());
                ToolConsole.WriteUnwrapped(
                    console,
                    $"Apply stopped: {summary.Describe(done: true)}. It stopped during '{PlanTable.Action(stoppedAt.Kind)}' of {Printable.Of(stoppedAt.Identifier)} " +
                    $"in user pool {Printable.Of(stoppedAt.UserPoolId)}, which may or may not have been written; {notDone} planned change(s) were not done. Running apply again continues from there.");
                return interrupted.IsCancellationRequested ? Interrupted() : throw Deadline.TimedOut(deadline.TextOf(parse));
            }

            var last = summary.FailedPools > 0 ? $"Apply failed: {summary.Describe(done: true)}." : $"Apply complete: {summary.Describe(done: true)}.";
            ToolConsole.WriteUnwrapped(console, last);
            if (GitHubActions.IsActive)
            {
                GitHubActions.AppendStepSummary($"#### resource-servers apply\n\n**{last}**\n");
            }

            return summary.FailedPools > 0 ? ExitCodes.Error : ExitCodes.Success;
        }));
        return command;
    }

    private static int Interrupted()
    {
        Console.Error.WriteLine("error: interrupted (Ctrl+C).");
        return ExitCodes.Interrupted;
    }

    private static async Task<ApplyOutcome> ApplyWithProgressAsync(IAnsiConsole console, IResourceServerClient client, IReadOnlyList<PoolPlan> plans, Apply apply, int pending, CancellationToken cancellationToken)
    {
        ApplyOutcome outcome = new([], null);
        await console.Progress().AutoClear(false).StartAsync(async context =>
        {
            var task = context.AddTask("Applying", maxValue: pending);
            outcome = await apply(client, plans, onChange: done =>
            {
                task.Increment(1);
                task.Description = Markup.Escape(Printable.Of(done.Identifier));
            }, cancellationToken).ConfigureAwait(false);
            task.Description = outcome.StoppedAt is null ? "Applied" : "Stopped";
        }).ConfigureAwait(false);
        return outcome;
    }

    /// <summary>
    /// Carries out the pools' plans side by side (<see cref="IResourceServerClient.ApplyPlansAsync"/>: each planned change
    /// through the library's locked read-modify-write, in plan order within a pool, deletions last). Each change made is
    /// passed to <paramref name="onChange"/> in manifest order, as soon as every change before it is settled, so the
    /// output reads the same whatever order the pools finish in. What happened is returned per pool as a plan-shaped
    /// record of done changes; a pool's first failure ends that pool. Cancellation (Ctrl+C, --timeout) ends them all:
    /// the outcome then names the change that was under way.
    /// </summary>
    private static async Task<ApplyOutcome> ApplyAsync(IResourceServerClient client, IReadOnlyList<PoolPlan> plans, Action<ResourceServerChange> onChange, CancellationToken cancellationToken)
    {
        var ordered = new InManifestOrder(plans, onChange);
        var planned = plans.Where(p => p.Error is null).Select(p => new UserPoolResult(p.UserPoolId, p.Changes)).ToList();
        IReadOnlyList<UserPoolResult> applied;
        try
        {
            applied = await client.ApplyPlansAsync(planned, ordered, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return ordered.Stopped();
        }

        var byPool = applied.ToDictionary(r => r.UserPoolId, StringComparer.Ordinal);
        var results = new List<PoolPlan>(plans.Count);
        foreach (var plan in plans)
        {
            if (plan.Error is not null)
            {
                results.Add(plan);
                continue;
            }

            var result = byPool[plan.UserPoolId];

            // A pool stops at its first failure: the change after the last one done is the one that failed.
            var error = result.Error is null ? null : $"{plan.Changes[result.Changes.Count].Identifier}: {result.Error.Message}";
            results.Add(new PoolPlan(plan.UserPoolId, result.Changes, error));
        }

        ordered.Flush();
        return new ApplyOutcome(results, null);
    }

    /// <summary>
    /// Carries out a saved plan's pending changes pool after pool, in plan order (deletions come last in a plan), each
    /// only over the state the plan read (<see cref="SavedPlanCheck.ApplyAsync"/>). A pool's first failure ends that
    /// pool. Cancellation (Ctrl+C, --timeout) ends them all: the outcome then names the change that was under way.
    /// </summary>
    private static async Task<ApplyOutcome> ApplySavedAsync(IResourceServerClient client, IReadOnlyList<PoolPlan> plans, Action<ResourceServerChange> onChange, CancellationToken cancellationToken)
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
                    cancellationToken.ThrowIfCancellationRequested();
                    var result = await SavedPlanCheck.ApplyAsync(client, change, cancellationToken).ConfigureAwait(false);
                    done.Add(result);
                    onChange(result);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    results.Add(new PoolPlan(plan.UserPoolId, done, null));
                    return new ApplyOutcome(results, change);
                }
                catch (Exception ex)
                {
                    error = $"{change.Identifier}: {ex.Message}";
                    break;
                }
            }

            results.Add(new PoolPlan(plan.UserPoolId, done, error));
        }

        return new ApplyOutcome(results, null);
    }

    /// <summary>What apply did, per pool, and the change under way when it was stopped (null when it ran to the end).</summary>
    private sealed record ApplyOutcome(IReadOnlyList<PoolPlan> Results, ResourceServerChange? StoppedAt);

    /// <summary>Carries out plans, passing on each change made: <see cref="ApplyAsync"/> for a manifest, <see cref="ApplySavedAsync"/> for a saved plan.</summary>
    private delegate Task<ApplyOutcome> Apply(IResourceServerClient client, IReadOnlyList<PoolPlan> plans, Action<ResourceServerChange> onChange, CancellationToken cancellationToken);

    /// <summary>
    /// A saved plan is all apply needs: a manifest, variables or --prune beside it would be a second, unreviewed
    /// source of truth (terraform apply PLANFILE refuses variables too).
    /// </summary>
    private static SavedPlan ReadSavedPlan(ParseResult parse, ManifestOptions manifest, FileInfo file)
    {
        var given = new Option[] { manifest.Manifest, manifest.Variables, manifest.Prune }
            .Where(o => parse.GetResult(o) is { Implicit: false })
            .Select(o => o.Name)
            .ToList();
        if (given.Count > 0)
        {
            throw new ToolException($"apply of a saved plan takes no {string.Join(", ", given)}: the plan file holds what it applies. Pass them to plan --out instead.");
        }

        return SavedPlanFile.Read(file.ToString());
    }

    /// <summary>
    /// Takes the changes made, from any pool in any order, and passes them on in manifest order: a change goes out once
    /// every pending change before it is done (or its pool has stopped, at <see cref="Flush"/>).
    /// </summary>
    private sealed class InManifestOrder : IProgress<ResourceServerChange>
    {
        private readonly IReadOnlyList<PoolPlan> _plans;
        private readonly Action<ResourceServerChange> _onChange;
        private readonly List<(string UserPoolId, string Identifier)> _pending;
        private readonly Dictionary<(string UserPoolId, string Identifier), ResourceServerChange> _done = [];
        private readonly object _gate = new();
        private int _next;

        public InManifestOrder(IReadOnlyList<PoolPlan> plans, Action<ResourceServerChange> onChange)
        {
            _plans = plans;
            _onChange = onChange;
            _pending = [.. plans.Where(p => p.Error is null).SelectMany(p => p.Pending).Select(c => (c.UserPoolId, c.Identifier))];
        }

        public void Report(ResourceServerChange value)
        {
            lock (_gate)
            {
                _done[(value.UserPoolId, value.Identifier)] = value;
                while (_next < _pending.Count && _done.TryGetValue(_pending[_next], out var change))
                {
                    _onChange(change);
                    _next++;
                }
            }
        }

        /// <summary>Passes on, in manifest order, the changes still held back behind a pool that stopped.</summary>
        public void Flush()
        {
            lock (_gate)
            {
                for (; _next < _pending.Count; _next++)
                {
                    if (_done.TryGetValue(_pending[_next], out var change))
                    {
                        _onChange(change);
                    }
                }
            }
        }

        /// <summary>The outcome of a run that was stopped: per pool the changes done, and the first change not done of the first pool not finished.</summary>
        public ApplyOutcome Stopped()
        {
            Flush();
            lock (_gate)
            {
                var results = new List<PoolPlan>(_plans.Count);
                ResourceServerChange? stoppedAt = null;
                foreach (var plan in _plans)
                {
                    if (plan.Error is not null)
                    {
                        results.Add(plan);
                        continue;
                    }

                    var done = new List<ResourceServerChange>(plan.Changes.Where(c => !c.HasChanges));
                    foreach (var change in plan.Pending)
                    {
                        if (_done.TryGetValue((change.UserPoolId, change.Identifier), out var made))
                        {
                            done.Add(made);
                        }
                        else
                        {
                            stoppedAt ??= change;
                            break;
                        }
                    }

                    results.Add(new PoolPlan(plan.UserPoolId, done, null));
                }

                return new ApplyOutcome(results, stoppedAt);
            }
        }
    }
}
