using System.CommandLine;
using ResourceServers.Tool.Manifests;

namespace ResourceServers.Tool.Commands;

/// <summary>The options <c>plan</c> and <c>apply</c> share: the manifest, the variables it may name, and whether unlisted resource servers go.</summary>
internal sealed class ManifestOptions
{
    public const string DefaultManifest = "resource-servers.json";

    public Option<FileInfo> Manifest { get; } = new("--manifest", "-f")
    {
        Description = "The manifest: JSON, or YAML when its name ends in .yaml or .yml (see resource-servers.schema.json); a regular file of at most 64 MiB.",
        DefaultValueFactory = _ => new FileInfo(DefaultManifest),
    };

    public Option<string[]> Variables { get; } = new("--var")
    {
        Description = "Lets the manifest name ${NAME}: --var NAME takes its value from the environment variable NAME, --var NAME=VALUE gives it. Repeat for several; a manifest can name no other variable.",
        AllowMultipleArgumentsPerToken = false,
    };

    public Option<bool> Prune { get; } = new("--prune")
    {
        Description = "Also delete the resource servers of each named pool that the manifest does not name. Off by default: other code may own them.",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Manifest);
        command.Options.Add(Variables);
        command.Options.Add(Prune);
    }

    /// <summary>Reads the manifest the options name, with the variables they pass.</summary>
    /// <exception cref="ManifestException">The manifest cannot be used.</exception>
    /// <exception cref="ToolException">A <c>--var</c> is malformed.</exception>
    public Manifest Read(ParseResult parse) => ManifestReader.Read(
        // As given, not made absolute: "resource-servers.json: not found" is what was typed.
        parse.GetValue(Manifest)!.ToString(),
        ManifestVariables.From(parse.GetValue(Variables) ?? [], Environment.GetEnvironmentVariable));
}
