using System.Text.RegularExpressions;

namespace ResourceServers.IntegrationTests.Readme;

/// <summary>
/// What CI runs: <c>.ci/run</c> and every script of the repository it names, and the scripts those name, as commands
/// (comments dropped, continuations joined, whitespace normalized).
/// </summary>
internal sealed partial class CiScripts
{
    public const string Entry = ".ci/run";

    private readonly List<string> _commands;

    private CiScripts(IReadOnlyList<string> paths, List<string> commands)
    {
        Paths = paths;
        _commands = commands;
    }

    /// <summary>The scripts, relative to the repository root, <c>.ci/run</c> first.</summary>
    public IReadOnlyList<string> Paths { get; }

    public static CiScripts Load(string repositoryRoot)
    {
        var paths = new List<string>();
        var commands = new List<string>();
        var pending = new Queue<string>([Entry]);
        while (pending.TryDequeue(out var path))
        {
            if (paths.Contains(path, StringComparer.Ordinal))
            {
                continue;
            }

            var full = Path.Combine(repositoryRoot, path);
            if (!File.Exists(full))
            {
                throw new FileNotFoundException($"{path} is missing from the repository at {repositoryRoot}.", full);
            }

            paths.Add(path);
            var lines = File.ReadAllText(full).ReplaceLineEndings("\n").Split('\n').Select((text, i) => (i + 1, text));
            foreach (var (_, command) in ShellText.Commands(lines))
            {
                var normalized = ShellText.Normalize(command);
                commands.Add(normalized);
                foreach (Match script in ScriptPath().Matches(normalized))
                {
                    if (File.Exists(Path.Combine(repositoryRoot, script.Value)))
                    {
                        pending.Enqueue(script.Value);
                    }
                }
            }
        }

        return new CiScripts(paths, commands);
    }

    /// <summary>True when a command of these scripts runs <paramref name="command"/> as written (whitespace aside).</summary>
    public bool Runs(ReadmeCommand command) => _commands.Any(line => ShellText.ContainsCommand(line, command.Normalized));

    // A repository-relative path to a script, as the scripts name them: bash eng/test.sh, "$repo/eng/x/run.sh" (eng/x/run.sh).
    [GeneratedRegex(@"(?<![\w$.-])(?:[\w.-]+/)*[\w.-]+\.sh\b")]
    private static partial Regex ScriptPath();
}
