namespace ResourceServers.IntegrationTests.Readme;

/// <summary>The extraction <see cref="ReadmeCommandTests"/> relies on: what counts as a README command, and as covered.</summary>
public sealed class ReadmeCommandExtractionTests
{
    [Fact]
    public void Indented_and_shell_fenced_lines_are_commands_without_their_comments_and_with_continuations_joined()
    {
        const string Markdown = """
            Intro text.

                dotnet run --project a     # the first
                # a comment line
                A=1 B=2 \
                  tool --flag x

            ```bash
            # setup
            bash eng/x.sh "a  # not a comment"
            ```

            ```console
            $ aws --version
            aws-cli/2.9.19
            ```
            """;

        var commands = ReadmeCommands.Extract(Markdown);

        Assert.Equal(
            ["dotnet run --project a", "A=1 B=2 tool --flag x", "bash eng/x.sh \"a # not a comment\"", "aws --version"],
            commands.Select(c => c.Normalized));
        Assert.Equal([3, 5, 10, 14], commands.Select(c => c.Line));
        Assert.Equal("A=1 B=2 \\\ntool --flag x", commands[1].Text);
    }

    [Fact]
    public void Code_listings_and_text_that_merely_continues_a_paragraph_are_not_commands()
    {
        const string Markdown = """
            ```csharp
            var client = ResourceServerClient.Create(transport);
            ```

                // appsettings.json: { "A": 1 }
                builder.Services.AddThing();

                services.AddOpenTelemetry()
                    .WithTracing(t => t.AddSource("x"));

                src/Lib/         the library: Models/, Wire/ (the port:
                                 one method per operation)
                eng/             scripts

            A paragraph whose next line is indented
                only continues the paragraph.

            ```text
            pacing on : wall_over_min=0.90
            ```
            """;

        Assert.Empty(ReadmeCommands.Extract(Markdown));
    }

    [Theory]
    [InlineData("if dotnet run --project samples/X; then", "dotnet run --project samples/X", true)]
    [InlineData("bash eng/test.sh 2>&1 | tee \"$log\"", "bash eng/test.sh", true)]
    [InlineData("quiet dotnet add package X --version $version", "dotnet add package X --version $version", true)]
    [InlineData("dotnet run --project samples/X.Tests", "dotnet run --project samples/X", false)]
    [InlineData("echo dotnet run --project samples/Xy", "dotnet run --project samples/X", false)]
    public void A_command_is_found_in_a_script_line_only_as_whole_words(string line, string command, bool found) =>
        Assert.Equal(found, ShellText.ContainsCommand(line, command));
}
