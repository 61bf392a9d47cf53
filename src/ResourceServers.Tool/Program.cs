// resource-servers: plan, apply and export Amazon Cognito user-pool resource servers from a manifest.
//   resource-servers plan   [--manifest resource-servers.json] [--var NAME[=VALUE]] [--prune] [--output table|json|markdown] [--detailed-exitcode] [--out FILE]
//   resource-servers apply  [--manifest resource-servers.json] [--var NAME[=VALUE]] [--prune] [--yes]
//   resource-servers apply  FILE   (a plan saved by plan --out, applied exactly unless the pools changed since)
//   resource-servers export --user-pool-id <id> [--user-pool-id <id> ...] | --all-pools [--file <path>(.json|.yaml)]
//   resource-servers schema
// plan, apply and export also take --timeout, and --region, --profile and --endpoint-url as the AWS CLI does.
// Under GitHub Actions (GITHUB_ACTIONS=true) errors are also workflow annotations and plans go to the job summary.
using System.CommandLine;
using ResourceServers;
using ResourceServers.Tool.Commands;
using ResourceServers.Tool.Manifests;
using ResourceServers.Tool.Output;

var connection = new ConnectionOptions();
var root = new RootCommand("Plans, applies and exports Amazon Cognito user-pool resource servers declared in a JSON manifest.")
{
    PlanCommand.Create(connection),
    ApplyCommand.Create(connection),
    ExportCommand.Create(connection),
    SchemaCommand.Create(),
};

try
{
    return await root.Parse(args).InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (Exception ex)
{
    // The message on standard error, never a stack trace (the library keeps secrets out of its messages). A failure the
    // tool expects reads as its message; anything else also names its type, for a bug report.
    var expected = ex is ManifestException or ToolException or ResourceServerValidationException or CognitoServiceException;
    Console.Error.WriteLine($"error: {(expected ? string.Empty : ex.GetType().Name + ": ")}{Printable.OfLines(ex.Message)}");
    if (GitHubActions.IsActive)
    {
        GitHubActions.Annotate(ex);
    }

    return ExitCodes.Error;
}
