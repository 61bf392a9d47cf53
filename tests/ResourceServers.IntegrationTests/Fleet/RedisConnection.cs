using ResourceServers.Fleet;
using ResourceServers.Redis;
using StackExchange.Redis;

namespace ResourceServers.IntegrationTests.Fleet;

/// <summary>Connections to Redis as the library advises making them, for the in-process Redis tests.</summary>
internal static class RedisConnection
{
    /// <summary>Connects the way <see cref="RedisCoordination.ConnectionString"/> configures (reconnecting by itself).</summary>
    public static async Task<ConnectionMultiplexer> ConnectAsync(string connectionString) =>
        await ConnectionMultiplexer.ConnectAsync(RedisCoordination.ConnectionString(connectionString));

    /// <summary>A loopback port nothing listens on: a Redis started there and stopped.</summary>
    public static async Task<int> DeadPortAsync()
    {
        await using var server = await RedisServer.StartNewAsync();
        await server.StopAsync();
        return server.Port;
    }

    /// <summary>Every key in the Redis at <paramref name="connectionString"/>, read over a connection of its own.</summary>
    public static async Task<IReadOnlyList<string>> KeysAsync(string connectionString)
    {
        await using var redis = await ConnectAsync(connectionString);
        var server = redis.GetServer(redis.GetEndPoints().Single());
        var keys = new List<string>();
        await foreach (var key in server.KeysAsync(pattern: "*"))
        {
            keys.Add(key.ToString());
        }

        return keys;
    }
}
