namespace ResourceServers.IntegrationTests.Configuration;

/// <summary>
/// The library beside real AWS clients in the same made environment: each must resolve the same Region and the same
/// endpoint. The AWS CLI v2 (<c>aws configure list</c>, which sends nothing) for the Region wherever it knows the
/// setting; Debian's 2.9.19 predates configured endpoints, so endpoints (and the Region where the CLI is not asked)
/// are compared with the AWS SDK for JavaScript v3, stopped after it resolved its request and before sending it.
/// Nothing is sent anywhere: the probe resolves without calling.
/// </summary>
public sealed class ResolutionConformanceTests
{
    private const string Emu = "http://127.0.0.1:4566/";
    private const string Other = "http://127.0.0.1:4577/";

    /// <summary>Which real clients know the settings of a row.</summary>
    [Flags]
    public enum Judges
    {
        /// <summary>The AWS CLI v2's Region.</summary>
        CliRegion = 1,

        /// <summary>The AWS SDK for JavaScript v3's Region.</summary>
        JsRegion = 2,

        /// <summary>The AWS SDK for JavaScript v3's endpoint.</summary>
        JsEndpoint = 4,
    }

    public static TheoryData<string, string, string, Judges> Rows => new()
    {
        // name, variables (NAME=value;...), shared config file, judges
        { "AWS_REGION", "AWS_REGION=eu-west-1", "", Judges.CliRegion | Judges.JsRegion | Judges.JsEndpoint },
        { "AWS_DEFAULT_REGION (the CLI's; the JS SDK does not read it)", "AWS_DEFAULT_REGION=eu-north-1", "", Judges.CliRegion },
        { "AWS_REGION beats AWS_DEFAULT_REGION", "AWS_REGION=ap-south-1;AWS_DEFAULT_REGION=eu-north-1", "", Judges.CliRegion | Judges.JsRegion | Judges.JsEndpoint },
        { "default profile region", "", "[default]\nregion = eu-west-3\n", Judges.CliRegion | Judges.JsRegion | Judges.JsEndpoint },
        { "AWS_PROFILE region", "AWS_PROFILE=p", "[default]\nregion = eu-west-3\n[profile p]\nregion = ap-northeast-1\n", Judges.CliRegion | Judges.JsRegion | Judges.JsEndpoint },
        { "AWS_REGION beats the profile", "AWS_PROFILE=p;AWS_REGION=us-west-2", "[profile p]\nregion = ap-northeast-1\n", Judges.CliRegion | Judges.JsRegion | Judges.JsEndpoint },
        { "AWS_DEFAULT_REGION beats the profile", "AWS_PROFILE=p;AWS_DEFAULT_REGION=us-west-2", "[profile p]\nregion = ap-northeast-1\n", Judges.CliRegion },
        { "a China Region's own endpoint", "AWS_REGION=cn-north-1", "", Judges.JsRegion | Judges.JsEndpoint },
        { "AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER", $"AWS_REGION=us-east-1;AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER={Emu}", "", Judges.JsEndpoint },
        { "AWS_ENDPOINT_URL", $"AWS_REGION=us-east-1;AWS_ENDPOINT_URL={Emu}", "", Judges.JsEndpoint },
        { "the service's variable beats AWS_ENDPOINT_URL", $"AWS_REGION=us-east-1;AWS_ENDPOINT_URL={Other};AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER={Emu}", "", Judges.JsEndpoint },
        { "profile endpoint_url", "AWS_PROFILE=p", $"[profile p]\nregion = us-east-1\nendpoint_url = {Emu}\n", Judges.JsRegion | Judges.JsEndpoint },
        { "profile services section", "AWS_PROFILE=p", $"[profile p]\nregion = us-east-1\nservices = local\n[services local]\ncognito_identity_provider =\n  endpoint_url = {Emu}\n", Judges.JsEndpoint },
        { "services section beats endpoint_url", "AWS_PROFILE=p", $"[profile p]\nregion = us-east-1\nendpoint_url = {Other}\nservices = local\n[services local]\ncognito_identity_provider =\n  endpoint_url = {Emu}\n", Judges.JsEndpoint },
        { "AWS_ENDPOINT_URL beats the profile", $"AWS_PROFILE=p;AWS_ENDPOINT_URL={Emu}", $"[profile p]\nregion = us-east-1\nendpoint_url = {Other}\nservices = local\n[services local]\ncognito_identity_provider =\n  endpoint_url = {Other}\n", Judges.JsEndpoint },
        { "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", $"AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true;AWS_ENDPOINT_URL={Emu}", $"[default]\nregion = eu-central-1\nendpoint_url = {Other}\n", Judges.JsEndpoint },
        { "ignore_configured_endpoint_urls in the profile", $"AWS_PROFILE=p;AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER={Emu}", $"[profile p]\nregion = eu-central-1\nignore_configured_endpoint_urls = true\nendpoint_url = {Other}\n", Judges.JsEndpoint },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public async Task The_library_resolves_Region_and_endpoint_as_the_AWS_clients_do(string name, string variables, string config, Judges judges)
    {
        using var setup = new AwsSetup();
        foreach (var pair in variables.Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            setup.Set(pair[..equals], pair[(equals + 1)..]);
        }

        if (config.Length > 0)
        {
            setup.Config(config);
        }

        var probe = await setup.ProbeAsync();
        probe.AssertSucceeded();
        var ours = probe.Resolved;

        if (judges.HasFlag(Judges.CliRegion))
        {
            Assert.True(ours.Region == await setup.CliRegionAsync(), $"{name}: the AWS CLI resolves another Region than the library's {ours.Region} ({ours.RegionSource}).");
        }

        if ((judges & (Judges.JsRegion | Judges.JsEndpoint)) != 0)
        {
            var (region, endpoint) = await setup.JsResolveAsync();
            if (judges.HasFlag(Judges.JsRegion))
            {
                Assert.True(ours.Region == region, $"{name}: the JS SDK resolves Region {region}, the library {ours.Region} ({ours.RegionSource}).");
            }

            if (judges.HasFlag(Judges.JsEndpoint))
            {
                Assert.True(ours.ServiceUrl.ToString() == endpoint, $"{name}: the JS SDK resolves endpoint {endpoint}, the library {ours.ServiceUrl} ({ours.ServiceUrlSource}).");
            }
        }
    }

    [Fact]
    public async Task The_Region_from_instance_metadata_is_the_one_the_AWS_CLI_signs_for()
    {
        // `aws configure list` does not ask instance metadata; a call does. The emulator accepts only signatures for
        // its own Region, so the CLI's call succeeds only if the CLI took the Region the library took.
        await using var emulator = await Testing.CognitoEmulator.StartAsync(new Testing.CognitoEmulatorOptions { Region = "ap-southeast-2" });
        await using var metadata = await FakeInstanceMetadata.StartAsync("ap-southeast-2", "ASIAUNUSED", "unused", "unused");
        using var setup = new AwsSetup().EmulatorKeys();
        metadata.Serve(setup);

        var probe = await setup.ProbeAsync();
        var cli = await setup.RunAsync(Conformance.AwsCli.Locate().Path, ["cognito-idp", "list-user-pools", "--max-results", "1", "--endpoint-url", emulator.ServiceUrl.ToString()]);

        probe.AssertSucceeded();
        Assert.Equal(("ap-southeast-2", "instance metadata"), (probe.Resolved.Region, probe.Resolved.RegionSource));
        Assert.True(cli.ExitCode == 0, $"{cli}\nmetadata asked: {string.Join(", ", metadata.Paths)}");
    }
}
