using Amazon.Extensions.NETCore.Setup;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ResourceServers.Tests.DependencyInjection;

/// <summary>Start-up validation: a bad setting stops the application before the first call, and the message names it.</summary>
public class ResourceServerClientOptionsValidationTests
{
    [Theory]
    [InlineData("Resilience:MaxAttempts", "0", "ResourceServers:Resilience:MaxAttempts must be at least 1 (1 disables retries); it was 0.")]
    [InlineData("Resilience:MaxAttemptsWhenThrottled", "0", "ResourceServers:Resilience:MaxAttemptsWhenThrottled must be at least 1; it was 0.")]
    [InlineData("Resilience:AttemptTimeout", "00:00:00.001", "ResourceServers:Resilience:AttemptTimeout must be between 10 milliseconds and 1 day; it was 00:00:00.0010000.")]
    [InlineData("Resilience:TotalTimeout", "00:00:05", "ResourceServers:Resilience:TotalTimeout must be at least AttemptTimeout (00:00:10); it was 00:00:05.")]
    [InlineData("Resilience:Pacing:UpdateCategoryPerSecond", "0", "ResourceServers:Resilience:Pacing:UpdateCategoryPerSecond must be between 1 and 10000 requests per second; it was 0.")]
    [InlineData("Resilience:RetryBudget:Capacity", "0", "ResourceServers:Resilience:RetryBudget:Capacity must be at least 1")]
    [InlineData("DefaultPageSize", "0", "ResourceServers:DefaultPageSize must be 1..50 (or unset for the service's default); it was 0.")]
    [InlineData("DefaultPageSize", "51", "ResourceServers:DefaultPageSize must be 1..50 (or unset for the service's default); it was 51.")]
    [InlineData("Region", "US East 1", "ResourceServers:Region must be an AWS Region name (lower-case letters, digits and '-', e.g. 'us-east-1'); it was 'US East 1'.")]
    [InlineData("ServiceUrl", "http://cognito.example.com/", "ResourceServers:ServiceUrl 'http://cognito.example.com' uses plain http to a host that is not loopback")]
    [InlineData("ServiceUrl", "ftp://127.0.0.1/", "ResourceServers:ServiceUrl must use https (or http to a loopback host); 'ftp' is not supported.")]
    public void A_bad_setting_fails_at_start_up_naming_the_setting_and_the_rule(string key, string value, string expected)
    {
        using var provider = Configured(new() { [$"ResourceServers:{key}"] = value });

        var failure = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        // Each failure is one clause of the joined message, so it carries no closing period of its own.
        Assert.True(failure.Failures.Any(f => f.Contains(expected.TrimEnd('.'), StringComparison.Ordinal)), string.Join(" | ", failure.Failures));
        Assert.Equal(typeof(ResourceServerClientOptions), failure.OptionsType);
    }

    [Theory]
    [InlineData("Resilience:MaxAttemps", "ResourceServers:Resilience:MaxAttemps is not a setting of ResourceServerResilienceOptions; did you mean ResourceServers:Resilience:MaxAttempts?")]
    [InlineData("Regoin", "ResourceServers:Regoin is not a setting of ResourceServerClientOptions; did you mean ResourceServers:Region?")]
    [InlineData("Resilience:Pacing:Speed", "ResourceServers:Resilience:Pacing:Speed is not a setting of ResourceServerPacingOptions; remove it (settings here: Adaptive, AdaptiveContentionFactor, AdaptiveContentionWindow, AdaptiveDecreaseFactor, AdaptiveMinimumFraction, AdaptiveRecoveryPerSecond, AdaptiveReturnTime, ClientReadCategoryPerSecond, Enabled, MaxQueueWait, PerOperationPerUserPoolPerSecond, ReadCategoryPerSecond, UpdateCategoryPerSecond, UserPoolReadCategoryPerSecond)")]
    public void A_key_that_names_no_setting_fails_at_start_up_naming_the_key(string key, string expected)
    {
        using var provider = Configured(new() { [$"ResourceServers:{key}"] = "1" });

        var failure = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.True(failure.Failures.Any(f => f.Contains(expected, StringComparison.Ordinal)), string.Join(" | ", failure.Failures));
    }

