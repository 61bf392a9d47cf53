namespace ResourceServers.IntegrationTests.Conformance;

/// <summary>The region and keys one CLI run signs with, and the scratch directory that stands in for its home.</summary>
internal sealed record AwsCliEnvironment(string Region, string AccessKeyId, string SecretAccessKey, string TempDirectory)
{
    // The secret must never reach a test failure message.
    public override string ToString() => $"region {Region}, access key id {AccessKeyId}";
}
