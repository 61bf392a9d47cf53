namespace ResourceServers.IntegrationTests.Readme;

/// <summary>A shell command README.md shows: where, and as written (continuation lines kept; comments dropped).</summary>
internal sealed record ReadmeCommand(int Line, string Text)
{
    /// <summary>On one line with single spaces, as commands are compared.</summary>
    public string Normalized { get; } = ShellText.Normalize(Text);

    public override string ToString() => $"README.md line {Line}: {Normalized}";
}
