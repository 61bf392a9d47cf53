namespace ResourceServers.Tests.TestSupport;

/// <summary>
/// The reference data the tests read, kept inside the repository under <c>tests/TestData/</c> (where each file came
/// from: <c>tests/TestData/README.md</c>). Nothing outside the repository is read.
/// </summary>
internal static class TestData
{
    private static readonly Lazy<string> Root = new(FindRepositoryRoot);

    /// <summary>The full path of <c>tests/TestData/cognito/&lt;fileName&gt;</c>; fails clearly when it is missing.</summary>
    public static string CognitoPath(string fileName)
    {
        var path = Path.Combine(Root.Value, "tests", "TestData", "cognito", fileName);
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException(
                $"Test data file 'tests/TestData/cognito/{fileName}' is missing from the repository at '{Root.Value}' (looked for '{path}'). "
                + "It is checked in; restore it with git (git checkout -- tests/TestData).",
                path);
    }

    /// <summary>The text of <c>tests/TestData/cognito/&lt;fileName&gt;</c>.</summary>
    public static string ReadCognito(string fileName) => File.ReadAllText(CognitoPath(fileName));

    /// <summary>The repository root: the nearest folder above the test binaries that holds ResourceServers.sln.</summary>
    public static string RepositoryRoot => Root.Value;

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ResourceServers.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException(
            $"Could not find the repository root (the folder holding ResourceServers.sln) above '{AppContext.BaseDirectory}'.");
    }
}
