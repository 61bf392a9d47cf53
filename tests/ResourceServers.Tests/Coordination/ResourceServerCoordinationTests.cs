using Microsoft.Extensions.DependencyInjection;
using ResourceServers.Testing;

namespace ResourceServers.Tests.Coordination;

/// <summary>The coordination's settings as a user writes them: checked where set, with defaults that never write uncoordinated; and its registration.</summary>
public sealed class ResourceServerCoordinationTests
{
    [Fact]
    public void Defaults_name_keys_resourceservers_share_no_pacing_and_never_fall_back_to_local_coordination()
    {
        var locks = new InMemoryLockProvider();

        var coordination = new ResourceServerCoordination(locks, "Postgres at db.internal");

        Assert.Same(locks, coordination.Locks);
        Assert.Equal("Postgres at db.internal", coordination.Coordinator);
        Assert.Equal("resourceservers", ResourceServerCoordination.DefaultKeyPrefix);
        Assert.Equal(ResourceServerCoordination.DefaultKeyPrefix, coordination.KeyPrefix);
        Assert.Null(coordination.SharedPacing);
        Assert.False(coordination.FallbackToLocal);
    }

    [Fact]
    public void Missing_locks_are_refused_naming_the_parameter()
    {
        var error = Assert.Throws<ArgumentNullException>(() => new ResourceServerCoordination(null!, "Redis"));

        Assert.Equal("locks", error.ParamName);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    public void A_blank_coordinator_name_is_refused_naming_the_parameter(string coordinator)
    {
        var error = Assert.Throws<ArgumentException>(() => new ResourceServerCoordination(new InMemoryLockProvider(), coordinator));

        Assert.Equal("coordinator", error.ParamName);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    public void A_blank_key_prefix_is_refused_naming_the_setting(string prefix)
    {
        var error = Assert.Throws<ArgumentException>(() => new ResourceServerCoordination(new InMemoryLockProvider(), "Redis") { KeyPrefix = prefix });

        Assert.Equal(nameof(ResourceServerCoordination.KeyPrefix), error.ParamName);
    }

    [Fact]
    public async Task A_coordination_registered_with_UseCoordination_locks_the_units_of_the_resolved_client()
    {
        var cognito = new InMemoryCognito();
        var pool = (await cognito.CreateUserPoolAsync("di")).Id;
        await cognito.CreateClient().CreateAsync(new ResourceServer(pool, "https://orders.example.com", "orders", []));
        var locks = new InMemoryLockProvider();
        var services = new ServiceCollection();
        services.AddResourceServerClient().UseInMemoryCognito(cognito).UseCoordination(_ => new ResourceServerCoordination(locks, "Postgres") { KeyPrefix = "di" });
        await using var provider = services.BuildServiceProvider();

        await provider.GetRequiredService<IResourceServerClient>().PatchAsync(pool, "https://orders.example.com", ResourceServerPatch.Rename("orders-1"));

        Assert.Equal([$"di:lock:port:{pool}:https://orders.example.com"], locks.Acquired);
    }

    [Fact]
    public void A_coordination_factory_that_returns_null_is_reported_naming_the_client()
    {
        var services = new ServiceCollection();
        services.AddKeyedResourceServerClient("billing").UseInMemoryCognito(new InMemoryCognito()).UseCoordination(_ => null!);
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredKeyedService<IResourceServerClient>("billing"));

        Assert.Contains("UseCoordination", error.Message, StringComparison.Ordinal);
        Assert.Contains("'billing'", error.Message, StringComparison.Ordinal);
    }
}
