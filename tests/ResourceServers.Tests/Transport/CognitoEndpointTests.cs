using Amazon;
using Microsoft.Extensions.Options;

namespace ResourceServers.Tests.Transport;

public class CognitoEndpointTests
{
    [Theory]
    [InlineData("us-east-1", false, "https://cognito-idp.us-east-1.amazonaws.com/")]
    [InlineData("eu-west-2", false, "https://cognito-idp.eu-west-2.amazonaws.com/")]
    [InlineData("ap-southeast-2", false, "https://cognito-idp.ap-southeast-2.amazonaws.com/")]
    [InlineData("cn-north-1", false, "https://cognito-idp.cn-north-1.amazonaws.com.cn/")]
    [InlineData("cn-northwest-1", false, "https://cognito-idp.cn-northwest-1.amazonaws.com.cn/")]
    [InlineData("us-gov-west-1", false, "https://cognito-idp.us-gov-west-1.amazonaws.com/")]
    [InlineData("us-east-1", true, "https://cognito-idp-fips.us-east-1.amazonaws.com/")]
    [InlineData("us-west-2", true, "https://cognito-idp-fips.us-west-2.amazonaws.com/")]
    [InlineData("us-gov-west-1", true, "https://cognito-idp-fips.us-gov-west-1.amazonaws.com/")]
    [InlineData(" us-east-1 ", false, "https://cognito-idp.us-east-1.amazonaws.com/")]
    public void Region_and_fips_give_the_partition_endpoint(string region, bool fips, string expected)
    {
        var endpoint = CognitoConnection.Resolve(new ResourceServerClientOptions { Region = region, UseFips = fips }, aws: null, MachineSettings.None).Endpoint;

        Assert.Equal(new Uri(expected), endpoint.ServiceUrl);
        Assert.Equal(region.Trim(), endpoint.Region.SystemName);
    }

    [Fact]
    public void The_region_chain_is_asked_only_when_no_region_is_set()
    {
        var asked = 0;
        var chain = new AwsSharedSettings(
            _ =>
            {
                asked++;
                return new Found<RegionEndpoint>(RegionEndpoint.EUCentral1, "AWS_REGION");
            },
            _ => null,
            _ => "default chain",
            () => "default");

        var fromChain = CognitoConnection.Resolve(new ResourceServerClientOptions(), aws: null, chain).Endpoint;
        var blank = CognitoConnection.Resolve(new ResourceServerClientOptions { Region = "  " }, aws: null, chain).Endpoint;
        var explicitRegion = CognitoConnection.Resolve(new ResourceServerClientOptions { Region = "us-west-1" }, aws: null, chain).Endpoint;

        Assert.Equal(new Uri("https://cognito-idp.eu-central-1.amazonaws.com/"), fromChain.ServiceUrl);
        Assert.Equal(RegionEndpoint.EUCentral1, blank.Region);
        Assert.Equal(RegionEndpoint.USWest1, explicitRegion.Region);
        Assert.Equal(2, asked);
    }

    [Fact]
    public void A_missing_region_is_a_configuration_error_naming_the_setting()
    {
        var error = Assert.Throws<InvalidOperationException>(() => CognitoConnection.Resolve(new ResourceServerClientOptions(), aws: null, MachineSettings.None).Endpoint);

        Assert.Contains("ResourceServers:Region", error.Message, StringComparison.Ordinal);
        Assert.Contains("AWS_REGION", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("us-east-1.evil.example/")]
    [InlineData("us-east-1/x")]
    [InlineData("US-EAST-1")]
    [InlineData("us east 1")]
    [InlineData("-us-east-1")]
    public void A_region_that_is_not_a_region_name_is_refused_naming_the_setting(string region)
    {
        var error = Assert.Throws<ArgumentException>(() => CognitoConnection.Resolve(new ResourceServerClientOptions { Region = region }, aws: null, MachineSettings.None).Endpoint);

        Assert.Contains("ResourceServers:Region", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_override_url_wins_over_region_and_fips_and_keeps_the_signing_region()
    {
        var endpoint = CognitoConnection.Resolve(
            new ResourceServerClientOptions
            {
                Region = "eu-west-1",
                UseFips = true,
                ServiceUrl = new Uri("https://cognito.proxy.example.com/"),
            },
            aws: null, MachineSettings.None).Endpoint;

        Assert.Equal(new Uri("https://cognito.proxy.example.com/"), endpoint.ServiceUrl);
        Assert.Equal(RegionEndpoint.EUWest1, endpoint.Region);
    }

    [Theory]
    [InlineData("http://127.0.0.1:4566/")]
    [InlineData("http://127.10.20.30:9229/")]
    [InlineData("http://[::1]:9229/")]
    [InlineData("http://localhost:8080/")]
    [InlineData("http://LOCALHOST/")]
    [InlineData("http://[::ffff:127.0.0.1]:8080/")]
    public void Plain_http_is_allowed_to_a_loopback_host(string url)
    {
        var endpoint = CognitoConnection.Resolve(new ResourceServerClientOptions { Region = "us-east-1", ServiceUrl = new Uri(url) }, aws: null, MachineSettings.None).Endpoint;

        Assert.Equal(new Uri(url), endpoint.ServiceUrl);
    }

    [Theory]
    [InlineData("http://cognito-idp.us-east-1.amazonaws.com/")]
    [InlineData("http://10.0.0.1:4566/")]
    [InlineData("http://192.168.1.10/")]
    [InlineData("http://localhost.example.com/")]
    [InlineData("http://127.0.0.1.nip.io/")]
    [InlineData("http://[2001:db8::1]/")]
    [InlineData("ftp://127.0.0.1/")]
    public void Plain_http_to_a_remote_host_or_another_scheme_is_refused_naming_ServiceUrl(string url)
    {
        var error = Assert.Throws<ArgumentException>(() => CognitoConnection.Resolve(new ResourceServerClientOptions { Region = "us-east-1", ServiceUrl = new Uri(url) }, aws: null, MachineSettings.None).Endpoint);

        Assert.Contains("ServiceUrl", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_relative_override_url_is_refused_naming_ServiceUrl()
    {
        var error = Assert.Throws<ArgumentException>(() => CognitoConnection.Resolve(new ResourceServerClientOptions { Region = "us-east-1", ServiceUrl = new Uri("/cognito", UriKind.Relative) }, aws: null, MachineSettings.None).Endpoint);

        Assert.Contains("ServiceUrl", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_client_resolves_its_endpoint_when_constructed()
    {
        using var http = new HttpClient();
        var client = new ResourceServerClient(new ResourceServerClientOptions { Region = "cn-north-1", UseFips = false, Credentials = TransportHarness.Basic }, httpClient: http);

        Assert.Equal(new Uri("https://cognito-idp.cn-north-1.amazonaws.com.cn/"), client.Connection?.ServiceUrl);
        var error = Assert.Throws<OptionsValidationException>(() => new ResourceServerClient(new ResourceServerClientOptions { Region = "us-east-1", ServiceUrl = new Uri("http://example.com/") }, httpClient: http));
        Assert.Contains("ServiceUrl", error.Message, StringComparison.Ordinal);
    }
}
