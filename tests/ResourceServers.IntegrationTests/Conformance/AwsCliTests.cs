namespace ResourceServers.IntegrationTests.Conformance;

public class AwsCliTests
{
    [Fact]
    public void Locate_fails_with_install_instructions_when_the_cli_is_missing()
    {
        var missing = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), "aws");

        var ex = Assert.Throws<InvalidOperationException>(() => AwsCli.Locate(missing));

        Assert.Contains($"AWS CLI v2 not found at {missing}", ex.Message, StringComparison.Ordinal);
        Assert.Contains("apt-get install -y awscli", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Locate_looks_at_debians_path_not_the_first_aws_on_path()
    {
        // Another aws (v1, e.g. under pyenv) may come first on PATH; its exit codes and errors differ.
        Assert.Equal("/usr/bin/aws", AwsCli.DefaultPath);
    }
}
