namespace ResourceServers.Tests.TestSupport;

/// <summary>Finds the shared reference data that lives beside the repository (<c>&lt;root&gt;/../shared</c>).</summary>
internal static class SharedFiles
{
    private static readonly Lazy<string> Root = new(FindRepositoryRoot);

    /// <summary>The full path of a file under <c>shared/cognito/</c>; fails clearly when it is missing.</summary>
    public static string CognitoPath(string fileName)
    {
        var path = Path.GetFullPath(Path.Combine(Root.Value, "..", "shared", "cognito", fileName));
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                $"Shared reference file '{path}' is missing. The tests expect the shared/ folder beside the repository root ({Root.Value}).",
                path);
        }

        return path;
    }

    public static string ReadCognito(string fileName) => File.ReadAllText(CognitoPath(fileName));

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ResourceServers.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException(
            $"Could not find the repository root (the folder holding ResourceServers.sln) above '{AppContext.BaseDirectory}'.");
    }
}
