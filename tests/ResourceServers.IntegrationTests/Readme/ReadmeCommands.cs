using System.Text.RegularExpressions;

namespace ResourceServers.IntegrationTests.Readme;

/// <summary>
/// The shell commands a Markdown file shows: lines of indented code blocks (four spaces or more after a blank line) and
/// of fenced blocks marked <c>bash</c>, <c>sh</c>, <c>shell</c> or <c>console</c> (in a console block with <c>$ </c>
/// prompts, only the prompted lines). Other fenced blocks are skipped, and so are indented blocks that are C# or JSON
/// or a folder listing. Anything else indented is taken for a command, so a new block is checked rather than missed;
/// a block that is neither a command nor code belongs in a fence that names its language (<c>```text</c>).
/// </summary>
internal static partial class ReadmeCommands
{
    private static readonly HashSet<string> ShellLanguages = new(StringComparer.OrdinalIgnoreCase) { "bash", "sh", "shell", "console" };

    private static readonly string[] CSharpStarts = ["//", "/*", "{", "}", "public ", "internal ", "private ", "using ", "var ", "await ", "namespace ", "return "];

    public static IReadOnlyList<ReadmeCommand> Extract(string markdown)
    {
        var lines = markdown.ReplaceLineEndings("\n").Split('\n');
        var commands = new List<ReadmeCommand>();
        var afterBlank = true;
        for (var i = 0; i < lines.Length;)
        {
            var fence = FenceOpening().Match(lines[i]);
            if (fence.Success)
            {
                var marker = fence.Groups["marker"].Value;
                var language = fence.Groups["language"].Value;
                var body = new List<(int, string)>();
                for (i++; i < lines.Length && !lines[i].TrimStart().StartsWith(marker, StringComparison.Ordinal); i++)
                {
                    body.Add((i + 1, lines[i]));
                }

                i++;
                if (ShellLanguages.Contains(language))
                {
                    var console = language.Equals("console", StringComparison.OrdinalIgnoreCase);
                    commands.AddRange(Commands(console ? Prompted(body) : body));
                }

                afterBlank = false;
                continue;
            }

            if (afterBlank && IsIndented(lines[i]))
            {
                var block = new List<(int Line, string Text)>();
                for (; i < lines.Length && (IsIndented(lines[i]) || (IsBlank(lines[i]) && NextNonBlankIsIndented(lines, i))); i++)
                {
                    block.Add((i + 1, lines[i]));
                }

                if (!IsCode(block) && !IsFolderListing(block))
                {
                    commands.AddRange(Commands(block));
                }

                afterBlank = false;
                continue;
            }

            afterBlank = IsBlank(lines[i]);
            i++;
        }

        return commands;
    }

    private static IEnumerable<ReadmeCommand> Commands(IEnumerable<(int Line, string Text)> lines) =>
        ShellText.Commands(lines.Select(l => (l.Line, l.Text.Trim()))).Select(c => new ReadmeCommand(c.Line, c.Text));

    /// <summary>A console block's commands: the lines after a <c>$ </c> prompt (and their continuations); all lines when none has one.</summary>
    private static List<(int, string)> Prompted(List<(int Line, string Text)> body)
    {
        if (!body.Any(l => l.Text.TrimStart().StartsWith("$ ", StringComparison.Ordinal)))
        {
            return body;
        }

        var prompted = new List<(int, string)>();
        var continuing = false;
        foreach (var (line, text) in body)
        {
            var trimmed = text.TrimStart();
            if (trimmed.StartsWith("$ ", StringComparison.Ordinal) || continuing)
            {
                var command = continuing ? trimmed : trimmed[2..];
                prompted.Add((line, command));
                continuing = command.TrimEnd().EndsWith('\\');
            }
        }

        return prompted;
    }

    /// <summary>C# or JSON: a line that only code starts or ends that way, a lambda, or a member call such as <c>services.AddX(</c>.</summary>
    private static bool IsCode(List<(int Line, string Text)> block) =>
        block.Select(l => l.Text.Trim()).Where(t => t.Length > 0).Any(t =>
            CSharpStarts.Any(s => t.StartsWith(s, StringComparison.Ordinal))
            || (t.Length > 1 && t[0] == '.' && char.IsLetter(t[1]))
            || t.EndsWith(';')
            || t.Contains("=>", StringComparison.Ordinal)
            || MemberCall().IsMatch(t));

    /// <summary>A layout listing: every line at the block's own indentation starts with a folder (<c>src/</c>); deeper lines wrap.</summary>
    private static bool IsFolderListing(List<(int Line, string Text)> block)
    {
        var rows = block.Where(l => !IsBlank(l.Text)).ToList();
        var indentation = rows.Min(l => Indentation(l.Text));
        return rows.Where(l => Indentation(l.Text) == indentation).All(l => l.Text.Trim().Split(' ')[0].EndsWith('/'));
    }

    private static bool NextNonBlankIsIndented(string[] lines, int from)
    {
        for (var i = from; i < lines.Length; i++)
        {
            if (!IsBlank(lines[i]))
            {
                return IsIndented(lines[i]);
            }
        }

        return false;
    }

    private static bool IsIndented(string line) => !IsBlank(line) && (line.StartsWith("    ", StringComparison.Ordinal) || line.StartsWith('\t'));

    private static bool IsBlank(string line) => line.Trim().Length == 0;

    private static int Indentation(string line) => line.Length - line.TrimStart().Length;

    [GeneratedRegex(@"^\s{0,3}(?<marker>`{3,}|~{3,})\s*(?<language>[\w+-]*)")]
    private static partial Regex FenceOpening();

    [GeneratedRegex(@"^[A-Za-z_]\w*(\.[A-Za-z_]\w*)+(<[^>]*>)?\(")]
    private static partial Regex MemberCall();
}
