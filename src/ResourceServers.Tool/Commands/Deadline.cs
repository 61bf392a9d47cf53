using System.CommandLine;
using System.Globalization;
using System.Text.RegularExpressions;

namespace ResourceServers.Tool.Commands;

/// <summary>
/// <c>--timeout</c>: the time the whole command may take, every call and every retry included (the library's own
/// timeouts bound each call; this bounds a plan of a thousand pools or an apply that is paced for minutes). When it
/// passes, the command stops with exit code 1 and says so; apply first reports what it did.
/// </summary>
internal sealed partial class Deadline
{
    public const string DefaultTimeout = "30m";

    public Option<string> Timeout { get; } = new("--timeout")
    {
        Description = "How long the whole command may take, e.g. 90s, 10m or 1h.",
        DefaultValueFactory = _ => DefaultTimeout,
    };

    public Deadline() => Timeout.Validators.Add(result =>
    {
        if (result.Tokens.Count > 0 && !TryParse(result.Tokens[0].Value, out _))
        {
            result.AddError($"--timeout must be a positive number followed by s, m or h (e.g. 90s, 10m, 1h); it was '{Output.Printable.Of(result.Tokens[0].Value)}'.");
        }
    });

    public void AddTo(Command command) => command.Options.Add(Timeout);

    /// <summary>
    /// Runs <paramref name="body"/> with a token cancelled when the time is up or on Ctrl+C (<paramref name="interrupted"/>).
    /// A body cancelled by the time limit ends in a <see cref="ToolException"/> naming it; one interrupted by Ctrl+C
    /// ends with <see cref="ExitCodes.Interrupted"/> and a line saying so.
    /// </summary>
    public async Task<int> RunAsync(ParseResult parse, CancellationToken interrupted, Func<CancellationToken, Task<int>> body)
    {
        var text = TextOf(parse);
        TryParse(text, out var limit); // checked when the command line was parsed
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(interrupted);
        deadline.CancelAfter(limit);
        try
        {
            return await body(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            if (interrupted.IsCancellationRequested)
            {
                Console.Error.WriteLine("error: interrupted (Ctrl+C).");
                return ExitCodes.Interrupted;
            }

            throw TimedOut(text);
        }
    }

    /// <summary>The error of a command stopped by its time limit (<paramref name="timeout"/> as given).</summary>
    public static ToolException TimedOut(string timeout) =>
        new($"the command did not finish within --timeout {timeout}; what it did before stays done, and running it again continues from there.");

    /// <summary>The time limit as given on the command line (or the default).</summary>
    public string TextOf(ParseResult parse) => parse.GetValue(Timeout) ?? DefaultTimeout;

    private static bool TryParse(string text, out TimeSpan value)
    {
        value = default;
        if (Duration().Match(text) is not { Success: true } match
            || !double.TryParse(match.Groups["n"].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var n) || n <= 0)
        {
            return false;
        }

        var seconds = n * match.Groups["unit"].Value switch { "h" => 3600, "m" => 60, _ => 1 };
        if (seconds > int.MaxValue / 1000)
        {
            return false; // CancelAfter takes at most about 24.8 days
        }

        value = TimeSpan.FromSeconds(seconds);
        return true;
    }

    [GeneratedRegex(@"^(?<n>[0-9]+(\.[0-9]+)?)(?<unit>[smh])$")]
    private static partial Regex Duration();
}
