using System.Diagnostics.Metrics;
using Amazon.Extensions.NETCore.Setup;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly.Registry;

namespace ResourceServers;

/// <summary>Builds the singleton client of one registration from the container, through the same composition as <c>new ResourceServerClient(...)</c>.</summary>
internal static class ResourceServerClientFactory
{
    public static ResourceServerClient Create(IServiceProvider services, string name, string httpClientName, string pipelineKey)
    {
        var options = services.GetRequiredService<IOptionsMonitor<ResourceServerClientOptions>>().Get(name);
        var wiring = services.GetRequiredService<IOptionsMonitor<ResourceServerClientWiring>>().Get(name);
        var api = wiring.ApiFactory is { } factory
            ? factory(services) ?? throw new InvalidOperationException($"The wire port factory given to UseApi for the ResourceServers client '{name}' returned null.")
            : null;
        var coordination = wiring.CoordinationFactory is { } coordinate
            ? coordinate(services) ?? throw new InvalidOperationException($"The coordination factory given to UseCoordination for the ResourceServers client '{name}' returned null.")
            : null;

        // A client per request, as IHttpClientFactory intends: handlers rotate and DNS changes are picked up.
        var httpClients = services.GetRequiredService<IHttpClientFactory>();
        var composed = ClientComposition.Compose(
            options,
            api,
            () => httpClients.CreateClient(httpClientName),
            services.GetService<AWSOptions>(),
            services.GetRequiredService<ResiliencePipelineProvider<string>>().GetPipeline(pipelineKey),
            services.GetService<ILoggerFactory>(),
            services.GetService<IMeterFactory>(),
            services.GetService<TimeProvider>(),
            coordination);
        return new ResourceServerClient(composed, options.DefaultPageSize, options.GrantRevocation);
    }
}
