using System.CommandLine;
using ResourceServers.Tool.Output;

namespace ResourceServers.Tool.Commands;

/// <summary><c>plan</c>: what <c>apply</c> would change, as a table or as JSON. Reads only (one list call per pool).</summary>
internal static class PlanCommand
{
    public static Command Create(ConnectionOptions connection)
    {
        var manifest = new ManifestOptions();
        var deadline = new Deadline();
        var output = new Option<string>("--output", "-o") { Description = "table for people, json for programs.", DefaultValueFactory = _ => "table" };
        output.AcceptOnlyFromAmong("table", "json");
        var detailed = new Option<bool>("--detailed-exitcode")
        {
            Description = "Exit code 0 when there are no changes, 2 when changes are pending, 1 on an error (as terraform plan -detailed-exitcode).",
        };

        var command = new Command("plan", "Shows what apply would change. Exit code 0: the plan ran; 1: error (see --detailed-exitcode).");
        manifest.AddTo(command);
        command.Options.Add(output);
        command.Options.Add(detailed);
        deadline.AddTo(command);
        connection.AddTo(command);
        command.SetAction((parse, cancellationToken) => deadline.RunAsync(parse, cancellationToken, async deadlineToken =>
        {
            var desired = manifest.Read(parse);
            var client = connection.CreateClient(parse);
            var plans = await PoolPlan.ForAsync(client, desired, parse.GetValue(manifest.Prune), deadlineToken).ConfigureAwait(false);

            if (parse.GetValue(output) == "json")
            {
                using var stdout = Console.OpenStandardOutput();
                PlanJson.Write(stdout, plans, client.Connection);
            }
            else
            {
                PlanTable.Write(ToolConsole.Create(), plans);
            }

            // A pool that could not be read makes the plan incomplete: an error, whatever the pools read would change.
            var summary = PlanSummary.Of(plans);
            return summary.FailedPools > 0 ? ExitCodes.Error
                : summary.HasChanges && parse.GetValue(detailed) ? ExitCodes.ChangesPending
                : ExitCodes.Success;
        }));
        return command;
    }
}
