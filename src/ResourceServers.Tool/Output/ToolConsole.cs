using Spectre.Console;

namespace ResourceServers.Tool.Output;

/// <summary>
/// Where the tool writes for people. On a terminal: colours, the terminal's width, progress and prompts. With output
/// redirected (a pipeline's log): no escape codes, no prompts, and lines wide enough that a table row is not wrapped
/// mid-identifier, so the log can be searched and diffed.
/// </summary>
internal static class ToolConsole
{
    private const int RedirectedWidth = 240;

    /// <summary>
    /// Writes a line as it is, past Spectre's wrapping (which would split a long identifier in two): a line longer than
    /// the terminal is wrapped by the terminal, which splits nothing when it is copied.
    /// </summary>
    public static void WriteUnwrapped(IAnsiConsole console, string line)
    {
        var output = console.Profile.Out.Writer;
        output.WriteLine(line);
        output.Flush();
    }

    public static bool IsTerminal => !Console.IsOutputRedirected && !Console.IsInputRedirected;

    public static IAnsiConsole Create()
    {
        if (IsTerminal)
        {
            return AnsiConsole.Console;
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(Console.Out),
        });
        console.Profile.Width = RedirectedWidth;
        return console;
    }
}
