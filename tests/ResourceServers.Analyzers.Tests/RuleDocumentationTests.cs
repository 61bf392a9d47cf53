using System.Text.RegularExpressions;

namespace ResourceServers.Analyzers.Tests;

/// <summary>Every rule's help link leads to its section of docs/analyzers.md.</summary>
public partial class RuleDocumentationTests
{
    [Fact]
    public void Each_rules_help_link_names_a_section_of_docs_analyzers_md_about_that_rule()
    {
        var root = RepositoryRoot();
        var headings = File.ReadAllLines(Path.Combine(root, "docs", "analyzers.md"))
            .Where(line => line.StartsWith("## ", StringComparison.Ordinal))
            .ToDictionary(line => GitHubAnchor(line[3..]), line => line[3..], StringComparer.Ordinal);

        var rules = new ReplaceSemanticsAnalyzer().SupportedDiagnostics;

        Assert.Equal(["RSRV001", "RSRV002", "RSRV003"], rules.Select(r => r.Id));
        foreach (var rule in rules)
        {
            Assert.StartsWith("docs/analyzers.md#", rule.HelpLinkUri, StringComparison.Ordinal);
            var anchor = rule.HelpLinkUri["docs/analyzers.md#".Length..];
            Assert.True(headings.TryGetValue(anchor, out var heading), $"{rule.Id}: docs/analyzers.md has no heading with anchor #{anchor}");
            Assert.StartsWith(rule.Id + ":", heading, StringComparison.Ordinal);
        }
    }

    // GitHub's heading anchors: lower case, punctuation dropped, spaces made hyphens.
    private static string GitHubAnchor(string heading) => NotAnchorCharacter().Replace(heading.ToLowerInvariant(), string.Empty).Replace(' ', '-');

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ResourceServers.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No ResourceServers.sln above {AppContext.BaseDirectory}.");
    }

    [GeneratedRegex(@"[^a-z0-9 _-]")]
    private static partial Regex NotAnchorCharacter();
}
