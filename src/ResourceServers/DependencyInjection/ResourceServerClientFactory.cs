using System.Diagnostics.Metrics;
using Amazon.Extensions.NETCore.Setup;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly.Registry;
using ResourceServers.Resilience;
using ResourceServers.Transport;
using ResourceServers.Wire;

namespace ResourceServers.DependencyInjection;

/// <summary>Builds the singleton client of one registration from the container.</summary>
internal static class ResourceServerClientFactory
{
    public static ResourceServerClient Create(IServiceProvider services, string name, string httpClientName, string pipelineKey)
    {
        var options = services.GetRequiredService<IOptionsMonitor<ResourceServerClientOptions>>().Get(name);
        var wiring = services.GetRequiredService<IOptionsMonitor<ResourceServerClientWiring>>().Get(name);
        var timeProvider = services.GetService<TimeProvider>() ?? TimeProvider.System;

        var api = wiring.ApiFactory is { } factory
            ? factory(services) ?? throw new InvalidOperationException($"The wire port factory given to UseApi for the ResourceServers client '{name}' returned null.")
            : CreateTransport(services, options, httpClientName, timeProvider);

        // Paced once here, for the singleton: every call of this client, retries included, shares the quota.
        var paced = api.WithClientPacing(options.Resilience, timeProvider);
        var pipeline = services.GetRequiredService<ResiliencePipelineProvider<string>>().GetPipeline(pipelineKey);
        return new ResourceServerClient(paced, pipeline, services.GetService<ILoggerFactory>(), services.GetService<IMeterFactory>(), options.DefaultPageSize);
    }

    private static CognitoHttpTransport CreateTransport(IServiceProvider services, ResourceServerClientOptions options, string httpClientName, TimeProvider timeProvider)
    {
        var transportOptions = TransportSettings.Merge(options, services.GetService<AWSOptions>());
        var httpClients = services.GetRequiredService<IHttpClientFactory>();

        // A client per request, as IHttpClientFactory intends: handlers rotate and DNS changes are picked up.
        return new CognitoHttpTransport(() => httpClients.CreateClient(httpClientName), transportOptions, timeProvider);
    }
}
