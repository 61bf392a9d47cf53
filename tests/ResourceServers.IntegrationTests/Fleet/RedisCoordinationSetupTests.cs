using Microsoft.Extensions.DependencyInjection;
using ResourceServers.Fleet;
using ResourceServers.Redis;
using ResourceServers.Testing;
using StackExchange.Redis;
using static ResourceServers.IntegrationTests.Fleet.RedisCoordinationTests;

namespace ResourceServers.IntegrationTests.Fleet;

/// <summary>
/// Setting coordination on Redis up: the settings (their defaults, limits and errors), how the coordinator is named in
/// errors and warnings (endpoints only, never a password), the three registrations, and releasing the shared pacing.
/// </summary>
[Collection(FleetCollection.Name)]
public sealed class RedisCoordinationSetupTests
{
    [Fact]
    public async Task The_defaults_share_pacing_under_the_default_prefix_fail_rather_than_fall_back_and_are_within_their_limits()
    {
        var defaults = new RedisCoordinationOptions();
        await using var server = await RedisServer.StartNewAsync();
        await using var redis = await RedisConnection.ConnectAsync(server.ConnectionString);

        var coordination = RedisCoordination.Create(redis);

        Assert.Equal(("resourceservers", false, TimeSpan.FromSeconds(10), true, TimeSpan.FromMilliseconds(25)), (defaults.KeyPrefix, defaults.FallbackToLocal, defaults.LockExpiry, defaults.SharePacing, defaults.PacingWindowMargin));
        Assert.NotNull(coordination.SharedPacing);
        Assert.Equal(ResourceServerCoordination.DefaultKeyPrefix, coordination.KeyPrefix);
        Assert.False(coordination.FallbackToLocal);
    }

    [Fact]
    public async Task The_settings_given_reach_the_coordination()
    {
        await using var server = await RedisServer.StartNewAsync();
        await using var redis = await RedisConnection.ConnectAsync(server.ConnectionString);

        var coordination = RedisCoordination.Create(redis, new RedisCoordinationOptions { KeyPrefix = "staging", FallbackToLocal = true, SharePacing = false });

        Assert.Equal(("staging", true), (coordination.KeyPrefix, coordination.FallbackToLocal));
        Assert.Null(coordination.SharedPacing);
    }

    [Theory]
    [InlineData(nameof(RedisCoordinationOptions.LockExpiry), "00:00:01")]
    [InlineData(nameof(RedisCoordinationOptions.PacingWindowMargin), "00:00:00")]
    [InlineData(nameof(RedisCoordinationOptions.PacingWindowMargin), "00:00:01")]
    public async Task A_setting_at_the_edge_of_its_range_is_accepted_at_registration_and_by_Create(string setting, string value)
    {
        var options = new RedisCoordinationOptions();
        Action<RedisCoordinationOptions> set = setting == nameof(RedisCoordinationOptions.LockExpiry)
            ? o => o.LockExpiry = TimeSpan.Parse(value, System.Globalization.CultureInfo.InvariantCulture)
            : o => o.PacingWindowMargin = TimeSpan.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
        set(options);
        await using var server = await RedisServer.StartNewAsync();
        await using var redis = await RedisConnection.ConnectAsync(server.ConnectionString);

        new ServiceCollection().AddResourceServerClient().UseRedisCoordination(server.ConnectionString, set);
        Assert.NotNull(RedisCoordination.Create(redis, options));
    }

