namespace ResourceServers.IntegrationTests.Readme;

/// <summary>
/// README's commands build and start programs (dotnet run): they run on their own, after the parallel tests, so the
/// timing-sensitive tests never share the two cores with a build.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ReadmeCommandsCollection
{
    public const string Name = "README commands";
}
