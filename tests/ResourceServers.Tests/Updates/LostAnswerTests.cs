using ResourceServers.Testing;
using ResourceServers.Tests.TestSupport;
using ResourceServers.Wire;
using static ResourceServers.Tests.TestSupport.UpdateTestData;

namespace ResourceServers.Tests.Updates;

/// <summary>
/// A write the service applied but whose answer was lost (a 500, a dropped connection, an attempt timeout) is retried;
/// the retry must find the call's own work done and report it as done, neither as a failure nor as "nothing to do".
/// </summary>
public class LostAnswerTests : IAsyncLifetime
{
    private CognitoPool _cognito = null!;

    private string Pool => _cognito.PoolId;

    public async Task InitializeAsync() => _cognito = await CognitoPool.CreateAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Ensure_reports_created_when_its_create_was_applied_but_the_answer_was_lost()
    {
        _cognito.Faults.FailNextAfterApplying(CognitoOperation.CreateResourceServer, 1, FaultKind.InternalError);
        var client = TestClients.Over(_cognito.Cognito, RetryWithoutDelay());
        var desired = Server("api", Scope("read"));

        var result = await client.EnsureAsync(desired);

        Assert.Equal(ResourceServerChangeKind.Created, result.Kind);
        Assert.Null(result.Before);
        Assert.Equal(desired, result.After);
        Assert.Equal(1, _cognito.Statistics.GetReceived(CognitoOperation.CreateResourceServer));
        Assert.Equal(0, _cognito.Statistics.GetReceived(CognitoOperation.UpdateResourceServer));
        Assert.Equal(desired, await _cognito.PeekAsync());
    }

    [Fact]
    public async Task Ensure_reports_updated_from_the_first_state_when_its_update_was_applied_but_the_answer_was_lost()
    {
        await _cognito.PutAsync(Server("api", Scope("read")));
        _cognito.Faults.FailNextAfterApplying(CognitoOperation.UpdateResourceServer, 1, FaultKind.InternalError);
        var client = TestClients.Over(_cognito.Cognito, RetryWithoutDelay());

        var result = await client.EnsureAsync(Server("renamed", Scope("read")));

        Assert.Equal(ResourceServerChangeKind.Updated, result.Kind);
        Assert.Equal(Server("api", Scope("read")), result.Before);
        Assert.Equal(Server("renamed", Scope("read")), result.After);
        Assert.Equal(1, _cognito.Statistics.GetReceived(CognitoOperation.UpdateResourceServer));
        Assert.Equal(Server("renamed", Scope("read")), await _cognito.PeekAsync());
    }

    [Fact]
    public async Task Ensure_of_a_state_already_in_place_is_unchanged_even_after_a_throttled_read()
    {
        await _cognito.PutAsync(Server("api", Scope("read")));
        _cognito.Faults.FailNext(CognitoOperation.DescribeResourceServer, 1, FaultKind.TooManyRequests);
        var client = TestClients.Over(_cognito.Cognito, RetryWithoutDelay());

        var result = await client.EnsureAsync(Server("api", Scope("read")));

        Assert.Equal(ResourceServerChangeKind.Unchanged, result.Kind);
        Assert.Equal(1, _cognito.Statistics.GetThrottled(CognitoOperation.DescribeResourceServer));
        Assert.Equal(0, _cognito.WritesReceived);
    }

    // A plain delete reads the server first (for the grant check) unless grants may be revoked freely; both paths must
    // read a lost answer the same way.
    [Theory]
    [InlineData(GrantRevocation.Refuse, 1)]
    [InlineData(GrantRevocation.Allow, 2)]
    public async Task Delete_succeeds_when_its_first_attempt_was_applied_but_the_answer_was_lost(GrantRevocation policy, int deletesSent)
    {
        await _cognito.PutAsync(Server("api"));
        _cognito.Faults.FailNextAfterApplying(CognitoOperation.DeleteResourceServer, 1, FaultKind.InternalError);

        await ClientWith(policy).DeleteAsync(Pool, Id);

        // Under Refuse the retry's read finds it gone: the first attempt's work, so no second delete is sent.
        Assert.Equal(deletesSent, _cognito.Statistics.GetReceived(CognitoOperation.DeleteResourceServer));
        Assert.Null(await _cognito.PeekAsync());
    }

    [Theory]
    [InlineData(GrantRevocation.Refuse, 1)]
    [InlineData(GrantRevocation.Allow, 2)]
    public async Task DeleteIfExists_is_true_when_its_first_attempt_was_applied_but_the_answer_was_lost(GrantRevocation policy, int deletesSent)
    {
        await _cognito.PutAsync(Server("api"));
        _cognito.Faults.FailNextAfterApplying(CognitoOperation.DeleteResourceServer, 1, FaultKind.InternalError);

        // It existed and this call deleted it: the retry's "not found" is the first attempt's work, not "nothing there".
        Assert.True(await ClientWith(policy).DeleteIfExistsAsync(Pool, Id));

        Assert.Equal(deletesSent, _cognito.Statistics.GetReceived(CognitoOperation.DeleteResourceServer));
        Assert.Null(await _cognito.PeekAsync());
    }

    [Theory]
    [InlineData(GrantRevocation.Refuse)]
    [InlineData(GrantRevocation.Allow)]
    public async Task Delete_of_a_resource_server_that_never_existed_is_not_found_after_one_call(GrantRevocation policy)
    {
        await Assert.ThrowsAsync<ResourceServerNotFoundException>(() => ClientWith(policy).DeleteAsync(Pool, Id));

        Assert.Equal(1, _cognito.Statistics.TotalReceived);
    }

    [Theory]
    [InlineData(GrantRevocation.Refuse)]
    [InlineData(GrantRevocation.Allow)]
    public async Task DeleteIfExists_of_a_resource_server_that_never_existed_is_false_after_one_call(GrantRevocation policy)
    {
        Assert.False(await ClientWith(policy).DeleteIfExistsAsync(Pool, Id));

        Assert.Equal(1, _cognito.Statistics.TotalReceived);
    }

    [Theory]
    [InlineData(GrantRevocation.Refuse, nameof(CognitoOperation.DescribeResourceServer))]
    [InlineData(GrantRevocation.Allow, nameof(CognitoOperation.DeleteResourceServer))]
    public async Task Delete_after_a_throttle_that_finds_nothing_is_not_found_since_the_throttled_attempt_applied_nothing(GrantRevocation policy, string firstCall)
    {
        _cognito.Faults.FailNext(CognitoOperation.Find(firstCall)!, 1, FaultKind.TooManyRequests);

        await Assert.ThrowsAsync<ResourceServerNotFoundException>(() => ClientWith(policy).DeleteAsync(Pool, Id));

        Assert.Equal(2, _cognito.Statistics.TotalReceived);
    }

    private ResourceServerClient ClientWith(GrantRevocation policy) => new(
        new ResourceServerClientOptions
        {
            GrantRevocation = policy,
            Resilience = { BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(1), UseJitter = false },
        },
        _cognito.Cognito);

    private ResourceServer Server(string name = "api", params ResourceServerScope[] scopes) => _cognito.Server(name, scopes);
}