    [Theory]
    [InlineData("Credentials:AccessKey")]
    [InlineData("credentials:SecretKey")]
    [InlineData("Credentials")]
    public void Credentials_keys_fail_with_our_message_not_the_binders(string key)
    {
        // The binder used to throw its own InvalidOperationException (an abstract AWSCredentials cannot be created)
        // before validation ran; hidden from it, the keys reach the validator, whose message names the way out.
        using var provider = Configured(new() { [$"ResourceServers:{key}"] = "AKIDEXAMPLE" });

        var failure = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains(failure.Failures, f => f.Contains("cannot come from configuration: set credentials in code", StringComparison.Ordinal));
        Assert.DoesNotContain("abstract", failure.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("10", "ResourceServers:MaxResponseBodyBytes must be 65536..1073741824")]
    [InlineData("2147483648000", "ResourceServers:MaxResponseBodyBytes must be 65536..1073741824")]
    public void The_response_body_cap_is_validated_naming_the_setting(string value, string expected)
    {
        using var provider = Configured(new() { ["ResourceServers:MaxResponseBodyBytes"] = value });

        var failure = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains(failure.Failures, f => f.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Keys_bind_case_insensitively_and_nested_sections_are_checked()
    {
        using var provider = Configured(new() { ["ResourceServers:resilience:maxattempts"] = "4", ["ResourceServers:Resilience:RetryBudget:Capacity"] = "10" });

        provider.GetRequiredService<IStartupValidator>().Validate();
        Assert.Equal(4, provider.GetRequiredService<IOptionsMonitor<ResourceServerClientOptions>>().Get(Options.DefaultName).Resilience.MaxAttempts);
    }

    [Fact]
    public void Several_failures_join_into_one_message_without_doubled_punctuation()
    {
        using var provider = Configured(new() { ["ResourceServers:Resilience:MaxAttempts"] = "0", ["ResourceServers:DefaultPageSize"] = "0" });

        var failure = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("; ", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(".;", failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://cognito.example.com/")]
    [InlineData("http://127.0.0.1:9229/")]
    [InlineData("http://localhost:8080/")]
    [InlineData("http://[::1]:8080/")]
    public void Https_and_loopback_http_service_urls_are_accepted(string url)
    {
        using var provider = Configured(new() { ["ResourceServers:ServiceUrl"] = url, ["ResourceServers:Region"] = "us-east-1" });

        provider.GetRequiredService<IStartupValidator>().Validate();
    }

    [Fact]
    public void The_defaults_with_a_region_are_valid()
    {
        var services = new ServiceCollection();
        services.AddResourceServerClient(o => o.Region = "eu-west-1");
        using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<IStartupValidator>().Validate();
    }

    [Fact]
    public void A_missing_region_fails_at_start_up_naming_the_setting_a_user_configures()
    {
        var services = new ServiceCollection();
        services.AddResourceServerClient();
        using var provider = services.BuildServiceProvider();

        // Only where the machine's own region chain (AWS_REGION, the profile) is empty, as on CI, is the region missing.
        if (Amazon.Runtime.FallbackRegionFactory.GetRegionEndpoint() is null)
        {
            var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
            Assert.Contains("ResourceServers:Region", error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("CognitoTransportOptions", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_region_of_AWSOptions_satisfies_the_check()
    {
        var services = new ServiceCollection();
        services.AddDefaultAWSOptions(new Amazon.Extensions.NETCore.Setup.AWSOptions { Region = Amazon.RegionEndpoint.EUNorth1 });
        services.AddResourceServerClient();
        using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<IStartupValidator>().Validate();
    }

    [Fact]
    public void Every_failure_is_reported_at_once()
    {
        using var provider = Configured(new()
        {
            ["ResourceServers:Resilience:MaxAttempts"] = "0",
            ["ResourceServers:DefaultPageSize"] = "99",
            ["ResourceServers:ServiceUrl"] = "http://10.0.0.8/",
        });

        var failure = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains(failure.Failures, f => f.Contains("ResourceServers:Resilience:MaxAttempts", StringComparison.Ordinal));
        Assert.Contains(failure.Failures, f => f.Contains("ResourceServers:DefaultPageSize", StringComparison.Ordinal));
        Assert.Contains(failure.Failures, f => f.Contains("ResourceServers:ServiceUrl", StringComparison.Ordinal));
    }

    [Fact]
    public void A_plain_http_service_url_inherited_from_AWSOptions_is_refused_too()
    {
        var aws = new AWSOptions();
        aws.DefaultClientConfig.ServiceURL = "http://cognito.example.com/";
        var services = new ServiceCollection();
        services.AddDefaultAWSOptions(aws);
        services.AddResourceServerClient(o => o.Region = "us-east-1");
        using var provider = services.BuildServiceProvider();

        var failure = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("AWSOptions.DefaultClientConfig.ServiceURL 'http://cognito.example.com' uses plain http to a host that is not loopback", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Our_https_service_url_overrides_a_refused_one_from_AWSOptions()
    {
        var aws = new AWSOptions();
        aws.DefaultClientConfig.ServiceURL = "http://cognito.example.com/";
        var services = new ServiceCollection();
        services.AddDefaultAWSOptions(aws);
        services.AddResourceServerClient(o => (o.ServiceUrl, o.Region) = (new Uri("https://cognito.example.com/"), "us-east-1"));
        using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<IStartupValidator>().Validate();
    }

    [Fact]
    public void A_keyed_registration_is_validated_under_its_own_name()
    {
        var services = new ServiceCollection();
        services.AddResourceServerClient(o => o.Region = "us-east-1");
        services.AddKeyedResourceServerClient("west", o => (o.Region, o.Resilience.MaxAttempts) = ("us-west-2", 0));
        using var provider = services.BuildServiceProvider();

        var failure = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Equal("west", failure.OptionsName);
        Assert.Contains(failure.Failures, f => f.StartsWith("ResourceServers:Resilience:MaxAttempts must be at least 1", StringComparison.Ordinal));
    }

    [Fact]
    public void Without_start_up_validation_resolving_the_client_fails_with_the_same_message()
    {
        using var provider = Configured(new() { ["ResourceServers:Resilience:MaxAttempts"] = "0" });

        var failure = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IResourceServerClient>());

        Assert.Contains("ResourceServers:Resilience:MaxAttempts must be at least 1", failure.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Configured(Dictionary<string, string?> settings)
    {
        settings.TryAdd("ResourceServers:Region", "us-east-1");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddResourceServerClient(configuration.GetSection(ResourceServerClientOptions.SectionName));
        return services.BuildServiceProvider();
    }
}
