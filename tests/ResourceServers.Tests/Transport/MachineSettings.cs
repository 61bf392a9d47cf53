using Amazon;

namespace ResourceServers.Tests.Transport;

/// <summary>Made machine settings, so tests of the merge never depend on the AWS_* variables of the machine they run on.</summary>
internal static class MachineSettings
{
    /// <summary>Nothing configured anywhere: no Region, no endpoint, the default chain.</summary>
    public static AwsSharedSettings None { get; } = WithRegion(null);

    /// <summary>Only a Region, as if from <c>AWS_REGION</c>.</summary>
    public static AwsSharedSettings WithRegion(RegionEndpoint? region) =>
        new(_ => region is null ? null : new Found<RegionEndpoint>(region, "AWS_REGION"), _ => null, _ => "default chain", () => "default");
}
