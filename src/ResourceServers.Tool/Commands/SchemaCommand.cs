using System.CommandLine;

namespace ResourceServers.Tool.Commands;

/// <summary><c>schema</c>: prints the manifest's JSON Schema, for editors ("$schema") and for validating in CI.</summary>
internal static class SchemaCommand
{
    public const string ResourceName = "resource-servers.schema.json";

    public static Command Create()
    {
        var command = new Command("schema", "Prints the manifest's JSON Schema (also in the package root, resource-servers.schema.json).");
        command.SetAction(_ =>
        {
            using var schema = typeof(SchemaCommand).Assembly.GetManifestResourceStream(ResourceName)
                ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is missing from the build.");
            using var stdout = Console.OpenStandardOutput();
            schema.CopyTo(stdout);
            return ExitCodes.Success;
        });
        return command;
    }
}
