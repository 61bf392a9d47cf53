using Amazon;
using Amazon.Extensions.NETCore.Setup;
using Amazon.Runtime;

namespace ResourceServers.Tests.Transport;

/// <summary>How the client's options and the application's AWSOptions combine: ours win wherever they are set.</summary>
public class CognitoConnectionTests
{
    private static readonly AWSCredentials Ours = new BasicAWSCredentials("AKIDOURS", "ours");
    private static readonly AWSCredentials Theirs = new BasicAWSCredentials("AKIDTHEIRS", "theirs");

    [Fact]
    public void Without_AWSOptions_the_options_pass_through()
    {
        var merged = CognitoConnection.Resolve(new ResourceServerClientOptions { Region = "eu-west-1", Profile = "p", UseFips = true }, aws: null, MachineSettings.None);

        Assert.Equal(("eu-west-1", "p", (AWSCredentials?)null), (merged.Endpoint.Region.SystemName, merged.Profile, merged.Credentials));
        Assert.Equal(new Uri("https://cognito-idp-fips.eu-west-1.amazonaws.com/"), merged.Endpoint.ServiceUrl);
    }

    [Fact]
    public void AWSOptions_fill_what_the_options_leave_unset()
    {
        var aws = new AWSOptions { Region = RegionEndpoint.EUNorth1, Credentials = Theirs, Profile = "their-profile" };
        aws.DefaultClientConfig.ServiceURL = "https://proxy.example.com/";

        var merged = CognitoConnection.Resolve(new ResourceServerClientOptions { Region = " " }, aws, MachineSettings.None);

        Assert.Equal("eu-north-1", merged.Endpoint.Region.SystemName);
        Assert.Equal(new Uri("https://proxy.example.com/"), merged.Endpoint.ServiceUrl);
        Assert.Same(Theirs, merged.Credentials);
        Assert.Null(merged.Profile);
    }

    [Fact]
    public void AWSOptions_FIPS_applies_when_ours_is_unset()
    {
        var aws = new AWSOptions { Region = RegionEndpoint.EUNorth1 };
        aws.DefaultClientConfig.UseFIPSEndpoint = true;

        Assert.Equal("cognito-idp-fips.eu-north-1.amazonaws.com", CognitoConnection.Resolve(new ResourceServerClientOptions(), aws, MachineSettings.None).Endpoint.ServiceUrl.Host);
        Assert.Equal("cognito-idp.eu-north-1.amazonaws.com", CognitoConnection.Resolve(new ResourceServerClientOptions { UseFips = false }, aws, MachineSettings.None).Endpoint.ServiceUrl.Host);
    }

    [Fact]
    public void AWSOptions_profile_is_used_when_no_credentials_are_given_anywhere()
    {
        var merged = CognitoConnection.Resolve(new ResourceServerClientOptions { Region = "us-east-1" }, new AWSOptions { Profile = "their-profile" }, MachineSettings.None);

        Assert.Equal("their-profile", merged.Profile);
        Assert.Equal("AWSOptions.Profile", merged.ProfileSetting);
        Assert.Null(merged.Credentials);
    }

    [Fact]
    public void Our_profile_beats_AWSOptions_credentials()
    {
        var merged = CognitoConnection.Resolve(new ResourceServerClientOptions { Region = "us-east-1", Profile = "ours" }, new AWSOptions { Credentials = Theirs, Profile = "theirs" }, MachineSettings.None);

        Assert.Equal("ours", merged.Profile);
        Assert.Equal("ResourceServers:Profile", merged.ProfileSetting);
        Assert.Null(merged.Credentials);
    }

    [Fact]
    public void Our_credentials_beat_everything()
    {
        var aws = new AWSOptions { Region = RegionEndpoint.EUNorth1, Credentials = Theirs, Profile = "theirs" };
        aws.DefaultClientConfig.UseFIPSEndpoint = true;

        var merged = CognitoConnection.Resolve(new ResourceServerClientOptions { Credentials = Ours, Region = "us-east-1", UseFips = false }, aws, MachineSettings.None);

        Assert.Same(Ours, merged.Credentials);
        Assert.Null(merged.Profile);
        Assert.Equal("us-east-1", merged.Endpoint.Region.SystemName);
        Assert.Equal("cognito-idp.us-east-1.amazonaws.com", merged.Endpoint.ServiceUrl.Host);
    }

