namespace ResourceServers.IntegrationTests.Conformance;

/// <summary>What one run of the AWS CLI printed and how it exited.</summary>
internal sealed record AwsCliResult(IReadOnlyList<string> Arguments, int ExitCode, string Stdout, string Stderr)
{
    /// <summary>The value given to <paramref name="option"/>, or null when the run did not have it.</summary>
    public string? ArgumentAfter(string option)
    {
        for (var i = 0; i < Arguments.Count - 1; i++)
        {
            if (Arguments[i] == option)
            {
                return Arguments[i + 1];
            }
        }

        return null;
    }

    // Arguments never hold a secret (keys travel in the environment), so the whole run can be shown on failure.
    public override string ToString() =>
        $"aws {string.Join(' ', Arguments)}\n  exit code: {ExitCode}\n  stdout: {Stdout.Trim()}\n  stderr: {Stderr.Trim()}";
}