    [Fact]
    public async Task A_setting_out_of_range_is_refused_by_Create_naming_the_setting_and_the_rule()
    {
        await using var server = await RedisServer.StartNewAsync();
        await using var redis = await RedisConnection.ConnectAsync(server.ConnectionString);

        var error = Assert.Throws<ArgumentException>(() => RedisCoordination.Create(redis, new RedisCoordinationOptions { LockExpiry = TimeSpan.FromMilliseconds(999) }));

        Assert.Equal(nameof(RedisCoordinationOptions.LockExpiry), error.ParamName);
        Assert.Contains("RedisCoordinationOptions.LockExpiry must be at least 1 s; it was 00:00:00.9990000.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_coordinator_is_named_by_every_configured_endpoint_as_written_and_never_by_the_password()
    {
        var first = await RedisConnection.DeadPortAsync();
        var second = await RedisConnection.DeadPortAsync();
        await using var addresses = await RedisConnection.ConnectAsync($"127.0.0.1:{first},127.0.0.1:{second},password=hunter2-secret,connectTimeout=200");
        await using var hostName = await RedisConnection.ConnectAsync($"localhost:{first},password=hunter2-secret,connectTimeout=200");

        Assert.Equal($"Redis at 127.0.0.1:{first}, 127.0.0.1:{second}", RedisCoordination.Create(addresses).Coordinator);
        Assert.Equal($"Redis at localhost:{first}", RedisCoordination.Create(hostName).Coordinator);
    }

    [Fact]
    public async Task The_coordinator_is_named_by_the_endpoint_configured_not_by_the_cluster_nodes_discovered_through_it()
    {
        var folder = Directory.CreateTempSubdirectory("resourceservers-cluster-");
        try
        {
            // A cluster of two nodes, each serving half the slots; the connection is given the first only.
            var busPorts = new[] { RedisServer.FreePort(), RedisServer.FreePort() };
            await using var first = await StartClusterNodeAsync(folder, busPorts[0]);
            await using var second = await StartClusterNodeAsync(folder, busPorts[1]);
            await first.SendAsync("CLUSTER ADDSLOTSRANGE 0 8191");
            await second.SendAsync("CLUSTER ADDSLOTSRANGE 8192 16383");
            await first.SendAsync($"CLUSTER MEET 127.0.0.1 {second.Port} {busPorts[1]}");
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (!(await first.SendAsync("CLUSTER INFO")).Contains("cluster_state:ok", StringComparison.Ordinal)
                || !(await second.SendAsync("CLUSTER INFO")).Contains("cluster_state:ok", StringComparison.Ordinal))
            {
                Assert.True(DateTime.UtcNow < deadline, "the two redis-server nodes did not form a cluster within 10 s");
                await Task.Delay(50);
            }

            await using var redis = await RedisConnection.ConnectAsync(first.ConnectionString);
            Assert.Contains(second.ConnectionString, redis.GetEndPoints().Select(e => e.ToString()));

            Assert.Equal($"Redis at {first.ConnectionString}", RedisCoordination.Create(redis).Coordinator);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task UseRedisCoordination_with_a_connection_string_connects_when_the_client_is_first_resolved_and_coordinates_under_the_default_prefix()
    {
        await using var server = await RedisServer.StartNewAsync();
        var cognito = PacedCognito();
        var pool = await SeedAsync(cognito);
        var services = new ServiceCollection();
        services.AddResourceServerClient().UseInMemoryCognito(cognito).UseRedisCoordination(server.ConnectionString);
        await using var provider = services.BuildServiceProvider();
        Assert.Empty(await RedisConnection.KeysAsync(server.ConnectionString));

        await provider.GetRequiredService<IResourceServerClient>().GetAsync(pool, Identifier);

        Assert.Contains(await RedisConnection.KeysAsync(server.ConnectionString), key => key.Contains($"{ResourceServerCoordination.DefaultKeyPrefix}:pace:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task UseRedisCoordination_with_settings_applies_them()
    {
        await using var server = await RedisServer.StartNewAsync();
        var cognito = PacedCognito();
        var pool = await SeedAsync(cognito);
        var services = new ServiceCollection();
        services.AddResourceServerClient().UseInMemoryCognito(cognito).UseRedisCoordination(server.ConnectionString, o => o.KeyPrefix = "staging");
        await using var provider = services.BuildServiceProvider();

        await provider.GetRequiredService<IResourceServerClient>().GetAsync(pool, Identifier);

        var keys = await RedisConnection.KeysAsync(server.ConnectionString);
        Assert.Contains(keys, key => key.Contains("staging:pace:", StringComparison.Ordinal));
        Assert.DoesNotContain(keys, key => key.Contains($"{ResourceServerCoordination.DefaultKeyPrefix}:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task UseRedisCoordination_with_the_applications_connection_takes_it_from_the_container_once_and_coordinates_through_it()
    {
        await using var server = await RedisServer.StartNewAsync();
        await using var redis = await RedisConnection.ConnectAsync(server.ConnectionString);
        var cognito = PacedCognito();
        var pool = await SeedAsync(cognito);
        var services = new ServiceCollection();
        services.AddSingleton<IConnectionMultiplexer>(redis);
        var taken = 0;
        services.AddResourceServerClient().UseInMemoryCognito(cognito).UseRedisCoordination(
            s =>
            {
                taken++;
                return s.GetRequiredService<IConnectionMultiplexer>();
            },
            configure: null);
        await using var provider = services.BuildServiceProvider();

        await provider.GetRequiredService<IResourceServerClient>().GetAsync(pool, Identifier);
        await provider.GetRequiredService<IResourceServerClient>().GetAsync(pool, Identifier);

        Assert.Equal(1, taken);
        Assert.Contains(await RedisConnection.KeysAsync(server.ConnectionString), key => key.Contains($"{ResourceServerCoordination.DefaultKeyPrefix}:pace:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Disposing_the_shared_pacing_releases_the_limiter_it_wraps_so_no_permit_is_handed_out_after()
    {
        await using var server = await RedisServer.StartNewAsync();
        await using var redis = await RedisConnection.ConnectAsync(server.ConnectionString);
        var limit = new CognitoRateLimit("resourceservers:pace:test", 5);
        var disposed = RedisCoordination.Create(redis).SharedPacing!;
        var disposedAsynchronously = RedisCoordination.Create(redis).SharedPacing!;
        using (var lease = await disposed.AcquireAsync(limit))
        {
            Assert.True(lease.IsAcquired);
        }

        disposed.Dispose();
        await disposedAsynchronously.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await disposed.AcquireAsync(limit));
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await disposedAsynchronously.AcquireAsync(limit));
    }

    // Registered, the in-memory Cognito turns the client's pacing (and so the shared pacing) on only when it enforces
    // Cognito's quotas.
    private static InMemoryCognito PacedCognito() => new(new InMemoryCognitoOptions { EnforceRateQuotas = true });

    private static Task<RedisServer> StartClusterNodeAsync(DirectoryInfo folder, int busPort) => RedisServer.StartNewAsync(
        "--cluster-enabled", "yes", "--cluster-port", busPort.ToString(System.Globalization.CultureInfo.InvariantCulture), "--cluster-config-file", Path.Combine(folder.FullName, $"nodes-{busPort}.conf"));
}
