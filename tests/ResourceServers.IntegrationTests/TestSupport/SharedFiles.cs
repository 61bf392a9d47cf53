namespace ResourceServers.IntegrationTests.TestSupport;

/// <summary>Finds the shared reference data (<c>../shared/cognito/</c> beside the repository root).</summary>
internal static class SharedFiles
{
    public static string CognitoFile(string name)
    {
        var root = FindRepositoryRoot();
        var path = Path.GetFullPath(Path.Combine(root, "..", "shared", "cognito", name));
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException(
                $"Shared reference file '{name}' not found at '{path}'. The shared/ folder must sit beside the repository root (the folder holding ResourceServers.sln).",
                path);
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ResourceServers.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No folder holding ResourceServers.sln above '{AppContext.BaseDirectory}'.");
    }
}
