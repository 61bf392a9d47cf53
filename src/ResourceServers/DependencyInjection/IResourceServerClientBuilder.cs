using ResourceServers;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// One registration of an <see cref="IResourceServerClient"/>, returned by <c>AddResourceServerClient</c> and
/// <c>AddKeyedResourceServerClient</c> to chain further configuration: <c>Configure</c>, <c>ConfigureResilience</c>,
/// <c>ConfigureHttpClient</c>, <c>UseApi</c> (and the test kit's <c>UseInMemoryCognito</c>).
/// </summary>
public interface IResourceServerClientBuilder
{
    /// <summary>The service collection the client is registered in.</summary>
    IServiceCollection Services { get; }

    /// <summary>
    /// The name of this registration's <see cref="ResourceServerClientOptions"/>: empty for the default registration,
    /// the service key's text for a keyed one.
    /// </summary>
    string Name { get; }

    /// <summary>The service key of a keyed registration; null for the default one.</summary>
    object? ServiceKey { get; }

    /// <summary>The name of the <see cref="HttpClient"/> the transport gets from <c>IHttpClientFactory</c>: <c>ResourceServers</c>, or <c>ResourceServers:{key}</c>.</summary>
    string HttpClientName { get; }

    /// <summary>
    /// The key of the resilience pipeline in Polly's registry: <see cref="ResourceServerResilience.PipelineKey"/>,
    /// or <c>ResourceServers:{key}</c>. Register your own pipeline under it first to replace the library's.
    /// </summary>
    string PipelineKey { get; }
}
