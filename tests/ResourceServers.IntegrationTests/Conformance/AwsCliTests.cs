using System.Runtime.Versioning;

namespace ResourceServers.IntegrationTests.Conformance;

public sealed class AwsCliTests : IDisposable
{
    private readonly DirectoryInfo _temp = Directory.CreateTempSubdirectory("resourceservers-awscli-tests-");

    public void Dispose() => _temp.Delete(recursive: true);

    [Fact]
    public void Locate_fails_with_install_instructions_when_the_cli_is_missing()
    {
        var missing = Path.Combine(_temp.FullName, "bin", "aws");

        var ex = Assert.Throws<InvalidOperationException>(() => AwsCli.Locate(missing));

        Assert.Contains($"AWS CLI v2 not found at {missing}", ex.Message, StringComparison.Ordinal);
        Assert.Contains("apt-get install -y awscli", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public async Task A_cli_v1_is_refused_with_install_instructions()
    {
        // The v1 CLI (e.g. under pyenv, first on PATH here) exits 255 for every error: the exit code assertions would mislead.
        var fake = Path.Combine(_temp.FullName, "aws");
        await File.WriteAllTextAsync(fake, "#!/bin/sh\necho 'aws-cli/1.29.0 Python/3.11.2 Linux/6.1 botocore/1.31.0'\n");
        File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserExecute);

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => AwsCli.Locate(fake).RequireVersion2Async(_temp.FullName));

        Assert.Contains("is not the AWS CLI v2 ('aws-cli/1.29.0", ex.Message, StringComparison.Ordinal);
        Assert.Contains("apt-get install -y awscli", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_cli_inherits_no_profile_session_token_or_python_path_and_reads_no_config()
    {
        var variables = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["PATH"] = "/usr/bin:/bin",
            ["AWS_PROFILE"] = "production",
            ["AWS_SESSION_TOKEN"] = "inherited-token",
            ["AWS_CA_BUNDLE"] = "/etc/ssl/corporate.pem",
            ["aws_endpoint_url"] = "https://example.invalid",
            ["PYTHONPATH"] = "/root/.pyenv/versions/3.12/lib",
            ["HOME"] = "/root",
        };
        var environment = new AwsCliEnvironment("eu-west-1", "AKIDEXAMPLE", "secret", _temp.FullName);

        AwsCli.Isolate(variables, environment);

        Assert.Equal(
            [
                "AWS_ACCESS_KEY_ID", "AWS_CLI_AUTO_PROMPT", "AWS_CONFIG_FILE", "AWS_DEFAULT_REGION", "AWS_EC2_METADATA_DISABLED",
                "AWS_PAGER", "AWS_REGION", "AWS_SECRET_ACCESS_KEY", "AWS_SHARED_CREDENTIALS_FILE", "HOME", "PATH",
            ],
            variables.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("eu-west-1", variables["AWS_REGION"]);
        Assert.Equal("eu-west-1", variables["AWS_DEFAULT_REGION"]);
        Assert.Equal(_temp.FullName, variables["HOME"]);
        Assert.False(File.Exists(variables["AWS_CONFIG_FILE"]));
        Assert.False(File.Exists(variables["AWS_SHARED_CREDENTIALS_FILE"]));
        Assert.Equal("", variables["AWS_PAGER"]);
    }

    [Fact]
    public void An_environment_never_shows_its_secret()
    {
        var environment = new AwsCliEnvironment("us-east-1", "AKIDEXAMPLE", "very-secret-value", _temp.FullName);

        Assert.DoesNotContain("very-secret-value", environment.ToString(), StringComparison.Ordinal);
    }
}
