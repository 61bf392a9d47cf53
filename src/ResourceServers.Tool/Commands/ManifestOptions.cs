using System.CommandLine;

namespace ResourceServers.Tool.Commands;

/// <summary>The options <c>plan</c> and <c>apply</c> share: the manifest and whether unlisted resource servers go.</summary>
internal sealed class ManifestOptions
{
    public const string DefaultManifest = "resource-servers.json";

    public Option<FileInfo> Manifest { get; } = new("--manifest", "-f")
    {
        Description = $"The manifest (JSON; see resource-servers.schema.json). Default: {DefaultManifest}.",
        DefaultValueFactory = _ => new FileInfo(DefaultManifest),
    };

    public Option<bool> Prune { get; } = new("--prune")
    {
        Description = "Also delete the resource servers of each named pool that the manifest does not name. Off by default: other code may own them.",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Manifest);
        command.Options.Add(Prune);
    }
}
