using System.Net;
using Amazon;
using Amazon.Extensions.NETCore.Setup;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Moq;
using Polly;
using Polly.Registry;
using ResourceServers.Testing;
using ResourceServers.Tests.TestSupport;
using ResourceServers.Wire;
using static ResourceServers.Tests.DependencyInjection.DiHarness;

namespace ResourceServers.Tests.DependencyInjection;

public class ResourceServerClientRegistrationTests
{
    [Fact]
    public async Task Parameterless_registration_takes_region_and_credentials_from_AWSOptions()
    {
        var handler = DescribeHandler();
        var services = new ServiceCollection();
        services.AddDefaultAWSOptions(new AWSOptions { Region = RegionEndpoint.EUWest1, Credentials = Credentials });
        services.AddResourceServerClient().WithHandler(handler);
        await using var provider = services.Build();

        await provider.GetRequiredService<IResourceServerClient>().GetAsync(Pool, Identifier);

        var request = handler.Single;
        Assert.Equal(new Uri("https://cognito-idp.eu-west-1.amazonaws.com/"), request.Uri);
        Assert.StartsWith($"{AccessKey}/", CredentialScope(request), StringComparison.Ordinal);
        Assert.EndsWith("/eu-west-1/cognito-idp/aws4_request", CredentialScope(request), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AWSOptions_service_url_is_used_when_the_options_set_none()
    {
        var handler = DescribeHandler();
        var services = new ServiceCollection();
        var aws = new AWSOptions { Region = RegionEndpoint.USWest2, Credentials = Credentials };
        aws.DefaultClientConfig.ServiceURL = "https://cognito-proxy.example.com/";
        services.AddDefaultAWSOptions(aws);
        services.AddResourceServerClient().WithHandler(handler);
        await using var provider = services.Build();

        await provider.GetRequiredService<IResourceServerClient>().GetAsync(Pool, Identifier);

        Assert.Equal(new Uri("https://cognito-proxy.example.com/"), handler.Single.Uri);
        Assert.EndsWith("/us-west-2/cognito-idp/aws4_request", CredentialScope(handler.Single), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Options_set_in_code_win_over_AWSOptions()
    {
        var handler = DescribeHandler();
        var services = new ServiceCollection();
        var aws = new AWSOptions { Region = RegionEndpoint.EUWest1, Credentials = new Amazon.Runtime.BasicAWSCredentials("AKIDFROMAWSOPTIONS", "other-secret") };
        aws.DefaultClientConfig.ServiceURL = "https://cognito-proxy.example.com/";
        services.AddDefaultAWSOptions(aws);
        services.AddResourceServerClient(o =>
        {
            o.Region = "ap-southeast-2";
            o.ServiceUrl = new Uri("https://cognito.internal.example.com/");
            o.Credentials = Credentials;
        }).WithHandler(handler);
        await using var provider = services.Build();

        await provider.GetRequiredService<IResourceServerClient>().GetAsync(Pool, Identifier);

        Assert.Equal(new Uri("https://cognito.internal.example.com/"), handler.Single.Uri);
        Assert.Equal($"{AccessKey}/", CredentialScope(handler.Single)[..(AccessKey.Length + 1)]);
        Assert.EndsWith("/ap-southeast-2/cognito-idp/aws4_request", CredentialScope(handler.Single), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_AWSOptions_the_options_alone_configure_the_transport()
    {
        var handler = DescribeHandler();
        var services = new ServiceCollection();
        services.AddResourceServerClient(o =>
        {
            o.Region = "us-east-2";
            o.UseFips = true;
            o.Credentials = Credentials;
        }).WithHandler(handler);
        await using var provider = services.Build();

        await provider.GetRequiredService<IResourceServerClient>().GetAsync(Pool, Identifier);

        Assert.Equal(new Uri("https://cognito-idp-fips.us-east-2.amazonaws.com/"), handler.Single.Uri);
    }

    [Fact]
    public async Task Configuration_overload_binds_every_bindable_setting()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ResourceServers:Region"] = "eu-central-1",
            ["ResourceServers:ServiceUrl"] = "https://cognito.internal.example.com/",
            ["ResourceServers:UseFips"] = "true",
            ["ResourceServers:Profile"] = "deploy",
            ["ResourceServers:DefaultPageSize"] = "7",
            ["ResourceServers:Resilience:MaxAttempts"] = "5",
            ["ResourceServers:Resilience:AttemptTimeout"] = "00:00:04",
            ["ResourceServers:Resilience:Pacing:Enabled"] = "false",
        }).Build();
        var services = new ServiceCollection();
        services.AddResourceServerClient(configuration.GetSection(ResourceServerClientOptions.SectionName));
        await using var provider = services.Build();

        var options = provider.GetRequiredService<IOptionsMonitor<ResourceServerClientOptions>>().Get(Options.DefaultName);

        Assert.Equal("eu-central-1", options.Region);
        Assert.Equal(new Uri("https://cognito.internal.example.com/"), options.ServiceUrl);
        Assert.True(options.UseFips);
        Assert.Equal("deploy", options.Profile);
        Assert.Null(options.Credentials);
        Assert.Equal(7, options.DefaultPageSize);
        Assert.Equal(5, options.Resilience.MaxAttempts);
        Assert.Equal(TimeSpan.FromSeconds(4), options.Resilience.AttemptTimeout);
        Assert.False(options.Resilience.Pacing.Enabled);
    }

    [Fact]
    public async Task The_default_page_size_is_sent_when_the_caller_gives_none_and_the_callers_wins()
    {
        var handler = new RecordingHandler(_ => RecordingHandler.Json(HttpStatusCode.OK, """{"ResourceServers":[]}"""));
        var services = new ServiceCollection();
        services.AddResourceServerClient(o =>
        {
            o.Region = "us-east-1";
            o.Credentials = Credentials;
            o.DefaultPageSize = 7;
        }).WithHandler(handler);
        await using var provider = services.Build();
        var client = provider.GetRequiredService<IResourceServerClient>();

        await foreach (var _ in client.ListAsync(Pool))
        {
        }

        await foreach (var _ in client.ListAsync(Pool, pageSize: 3))
        {
        }

        Assert.Contains("\"MaxResults\":7", handler.Requests[0].BodyText, StringComparison.Ordinal);
        Assert.Contains("\"MaxResults\":3", handler.Requests[1].BodyText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_client_is_one_thread_safe_singleton()
    {
        var services = new ServiceCollection();
        services.AddResourceServerClient().UseInMemoryCognito(new InMemoryCognito());
        await using var provider = services.Build();

        var first = provider.GetRequiredService<IResourceServerClient>();
        var clients = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(provider.GetRequiredService<IResourceServerClient>)));

        Assert.IsType<ResourceServerClient>(first);
        Assert.All(clients, c => Assert.Same(first, c));
    }

    [Fact]
    public async Task Registering_twice_adds_configuration_but_no_second_set_of_services()
    {
        var services = new ServiceCollection();
        services.AddResourceServerClient(o => o.Region = "us-east-1");
        var countAfterFirst = services.Count;
        var validatorsAfterFirst = services.Count(d => d.ServiceType == typeof(IValidateOptions<ResourceServerClientOptions>));
        services.AddResourceServerClient(o => o.DefaultPageSize = 9);

        Assert.Single(services, d => d.ServiceType == typeof(IResourceServerClient));
        Assert.Equal(validatorsAfterFirst, services.Count(d => d.ServiceType == typeof(IValidateOptions<ResourceServerClientOptions>)));

        // The second call adds only its Configure action.
        Assert.Equal(countAfterFirst + 1, services.Count);
        await using var provider = services.Build();
        var options = provider.GetRequiredService<IOptionsMonitor<ResourceServerClientOptions>>().Get(Options.DefaultName);
        Assert.Equal("us-east-1", options.Region);
        Assert.Equal(9, options.DefaultPageSize);
    }

    [Fact]
    public async Task An_application_registered_client_is_kept()
    {
        var mine = new Mock<IResourceServerClient>().Object;
        var services = new ServiceCollection();
        services.AddSingleton(mine);
        services.AddResourceServerClient();
        await using var provider = services.Build();

        Assert.Same(mine, provider.GetRequiredService<IResourceServerClient>());
    }

    [Fact]
    public async Task Keyed_registrations_talk_to_their_own_region_and_account()
    {
        var east = DescribeHandler();
        var west = DescribeHandler();
        var services = new ServiceCollection();
        services.AddKeyedResourceServerClient("east", o =>
        {
            o.Region = "us-east-1";
            o.Credentials = Credentials;
        }).WithHandler(east);
        services.AddKeyedResourceServerClient("west", o =>
        {
            o.Region = "us-west-2";
            o.Credentials = new Amazon.Runtime.BasicAWSCredentials("AKIDWESTACCOUNT", "west-secret");
        }).WithHandler(west);
        services.AddSingleton<TwoRegions>();
        await using var provider = services.Build();

        var both = provider.GetRequiredService<TwoRegions>();
        await both.East.GetAsync(Pool, Identifier);
        await both.West.GetAsync(Pool, Identifier);

        Assert.NotSame(both.East, both.West);
        Assert.Null(provider.GetService<IResourceServerClient>());
        Assert.Equal(new Uri("https://cognito-idp.us-east-1.amazonaws.com/"), east.Single.Uri);
        Assert.StartsWith(AccessKey + "/", CredentialScope(east.Single), StringComparison.Ordinal);
        Assert.Equal(new Uri("https://cognito-idp.us-west-2.amazonaws.com/"), west.Single.Uri);
        Assert.StartsWith("AKIDWESTACCOUNT/", CredentialScope(west.Single), StringComparison.Ordinal);
    }

    [Fact]
    public void Keyed_registrations_get_their_own_http_client_and_pipeline_names()
    {
        var services = new ServiceCollection();
        var main = services.AddResourceServerClient();
        var keyed = services.AddKeyedResourceServerClient("west");

        Assert.Equal((string.Empty, "ResourceServers", ResourceServerResilience.PipelineKey), (main.Name, main.HttpClientName, main.PipelineKey));
        Assert.Equal(("west", "ResourceServers:west", "ResourceServers:west"), (keyed.Name, keyed.HttpClientName, keyed.PipelineKey));
        Assert.Equal("west", keyed.ServiceKey);
        Assert.Null(main.ServiceKey);
    }

    [Fact]
    public async Task The_http_client_follows_no_redirects_and_leaves_timeouts_to_the_pipeline()
    {
        var services = new ServiceCollection();
        var builder = services.AddResourceServerClient();
        await using var provider = services.Build();

        var client = provider.GetRequiredService<IHttpClientFactory>().CreateClient(builder.HttpClientName);
        Assert.Equal(Timeout.InfiniteTimeSpan, client.Timeout);

        HttpMessageHandler handler = provider.GetRequiredService<IHttpMessageHandlerFactory>().CreateHandler(builder.HttpClientName);
        while (handler is DelegatingHandler delegating)
        {
            handler = delegating.InnerHandler!;
        }

        var primary = Assert.IsType<SocketsHttpHandler>(handler);
        Assert.False(primary.AllowAutoRedirect);
    }

    [Fact]
    public async Task Handlers_added_through_ConfigureHttpClient_see_every_request()
    {
        var wire = DescribeHandler();
        var counting = new CountingHandler();
        var services = new ServiceCollection();
        services.AddResourceServerClient(o =>
        {
            o.Region = "us-east-1";
            o.Credentials = Credentials;
        })
        .WithHandler(wire)
        .ConfigureHttpClient(http => http.AddHttpMessageHandler(() => counting));
        await using var provider = services.Build();

        var client = provider.GetRequiredService<IResourceServerClient>();
        await client.GetAsync(Pool, Identifier);
        await client.GetAsync(Pool, Identifier);

        Assert.Equal(2, counting.Count);
        Assert.Equal(2, wire.Requests.Count);
    }

    [Fact]
    public async Task The_pipeline_is_registered_under_its_key_and_follows_the_options()
    {
        var cognito = new InMemoryCognito();
        var services = new ServiceCollection();
        services.AddResourceServerClient()
            .ConfigureResilience(r =>
            {
                r.MaxAttempts = 2;
                r.MaxAttemptsWhenThrottled = 3;
                r.BaseDelay = TimeSpan.FromMilliseconds(1);
                r.MaxDelay = TimeSpan.FromMilliseconds(1);
            })
            .UseInMemoryCognito(cognito);
        await using var provider = services.Build();
        var pool = await cognito.CreateUserPoolAsync("p");
        await cognito.CreateResourceServerAsync(new CreateResourceServerRequest { UserPoolId = pool.Id, Identifier = Identifier, Name = "API" });

        Assert.True(provider.GetRequiredService<ResiliencePipelineProvider<string>>().TryGetPipeline(ResourceServerResilience.PipelineKey, out _));

        cognito.Faults.FailNext(CognitoOperation.DescribeResourceServer, 1, FaultKind.InternalError);
        await provider.GetRequiredService<IResourceServerClient>().GetAsync(pool.Id, Identifier);

        cognito.Faults.FailNext(CognitoOperation.DescribeResourceServer, 2, FaultKind.InternalError);
        await AssertCognito.ThrowsAsync(CognitoErrorCodes.InternalError, () => provider.GetRequiredService<IResourceServerClient>().GetAsync(pool.Id, Identifier));
        Assert.Equal(4, cognito.Statistics.GetReceived(CognitoOperation.DescribeResourceServer));

        // A throttled call gets MaxAttemptsWhenThrottled attempts.
        cognito.Faults.FailNext(CognitoOperation.DescribeResourceServer, 2, FaultKind.TooManyRequests);
        await provider.GetRequiredService<IResourceServerClient>().GetAsync(pool.Id, Identifier);

        cognito.Faults.FailNext(CognitoOperation.DescribeResourceServer, 3, FaultKind.TooManyRequests);
        await AssertCognito.ThrowsAsync(CognitoErrorCodes.TooManyRequests, () => provider.GetRequiredService<IResourceServerClient>().GetAsync(pool.Id, Identifier));
        Assert.Equal(10, cognito.Statistics.GetReceived(CognitoOperation.DescribeResourceServer));
    }

    [Fact]
    public async Task A_pipeline_registered_first_under_the_key_replaces_the_librarys()
    {
        var cognito = new InMemoryCognito();
        var services = new ServiceCollection();
        services.AddResiliencePipeline(ResourceServerResilience.PipelineKey, _ => { });
        services.AddResourceServerClient().UseInMemoryCognito(cognito);
        await using var provider = services.Build();
        var pool = await cognito.CreateUserPoolAsync("p");
        await cognito.CreateResourceServerAsync(new CreateResourceServerRequest { UserPoolId = pool.Id, Identifier = Identifier, Name = "API" });

        cognito.Faults.FailNext(CognitoOperation.DescribeResourceServer, 1, FaultKind.TooManyRequests);

        // The empty pipeline does not retry, so the single throttle surfaces.
        await AssertCognito.ThrowsAsync(CognitoErrorCodes.TooManyRequests, () => provider.GetRequiredService<IResourceServerClient>().GetAsync(pool.Id, Identifier));
        Assert.Equal(1, cognito.Statistics.GetReceived(CognitoOperation.DescribeResourceServer));
    }

    [Fact]
    public async Task UseInMemoryCognito_needs_no_region_or_credentials()
    {
        var cognito = new InMemoryCognito();
        var services = new ServiceCollection();
        services.AddResourceServerClient().UseInMemoryCognito(cognito);
        await using var provider = services.Build();
        var pool = await cognito.CreateUserPoolAsync("p");
        var client = provider.GetRequiredService<IResourceServerClient>();

        var created = await client.CreateAsync(new ResourceServer(pool.Id, Identifier, "API", [new ResourceServerScope("read", "Read")]));

        Assert.Equal(created, await client.GetAsync(pool.Id, Identifier));
    }

    [Fact]
    public async Task UseApi_replaces_the_transport_with_any_wire_port()
    {
        var port = new Mock<ICognitoResourceServerApi>();
        port.Setup(p => p.SendAsync(CognitoOperation.DescribeResourceServer, It.IsAny<DescribeResourceServerRequest>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new DescribeResourceServerResponse { ResourceServer = new ResourceServerType { UserPoolId = Pool, Identifier = Identifier, Name = "From the port" } });
        var services = new ServiceCollection();
        services.AddResourceServerClient().UseApi(_ => port.Object);
        await using var provider = services.Build();

        var read = await provider.GetRequiredService<IResourceServerClient>().GetAsync(Pool, Identifier);

        Assert.Equal("From the port", read.Name);
    }

    [Fact]
    public async Task Over_the_emulator_requests_are_signed_and_verified_end_to_end()
    {
        await using var emulator = await CognitoEmulator.StartAsync();
        var pool = await emulator.Cognito.CreateUserPoolAsync("p");
        var services = new ServiceCollection();
        services.AddResourceServerClient().UseCognitoEmulator(emulator);
        await using var provider = services.Build();
        var client = provider.GetRequiredService<IResourceServerClient>();

        await client.CreateAsync(new ResourceServer(pool.Id, Identifier, "API", [new ResourceServerScope("read", "Read")]));
        var patched = await client.PatchAsync(pool.Id, Identifier, ResourceServerPatch.AddOrUpdateScope("write", "Write"));

        Assert.Equal(["read", "write"], patched.After!.Scopes.Select(s => s.Name));
        Assert.Equal(1, emulator.Cognito.Statistics.GetSucceeded(CognitoOperation.UpdateResourceServer));
    }

    private sealed class TwoRegions([FromKeyedServices("east")] IResourceServerClient east, [FromKeyedServices("west")] IResourceServerClient west)
    {
        public IResourceServerClient East { get; } = east;

        public IResourceServerClient West { get; } = west;
    }

    private sealed class CountingHandler : DelegatingHandler
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _count);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
