using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using ResourceServers;
using ResourceServers.Wire;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Further configuration of a registered <see cref="IResourceServerClient"/>.</summary>
public static class ResourceServerClientBuilderExtensions
{
    /// <summary>Configures the client's options in code; runs after earlier configuration, binding included.</summary>
    /// <param name="builder">The registration.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The builder, to chain.</returns>
    public static IResourceServerClientBuilder Configure(this IResourceServerClientBuilder builder, Action<ResourceServerClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.Configure(builder.Name, configure);
        return builder;
    }

    /// <summary>
    /// Binds the client's options from a configuration section (keys as the properties of
    /// <see cref="ResourceServerClientOptions"/>). A key under the section that names no setting (a typo such as
    /// <c>Resilience:MaxAttemps</c>) fails validation at start-up, naming the key.
    /// </summary>
    /// <param name="builder">The registration.</param>
    /// <param name="configuration">The section, e.g. <c>configuration.GetSection("ResourceServers")</c>.</param>
    /// <returns>The builder, to chain.</returns>
    public static IResourceServerClientBuilder Bind(this IResourceServerClientBuilder builder, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configuration);
        builder.Services.AddOptions<ResourceServerClientOptions>(builder.Name).Bind(new ConfigurationWithoutCredentials(configuration));
        builder.Services.AddSingleton<IValidateOptions<ResourceServerClientOptions>>(new ConfigurationKeysValidator(builder.Name, configuration));
        if (configuration is IConfigurationSection section)
        {
            builder.Services.AddSingleton(new ExplicitlyBoundSection(builder.Name, section.Path));
        }

        return builder;
    }

    /// <summary>Configures retries, timeouts, the retry budget and pacing.</summary>
    /// <param name="builder">The registration.</param>
    /// <param name="configure">Sets the resilience options.</param>
    /// <returns>The builder, to chain.</returns>
    public static IResourceServerClientBuilder ConfigureResilience(this IResourceServerClientBuilder builder, Action<ResourceServerResilienceOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return builder.Configure(options => configure(options.Resilience));
    }

    /// <summary>
    /// Configures the named <see cref="HttpClient"/> the transport uses (<see cref="IResourceServerClientBuilder.HttpClientName"/>):
    /// add delegating handlers, replace the primary handler (keep redirects off), and so on. Do not add a retrying
    /// handler such as the standard resilience handler: the client's pipeline already retries, and retries would stack.
    /// </summary>
    /// <param name="builder">The registration.</param>
    /// <param name="configure">Configures the HTTP client builder.</param>
    /// <returns>The builder, to chain.</returns>
    public static IResourceServerClientBuilder ConfigureHttpClient(this IResourceServerClientBuilder builder, Action<IHttpClientBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        configure(builder.Services.AddHttpClient(builder.HttpClientName));
        return builder;
    }

    /// <summary>
    /// Replaces the HTTP transport with another wire port, e.g. the test kit's in-memory Cognito or an adapter over
    /// another SDK. Validation, pacing, the resilience pipeline and telemetry still apply above it; Region, service URL
    /// and credentials are then not used.
    /// </summary>
    /// <param name="builder">The registration.</param>
    /// <param name="factory">Creates the port, once, when the client is first resolved.</param>
    /// <returns>The builder, to chain.</returns>
    public static IResourceServerClientBuilder UseApi(this IResourceServerClientBuilder builder, Func<IServiceProvider, ICognitoResourceServerApi> factory)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(factory);
        builder.Services.Configure<ResourceServerClientWiring>(builder.Name, wiring => wiring.ApiFactory = factory);
        return builder;
    }

    /// <summary>
    /// Coordinates this client with clients in other processes that manage the same resource servers: distributed
    /// per-key locks around every read-modify-write unit and, when the coordination has them, shared pacing permits
    /// (see <see cref="ResourceServerCoordination"/>). ResourceServers.Redis registers one on Redis with
    /// <c>UseRedisCoordination</c>; any <c>Medallion.Threading.IDistributedLockProvider</c> (Postgres, SQL Server,
    /// ZooKeeper, ...) fits here: <c>UseCoordination(_ =&gt; new ResourceServerCoordination(provider, "Postgres"))</c>.
    /// </summary>
    /// <param name="builder">The registration.</param>
    /// <param name="factory">Creates the coordination, once, when the client is first resolved.</param>
    /// <returns>The builder, to chain.</returns>
    public static IResourceServerClientBuilder UseCoordination(this IResourceServerClientBuilder builder, Func<IServiceProvider, ResourceServerCoordination> factory)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(factory);
        builder.Services.Configure<ResourceServerClientWiring>(builder.Name, wiring => wiring.CoordinationFactory = factory);
        return builder;
    }
}
