using System.Text.RegularExpressions;

namespace ResourceServers.IntegrationTests.Readme;

/// <summary>Just enough of the shell's syntax to find commands in README.md and in the CI scripts, and to compare them.</summary>
internal static partial class ShellText
{
    /// <summary>
    /// The commands in a run of shell lines, in order: comment lines and trailing comments dropped, a line ending in
    /// <c>\</c> joined with the next (kept as written, since bash is what runs it).
    /// </summary>
    public static IEnumerable<(int Line, string Text)> Commands(IEnumerable<(int Line, string Text)> lines)
    {
        var pending = new List<string>();
        var start = 0;
        foreach (var (number, raw) in lines)
        {
            var text = StripComment(raw).TrimEnd();
            if (pending.Count == 0)
            {
                if (text.Trim().Length == 0)
                {
                    continue;
                }

                start = number;
            }

            pending.Add(text);
            if (!text.EndsWith('\\'))
            {
                yield return (start, string.Join('\n', pending));
                pending.Clear();
            }
        }

        if (pending.Count > 0)
        {
            yield return (start, string.Join('\n', pending));
        }
    }

    /// <summary>One line, single spaces: a command as compared with another (line continuations are whitespace).</summary>
    public static string Normalize(string command) =>
        Whitespace().Replace(command.Replace("\\\n", " ", StringComparison.Ordinal), " ").Trim();

    /// <summary>The line without its comment: a <c>#</c> that starts a word outside quotes, to the end of the line.</summary>
    public static string StripComment(string line)
    {
        var quote = '\0';
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quote != '\0')
            {
                if (c == quote)
                {
                    quote = '\0';
                }
                else if (c == '\\' && quote == '"')
                {
                    i++;
                }
            }
            else if (c == '\\')
            {
                i++;
            }
            else if (c is '\'' or '"')
            {
                quote = c;
            }
            else if (c == '#' && (i == 0 || char.IsWhiteSpace(line[i - 1])))
            {
                return line[..i];
            }
        }

        return line;
    }

    /// <summary>
    /// True when <paramref name="normalizedCommand"/> appears in <paramref name="normalizedLine"/> as whole words: what
    /// surrounds it is the line's start or end, a space or a shell operator, so that <c>dotnet run --project x</c> is
    /// not found in <c>dotnet run --project x.Tests</c>.
    /// </summary>
    public static bool ContainsCommand(string normalizedLine, string normalizedCommand)
    {
        for (var at = normalizedLine.IndexOf(normalizedCommand, StringComparison.Ordinal);
             at >= 0;
             at = normalizedLine.IndexOf(normalizedCommand, at + 1, StringComparison.Ordinal))
        {
            var end = at + normalizedCommand.Length;
            var startsWord = at == 0 || " ;&|(!`{".Contains(normalizedLine[at - 1], StringComparison.Ordinal);
            var endsWord = end == normalizedLine.Length || " ;&|)`}".Contains(normalizedLine[end], StringComparison.Ordinal);
            if (startsWord && endsWord)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The program a command runs: the first word after any leading <c>NAME=value</c> assignments, or null.</summary>
    public static string? Program(string normalizedCommand) =>
        normalizedCommand.Split(' ').SkipWhile(word => Assignment().IsMatch(word)).FirstOrDefault();

    /// <summary>The leading <c>NAME=value</c> assignments of a command (plain words only, as README writes them).</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> LeadingAssignments(string normalizedCommand) =>
    [
        .. normalizedCommand.Split(' ')
            .TakeWhile(word => Assignment().IsMatch(word))
            .Select(word => new KeyValuePair<string, string>(word[..word.IndexOf('=', StringComparison.Ordinal)], word[(word.IndexOf('=', StringComparison.Ordinal) + 1)..])),
    ];

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*=")]
    private static partial Regex Assignment();
}
