using System.CommandLine;
using ResourceServers.Tool.Manifests;
using ResourceServers.Tool.Output;

namespace ResourceServers.Tool.Commands;

/// <summary><c>plan</c>: what <c>apply</c> would change, as a table or as JSON. Reads only (one list call per pool).</summary>
internal static class PlanCommand
{
    public static Command Create(ConnectionOptions connection)
    {
        var manifest = new ManifestOptions();
        var output = new Option<string>("--output", "-o") { Description = "table (default) or json.", DefaultValueFactory = _ => "table" };
        output.AcceptOnlyFromAmong("table", "json");

        var command = new Command("plan", "Shows what apply would change. Exit code 0: no changes; 2: changes pending; 1: error.");
        manifest.AddTo(command);
        command.Options.Add(output);
        connection.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var desired = ManifestReader.Read(parse.GetValue(manifest.Manifest)!.FullName);
            var client = connection.CreateClient(parse);
            var plans = await PoolPlan.ForAsync(client, desired, parse.GetValue(manifest.Prune), cancellationToken).ConfigureAwait(false);

            if (parse.GetValue(output) == "json")
            {
                using var stdout = Console.OpenStandardOutput();
                PlanJson.Write(stdout, plans, client.Connection);
            }
            else
            {
                PlanTable.Write(ToolConsole.Create(), plans);
            }

            var summary = PlanSummary.Of(plans);
            return summary.FailedPools > 0 ? ExitCodes.Error : summary.HasChanges ? ExitCodes.ChangesPending : ExitCodes.Success;
        });
        return command;
    }
}
