using Amazon;
using Amazon.Extensions.NETCore.Setup;
using Amazon.Runtime;

namespace ResourceServers.Tests.DependencyInjection;

public class TransportSettingsTests
{
    private static readonly AWSCredentials Ours = new BasicAWSCredentials("AKIDOURS", "ours");
    private static readonly AWSCredentials Theirs = new BasicAWSCredentials("AKIDTHEIRS", "theirs");

    [Fact]
    public void Without_AWSOptions_the_options_pass_through()
    {
        var merged = TransportSettings.Merge(new ResourceServerClientOptions { Region = "eu-west-1", Profile = "p", UseFips = true }, aws: null);

        Assert.Equal(("eu-west-1", "p", true, (Uri?)null, (AWSCredentials?)null), (merged.Region, merged.Profile, merged.UseFips, merged.ServiceUrl, merged.Credentials));
    }

    [Fact]
    public void AWSOptions_fill_what_the_options_leave_unset()
    {
        var aws = new AWSOptions { Region = RegionEndpoint.EUNorth1, Credentials = Theirs, Profile = "their-profile" };
        aws.DefaultClientConfig.ServiceURL = "https://proxy.example.com/";
        aws.DefaultClientConfig.UseFIPSEndpoint = true;

        var merged = TransportSettings.Merge(new ResourceServerClientOptions { Region = " " }, aws);

        Assert.Equal("eu-north-1", merged.Region);
        Assert.Equal(new Uri("https://proxy.example.com/"), merged.ServiceUrl);
        Assert.True(merged.UseFips);
        Assert.Same(Theirs, merged.Credentials);
        Assert.Null(merged.Profile);
    }

    [Fact]
    public void AWSOptions_profile_is_used_when_no_credentials_are_given_anywhere()
    {
        var merged = TransportSettings.Merge(new ResourceServerClientOptions(), new AWSOptions { Profile = "their-profile" });

        Assert.Equal("their-profile", merged.Profile);
        Assert.Null(merged.Credentials);
    }

    [Fact]
    public void Our_profile_beats_AWSOptions_credentials()
    {
        var merged = TransportSettings.Merge(new ResourceServerClientOptions { Profile = "ours" }, new AWSOptions { Credentials = Theirs, Profile = "theirs" });

        Assert.Equal("ours", merged.Profile);
        Assert.Null(merged.Credentials);
    }

    [Fact]
    public void Our_credentials_beat_everything()
    {
        var aws = new AWSOptions { Region = RegionEndpoint.EUNorth1, Credentials = Theirs, Profile = "theirs" };
        aws.DefaultClientConfig.UseFIPSEndpoint = true;

        var merged = TransportSettings.Merge(new ResourceServerClientOptions { Credentials = Ours, Region = "us-east-1", UseFips = false }, aws);

        Assert.Same(Ours, merged.Credentials);
        Assert.Null(merged.Profile);
        Assert.Equal("us-east-1", merged.Region);
        Assert.False(merged.UseFips);
    }
}
