using ResourceServers;
using ResourceServers.Redis;
using StackExchange.Redis;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers coordination across processes on Redis for a ResourceServers client.</summary>
public static class ResourceServerClientBuilderRedisExtensions
{
    /// <summary>
    /// Coordinates the client with every other process using the same Redis and key prefix: distributed locks around
    /// read-modify-write units and shared pacing at Cognito's quotas (see <see cref="ResourceServerCoordination"/>).
    /// The connection is opened when the client is first resolved, with <c>AbortOnConnectFail</c> off: a Redis that is
    /// down then or later makes calls fail with <see cref="ResourceServerCoordinationException"/> (or fall back, if
    /// allowed) until it is back, without restarting the application.
    /// </summary>
    /// <param name="builder">The registration.</param>
    /// <param name="connectionString">A StackExchange.Redis connection string, e.g. <c>localhost:6379</c>.</param>
    /// <returns>The builder, to chain.</returns>
    public static IResourceServerClientBuilder UseRedisCoordination(this IResourceServerClientBuilder builder, string connectionString) =>
        builder.UseRedisCoordination(connectionString, configure: null);

    /// <summary>
    /// Coordinates the client on Redis with settings; see
    /// <see cref="UseRedisCoordination(IResourceServerClientBuilder, string)"/>.
    /// </summary>
    /// <param name="builder">The registration.</param>
    /// <param name="connectionString">A StackExchange.Redis connection string, e.g. <c>localhost:6379</c>.</param>
    /// <param name="configure">Sets the options; the defaults when null.</param>
    /// <returns>The builder, to chain.</returns>
    public static IResourceServerClientBuilder UseRedisCoordination(this IResourceServerClientBuilder builder, string connectionString, Action<RedisCoordinationOptions>? configure)
    {
        var configuration = RedisCoordination.ConnectionString(connectionString);
        return builder.UseRedisCoordination(_ => ConnectionMultiplexer.Connect(configuration), configure);
    }

    /// <summary>
    /// Coordinates the client through a connection the application already has (e.g. registered for caching); see
    /// <see cref="UseRedisCoordination(IResourceServerClientBuilder, string)"/>.
    /// </summary>
    /// <param name="builder">The registration.</param>
    /// <param name="redis">Gets the connection from the container, once, when the client is first resolved.</param>
    /// <param name="configure">Sets the options; the defaults when null.</param>
    /// <returns>The builder, to chain.</returns>
    public static IResourceServerClientBuilder UseRedisCoordination(this IResourceServerClientBuilder builder, Func<IServiceProvider, IConnectionMultiplexer> redis, Action<RedisCoordinationOptions>? configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(redis);
        var options = new RedisCoordinationOptions();
        configure?.Invoke(options);
        options.Validate();
        return builder.UseCoordination(services => RedisCoordination.Create(redis(services), options));
    }
}
