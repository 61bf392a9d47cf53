using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using ResourceServers.Testing;

namespace ResourceServers.Tests.FirstUse;

/// <summary>Absence is an ordinary outcome: FindAsync and DeleteIfExistsAsync say so without an exception or a warning.</summary>
public class FindAndDeleteIfExistsTests
{
    private readonly InMemoryCognito _cognito = new();

    [Fact]
    public async Task FindAsync_returns_null_for_a_missing_server_and_logs_nothing_at_Information()
    {
        var pool = await _cognito.CreateUserPoolAsync("p");
        await using var provider = Provider(LogLevel.Information);

        var found = await provider.GetRequiredService<IResourceServerClient>().FindAsync(pool.Id, "https://missing");

        Assert.Null(found);
        Assert.Empty(provider.GetFakeLogCollector().GetSnapshot());
    }

    [Fact]
    public async Task FindAsync_returns_the_server_when_it_exists_and_null_for_a_missing_pool()
    {
        var pool = await _cognito.CreateUserPoolAsync("p");
        var client = _cognito.CreateClient();
        var created = await client.CreateAsync(new ResourceServer(pool.Id, "https://api", "api", [new ResourceServerScope("read", "Read")]));

        Assert.Equal(created, await client.FindAsync(pool.Id, "https://api"));
        Assert.Null(await client.FindAsync("us-east-1_nopool", "https://api"));
    }

    [Fact]
    public async Task DeleteIfExistsAsync_says_whether_it_deleted_and_never_throws_for_absence()
    {
        var pool = await _cognito.CreateUserPoolAsync("p");
        var client = _cognito.CreateClient();
        await client.CreateAsync(new ResourceServer(pool.Id, "https://api", "api"));

        Assert.True(await client.DeleteIfExistsAsync(pool.Id, "https://api"));
        Assert.False(await client.DeleteIfExistsAsync(pool.Id, "https://api"));
        Assert.Null(await client.FindAsync(pool.Id, "https://api"));
        await Assert.ThrowsAsync<ResourceServerNotFoundException>(() => client.DeleteAsync(pool.Id, "https://api"));
    }

    [Fact]
    public async Task A_delete_whose_answer_was_lost_counts_as_this_calls_own_delete()
    {
        var pool = await _cognito.CreateUserPoolAsync("p");
        var client = _cognito.CreateClient(new ResourceServerClientOptions { Resilience = { BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(1) } });
        await client.CreateAsync(new ResourceServer(pool.Id, "https://api", "api"));
        _cognito.Faults.FailNextAfterApplying(Wire.CognitoOperation.DeleteResourceServer, 1, FaultKind.InternalError);

        Assert.True(await client.DeleteIfExistsAsync(pool.Id, "https://api"));
    }

    [Fact]
    public async Task A_healthy_call_adds_no_Polly_lines_at_Information()
    {
        var pool = await _cognito.CreateUserPoolAsync("p");
        await using var provider = Provider(LogLevel.Information);
        var client = provider.GetRequiredService<IResourceServerClient>();

        await client.CreateAsync(new ResourceServer(pool.Id, "https://api", "api"));
        await client.GetAsync(pool.Id, "https://api");
        await Assert.ThrowsAsync<ResourceServerNotFoundException>(() => client.GetAsync(pool.Id, "https://missing"));

        var lines = provider.GetFakeLogCollector().GetSnapshot();
        Assert.DoesNotContain(lines, l => l.Category?.StartsWith("Polly", StringComparison.Ordinal) == true);

        // The create is the one Information line; the expected not-found is a warning without a stack trace.
        Assert.Single(lines, l => l.Level == LogLevel.Information);
        var notFound = Assert.Single(lines, l => l.Level == LogLevel.Warning);
        Assert.Null(notFound.Exception);
    }

    private ServiceProvider Provider(LogLevel minimum)
    {
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(minimum).AddFakeLogging());
        services.AddResourceServerClient().UseInMemoryCognito(_cognito);
        return services.BuildServiceProvider();
    }
}
