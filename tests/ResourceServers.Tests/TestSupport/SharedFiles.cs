namespace ResourceServers.Tests.TestSupport;

/// <summary>
/// Finds the shared reference data that lives beside the repository (<c>&lt;root&gt;/../shared</c>), where CI clones it.
/// </summary>
internal static class SharedFiles
{
    public const string SolutionFileName = "ResourceServers.sln";

    /// <summary>The folder holding ResourceServers.sln, found by walking up from the test binaries.</summary>
    public static string RepositoryRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, SolutionFileName)))
                {
                    return dir.FullName;
                }
            }

            throw new InvalidOperationException(
                $"No {SolutionFileName} above {AppContext.BaseDirectory}; the tests must run from a build inside the repository.");
        }
    }

    /// <summary>The full path of a file under <c>&lt;root&gt;/../shared/cognito</c>; fails clearly when it is missing.</summary>
    /// <param name="fileName">The file name, e.g. <c>resource-servers.model.json</c>.</param>
    public static string Cognito(string fileName)
    {
        var path = Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "cognito", fileName));
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                $"Shared reference file {path} is missing. Clone the shared data beside the repository so that ../shared/cognito/{fileName} exists.",
                path);
        }

        return path;
    }
}
