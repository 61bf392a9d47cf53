using System.CommandLine;
using ResourceServers.Tool.Output;
using ResourceServers.Tool.Plans;

namespace ResourceServers.Tool.Commands;

/// <summary>
/// <c>plan</c>: what <c>apply</c> would change, as a table, JSON or markdown (and, in a GitHub Actions job, in the job
/// summary too). Reads only (one list call per pool).
/// </summary>
internal static class PlanCommand
{
    public static Command Create(ConnectionOptions connection)
    {
        var manifest = new ManifestOptions();
        var deadline = new Deadline();
        var output = new Option<string>("--output", "-o") { Description = "table for people, json for programs, markdown for a pull-request comment.", DefaultValueFactory = _ => "table" };
        output.AcceptOnlyFromAmong("table", "json", "markdown");
        var detailed = new Option<bool>("--detailed-exitcode")
        {
            Description = "Exit code 0 when there are no changes, 2 when changes are pending, 1 on an error (as terraform plan -detailed-exitcode).",
        };

        var save = new Option<FileInfo?>("--out", "-out")
        {
            Description = "Also saves the plan, with the state it read, to this file (written whole or not at all); apply FILE then applies exactly it, and refuses if the pools changed since. Not written when a pool could not be read.",
        };

        var command = new Command("plan", "Shows what apply would change. Exit code 0: the plan ran; 1: error (see --detailed-exitcode).");
        manifest.AddTo(command);
        command.Options.Add(output);
        command.Options.Add(detailed);
        command.Options.Add(save);
        deadline.AddTo(command);
        connection.AddTo(command);
        command.SetAction((parse, cancellationToken) => deadline.RunAsync(parse, cancellationToken, async deadlineToken =>
        {
            var desired = manifest.Read(parse);
            var client = connection.CreateClient(parse);
            var plans = await PoolPlan.ForAsync(client, desired, parse.GetValue(manifest.Prune), deadlineToken).ConfigureAwait(false);

            switch (parse.GetValue(output))
            {
                case "json":
                    using (var stdout = Console.OpenStandardOutput())
                    {
                        PlanJson.Write(stdout, plans, client.Connection);
                    }

                    break;
                case "markdown":
                    Console.Out.Write(PlanMarkdown.Write(plans));
                    break;
                default:
                    PlanTable.Write(ToolConsole.Create(), plans);
                    break;
            }

            if (GitHubActions.IsActive)
            {
                GitHubActions.AppendStepSummary(PlanMarkdown.Write(plans));
                foreach (var failed in plans.Where(p => p.Error is not null))
                {
                    GitHubActions.AnnotatePool(failed.UserPoolId, failed.Error!);
                }
            }

            // A pool that could not be read makes the plan incomplete: an error, whatever the pools read would change.
            var summary = PlanSummary.Of(plans);
            if (parse.GetValue(save) is { } file)
            {
                // Standard error, so that standard output stays the plan alone (JSON a program parses, markdown a comment posts).
                if (summary.FailedPools > 0)
                {
                    Console.Error.WriteLine($"error: the plan is incomplete, so it was not saved to {Printable.Of(file.ToString())}.");
                }
                else
                {
                    var connected = client.Connection!;
                    var saved = new SavedPlan(TimeProvider.System.GetUtcNow(), connected.Region, connected.ServiceUrl, parse.GetValue(manifest.Manifest)!.ToString(), parse.GetValue(manifest.Prune), plans);
                    SavedPlanFile.Write(file.ToString(), saved);
                    Console.Error.WriteLine($"Saved the plan to {Printable.Of(file.ToString())}; to apply exactly this plan: resource-servers apply {Printable.Of(file.ToString())}");
                }
            }

            return summary.FailedPools > 0 ? ExitCodes.Error
                : summary.HasChanges && parse.GetValue(detailed) ? ExitCodes.ChangesPending
                : ExitCodes.Success;
        }));
        return command;
    }
}
