using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ResourceServers.Tests.DependencyInjection;

/// <summary>
/// <c>AddResourceServerClient()</c> binds the application's <c>ResourceServers</c> section (a keyed client its
/// <c>ResourceServers:{key}</c> section) when an <see cref="IConfiguration"/> is registered, as every host registers
/// it: no Bind call. Every setting here is explicit, so nothing depends on the machine's AWS_* variables.
/// </summary>
public class ApplicationConfigurationBindingTests
{
    [Fact]
    public async Task The_default_client_binds_the_ResourceServers_section_with_no_call()
    {
        var services = WithConfiguration(new()
        {
            ["ResourceServers:Region"] = "eu-west-1",
            ["ResourceServers:ServiceUrl"] = "http://127.0.0.1:4566/",
            ["ResourceServers:Resilience:MaxAttempts"] = "5",
        });
        services.AddResourceServerClient();

        await using var provider = services.Build();
        var client = (ResourceServerClient)provider.GetRequiredService<IResourceServerClient>();

        Assert.Equal(("eu-west-1", "ResourceServers:Region", new Uri("http://127.0.0.1:4566/"), "ResourceServers:ServiceUrl"), (client.Connection!.Region, client.Connection.RegionSource, client.Connection.ServiceUrl, client.Connection.ServiceUrlSource));
        Assert.Equal(5, provider.GetRequiredService<IOptionsMonitor<ResourceServerClientOptions>>().Get(Options.DefaultName).Resilience.MaxAttempts);
    }

    [Fact]
    public async Task Code_and_an_explicit_Bind_apply_after_the_section()
    {
        var services = WithConfiguration(new()
        {
            ["ResourceServers:Region"] = "eu-west-1",
            ["ResourceServers:DefaultPageSize"] = "10",
            ["Other:DefaultPageSize"] = "20",
        });
        var configuration = services.BuildServiceProvider().GetRequiredService<IConfiguration>();
        services.AddResourceServerClient(configuration.GetSection("Other")).Configure(o => o.Region = "us-west-2");

        await using var provider = services.Build();
        var options = provider.GetRequiredService<IOptionsMonitor<ResourceServerClientOptions>>().Get(Options.DefaultName);

        Assert.Equal(("us-west-2", 20), (options.Region, options.DefaultPageSize));
    }

    [Fact]
    public async Task A_keyed_client_binds_its_own_section_and_the_default_section_does_not_call_it_unknown()
    {
        var services = WithConfiguration(new()
        {
            ["ResourceServers:Region"] = "eu-west-1",
            ["ResourceServers:ServiceUrl"] = "http://127.0.0.1:4566/",
            ["ResourceServers:tenant-b:Region"] = "ap-south-1",
            ["ResourceServers:tenant-b:ServiceUrl"] = "http://127.0.0.1:4577/",
        });
        services.AddResourceServerClient();
        services.AddKeyedResourceServerClient("tenant-b");

        await using var provider = services.Build();
        var keyed = (ResourceServerClient)provider.GetRequiredKeyedService<IResourceServerClient>("tenant-b");
        var main = (ResourceServerClient)provider.GetRequiredService<IResourceServerClient>();

        Assert.Equal(("ap-south-1", new Uri("http://127.0.0.1:4577/")), (keyed.Connection!.Region, keyed.Connection.ServiceUrl));
        Assert.Equal("eu-west-1", main.Connection!.Region);
    }

    [Fact]
    public async Task An_unknown_key_in_a_keyed_section_fails_at_start_naming_its_full_path()
    {
        var services = WithConfiguration(new()
        {
            ["ResourceServers:tenant-b:Region"] = "ap-south-1",
            ["ResourceServers:tenant-b:ServiceUrl"] = "http://127.0.0.1:4577/",
            ["ResourceServers:tenant-b:Regoin"] = "ap-south-2",
        });
        services.AddKeyedResourceServerClient("tenant-b");

        await using var provider = services.Build();
        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptionsMonitor<ResourceServerClientOptions>>().Get("tenant-b"));

        Assert.Contains("ResourceServers:tenant-b:Regoin is not a setting of ResourceServerClientOptions; did you mean ResourceServers:tenant-b:Region?", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_section_also_given_to_the_overload_reports_an_unknown_key_once()
    {
        var services = WithConfiguration(new()
        {
            ["ResourceServers:Region"] = "eu-west-1",
            ["ResourceServers:DefaultPageSze"] = "10",
        });
        var configuration = services.BuildServiceProvider().GetRequiredService<IConfiguration>();
        services.AddResourceServerClient(configuration.GetSection(ResourceServerClientOptions.SectionName));

        await using var provider = services.Build();
        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptionsMonitor<ResourceServerClientOptions>>().Get(Options.DefaultName));

        Assert.Equal("ResourceServers:DefaultPageSze is not a setting of ResourceServerClientOptions; did you mean ResourceServers:DefaultPageSize?", Assert.Single(error.Failures));
    }

    [Fact]
    public async Task Credentials_in_the_bound_section_are_refused_naming_the_way_out()
    {
        var services = WithConfiguration(new()
        {
            ["ResourceServers:Region"] = "eu-west-1",
            ["ResourceServers:Credentials:AccessKey"] = "AKIDINSETTINGS",
        });
        services.AddResourceServerClient();

        await using var provider = services.Build();
        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptionsMonitor<ResourceServerClientOptions>>().Get(Options.DefaultName));

        Assert.Contains("ResourceServers:Credentials cannot come from configuration", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("AKIDINSETTINGS", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_an_IConfiguration_the_registration_still_works_from_code()
    {
        var services = new ServiceCollection();
        services.AddResourceServerClient(o =>
        {
            o.Region = "eu-west-1";
            o.ServiceUrl = new Uri("http://127.0.0.1:4566/");
        });

        await using var provider = services.Build();

        Assert.Equal("eu-west-1", ((ResourceServerClient)provider.GetRequiredService<IResourceServerClient>()).Connection!.Region);
    }

    [Fact]
    public async Task A_reloaded_section_is_seen_by_the_options_monitor()
    {
        var source = new Dictionary<string, string?> { ["ResourceServers:Region"] = "eu-west-1" };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(source).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration);
        services.AddResourceServerClient();

        await using var provider = services.Build();
        var monitor = provider.GetRequiredService<IOptionsMonitor<ResourceServerClientOptions>>();
        Assert.Equal("eu-west-1", monitor.Get(Options.DefaultName).Region);
        configuration["ResourceServers:Region"] = "us-west-2";
        configuration.Reload();

        Assert.Equal("us-west-2", monitor.Get(Options.DefaultName).Region);
    }

    private static ServiceCollection WithConfiguration(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        return services;
    }
}
