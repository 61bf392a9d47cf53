using Microsoft.Extensions.DependencyInjection;

namespace ResourceServers;

internal sealed class ResourceServerClientBuilder(IServiceCollection services, string name, object? serviceKey) : IResourceServerClientBuilder
{
    public IServiceCollection Services { get; } = services;

    public string Name { get; } = name;

    public object? ServiceKey { get; } = serviceKey;

    public string HttpClientName => Suffixed(ResourceServerClientOptions.SectionName);

    public string PipelineKey => Suffixed(ResourceServerResilience.PipelineKey);

    private string Suffixed(string prefix) => Name.Length == 0 ? prefix : $"{prefix}:{Name}";
}
