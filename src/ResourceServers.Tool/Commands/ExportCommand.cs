using System.CommandLine;
using System.Globalization;
using System.Text;
using ResourceServers.Tool.Manifests;
using ResourceServers.Tool.Output;

namespace ResourceServers.Tool.Commands;

/// <summary>
/// <c>export</c>: writes the manifest of existing pools, how a team adopts the tool: export, commit, and from then on
/// plan and apply. A plan of the exported manifest against the same pools has no changes. <c>--all-pools</c> exports
/// every pool the account has in the Region.
/// </summary>
internal static class ExportCommand
{
    public static Command Create(ConnectionOptions connection)
    {
        var pools = new Option<string[]>("--user-pool-id")
        {
            Description = "A user pool to export (repeat for several). Or --all-pools.",
            AllowMultipleArgumentsPerToken = false,
        };
        var allPools = new Option<bool>("--all-pools")
        {
            Description = "Exports every user pool of the account in the Region (listed with ListUserPools, 60 a page, paced), into one manifest.",
        };
        var file = new Option<FileInfo?>("--file") { Description = "Writes the manifest to this file instead of standard output (whole or not at all): YAML when it ends in .yaml or .yml, else JSON." };
        var deadline = new Deadline();

        var command = new Command("export", "Writes the manifest of existing user pools. Exit code 0: done; 1: error.");
        command.Options.Add(pools);
        command.Options.Add(allPools);
        command.Options.Add(file);
        deadline.AddTo(command);
        connection.AddTo(command);
        command.SetAction((parse, interrupted) => deadline.RunAsync(parse, interrupted, async cancellationToken =>
        {
            var ids = parse.GetValue(pools) ?? [];
            var all = parse.GetValue(allPools);
            if (all == (ids.Length > 0))
            {
                throw new ToolException("export takes --user-pool-id ID (repeatable) or --all-pools, one of the two.");
            }

            foreach (var id in ids)
            {
                try
                {
                    ResourceServerValidator.ValidateUserPoolId(id, "--user-pool-id");
                }
                catch (ResourceServerValidationException ex)
                {
                    throw new ToolException(ex.Message);
                }
            }

            var client = connection.CreateClient(parse);
            if (all)
            {
                var listed = new List<string>();
                await foreach (var pool in client.ListUserPoolsAsync(cancellationToken).ConfigureAwait(false))
                {
                    listed.Add(pool.Id);
                }

                ids = [.. listed.Order(StringComparer.Ordinal)];
            }

            var exported = new List<ManifestPool>(ids.Length);
            foreach (var id in ids.Distinct(StringComparer.Ordinal))
            {
                var servers = new List<ResourceServer>();
                await foreach (var server in client.ListAsync(id, cancellationToken: cancellationToken).ConfigureAwait(false))
                {
                    servers.Add(server);
                }

                // A stable order, so an export of an unchanged pool is byte for byte the same file.
                exported.Add(new ManifestPool(id, [.. servers.OrderBy(s => s.Identifier, StringComparer.Ordinal)]));
            }

            var target = parse.GetValue(file);
            var text = target is not null && YamlTree.IsYamlFile(target.Name) ? ManifestWriter.WriteYaml(exported) : ManifestWriter.Write(exported);
            if (target is not null)
            {
                AtomicFile.Write(target.FullName, Encoding.UTF8.GetBytes(text));

                // The manifest went to the file; standard output says what it holds.
                var servers = exported.Sum(p => p.ResourceServers.Count);
                Console.Out.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"Wrote {Printable.Of(target.ToString())}: {exported.Count} user pool(s), {servers} resource server(s), {Encoding.UTF8.GetByteCount(text)} bytes."));
            }
            else
            {
                Console.Out.Write(text);
            }

            return ExitCodes.Success;
        }));
        return command;
    }
}