    [Fact]
    public void A_missing_region_names_the_setting_a_user_configures()
    {
        var error = Assert.Throws<InvalidOperationException>(() => CognitoConnection.Resolve(new ResourceServerClientOptions(), aws: null, MachineSettings.None));

        Assert.Contains("ResourceServers:Region", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("CognitoTransportOptions", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_machines_endpoint_is_used_only_when_neither_the_options_nor_AWSOptions_name_one()
    {
        var shared = Shared(endpoint: new Found<string>("http://127.0.0.1:4566", "AWS_ENDPOINT_URL"));
        var aws = new AWSOptions();
        aws.DefaultClientConfig.ServiceURL = "https://proxy.example.com/";

        var fromMachine = CognitoConnection.Resolve(new ResourceServerClientOptions(), aws: null, shared);
        var fromAwsOptions = CognitoConnection.Resolve(new ResourceServerClientOptions(), aws, shared);
        var fromOptions = CognitoConnection.Resolve(new ResourceServerClientOptions { ServiceUrl = new Uri("http://localhost:9000/") }, aws, shared);

        Assert.Equal((new Uri("http://127.0.0.1:4566/"), "AWS_ENDPOINT_URL"), (fromMachine.Description.ServiceUrl, fromMachine.Description.ServiceUrlSource));
        Assert.Equal((new Uri("https://proxy.example.com/"), CognitoConnection.AwsServiceUrlSetting), (fromAwsOptions.Description.ServiceUrl, fromAwsOptions.Description.ServiceUrlSource));
        Assert.Equal("ResourceServers:ServiceUrl", fromOptions.Description.ServiceUrlSource);
    }

    [Fact]
    public void A_plain_http_endpoint_from_the_machine_off_loopback_is_refused_naming_where_it_came_from()
    {
        var shared = Shared(endpoint: new Found<string>("http://cognito.example.com", "profile ci endpoint_url"));

        var error = Assert.Throws<ArgumentException>(() => CognitoConnection.Resolve(new ResourceServerClientOptions(), aws: null, shared));

        Assert.StartsWith("profile ci endpoint_url 'http://cognito.example.com' uses plain http to a host that is not loopback", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_description_names_region_endpoint_profile_and_kind_of_credentials_and_never_a_key()
    {
        var connection = CognitoConnection.Resolve(new ResourceServerClientOptions { Credentials = Ours }, aws: null, Shared());

        Assert.Equal(
            "Cognito eu-west-1 at https://cognito-idp.eu-west-1.amazonaws.com/, profile ci, credentials: explicit (ResourceServerClientOptions.Credentials)",
            connection.Description.ToString());
        Assert.DoesNotContain("AKIDOURS", connection.Description.ToString(), StringComparison.Ordinal);
        Assert.Equal(("AWS_REGION", "Region eu-west-1"), (connection.Description.RegionSource, connection.Description.ServiceUrlSource));
    }

    [Fact]
    public async Task AWSOptions_SessionRoleArn_wraps_the_found_credentials_in_role_assumption()
    {
        var aws = new AWSOptions { Credentials = null, SessionRoleArn = "arn:aws:iam::123456789012:role/app", SessionName = "app" };

        var connection = CognitoConnection.Resolve(new ResourceServerClientOptions { Profile = "absent" }, aws, Shared());
        var ours = CognitoConnection.Resolve(new ResourceServerClientOptions { Credentials = Ours }, aws, Shared());

        Assert.StartsWith("assume role arn:aws:iam::123456789012:role/app (AWSOptions.SessionRoleArn) with ", connection.Description.CredentialsKind, StringComparison.Ordinal);
        Assert.Same(Ours, await ours.ResolveCredentialsAsync(CancellationToken.None));
    }

    private static AwsSharedSettings Shared(Found<string>? endpoint = null) =>
        new(_ => new Found<RegionEndpoint>(RegionEndpoint.EUWest1, "AWS_REGION"), _ => endpoint, _ => "environment", () => "ci");
}
