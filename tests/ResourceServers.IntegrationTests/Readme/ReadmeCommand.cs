namespace ResourceServers.IntegrationTests.Readme;

/// <summary>A shell command README.md or a page of docs/ shows: where, and as written (continuation lines kept; comments dropped).</summary>
internal sealed record ReadmeCommand(int Line, string Text)
{
    /// <summary>The file it is shown in, relative to the repository root.</summary>
    public string File { get; init; } = "README.md";

    /// <summary>On one line with single spaces, as commands are compared.</summary>
    public string Normalized { get; } = ShellText.Normalize(Text);

    public override string ToString() => $"{File} line {Line}: {Normalized}";
}
