using ResourceServers.Tests.TestSupport;
using ResourceServers.Wire;
using static ResourceServers.Tests.TestSupport.UpdateTestData;

namespace ResourceServers.Tests.Updates;

/// <summary>
/// A write the service applied but whose answer was lost (a 500, a dropped connection, an attempt timeout) is retried;
/// the retry must find the call's own work done and report it as done, neither as a failure nor as "nothing to do".
/// </summary>
public class LostAnswerTests
{
    private readonly ReplacingFakeCognito _cognito = new();

    [Fact]
    public async Task Ensure_reports_created_when_its_create_was_applied_but_the_answer_was_lost()
    {
        _cognito.FailNext(1, CognitoOperation.CreateResourceServer, error: () => CognitoServiceException.FromErrorCode(CognitoErrorCodes.InternalError, "boom"), afterEffect: true);
        var client = TestClients.Over(_cognito, RetryWithoutDelay());
        var desired = Server("api", Scope("read"));

        var result = await client.EnsureAsync(desired);

        Assert.Equal(ResourceServerChangeKind.Created, result.Kind);
        Assert.Null(result.Before);
        Assert.Equal(desired, result.After);
        Assert.Equal(1, _cognito.Creates);
        Assert.Equal(0, _cognito.Updates);
    }

    [Fact]
    public async Task Ensure_reports_updated_from_the_first_state_when_its_update_was_applied_but_the_answer_was_lost()
    {
        _cognito.Put(Server("api", Scope("read")));
        _cognito.FailNext(1, CognitoOperation.UpdateResourceServer, error: () => CognitoServiceException.FromErrorCode(CognitoErrorCodes.InternalError, "boom"), afterEffect: true);
        var client = TestClients.Over(_cognito, RetryWithoutDelay());

        var result = await client.EnsureAsync(Server("renamed", Scope("read")));

        Assert.Equal(ResourceServerChangeKind.Updated, result.Kind);
        Assert.Equal(Server("api", Scope("read")), result.Before);
        Assert.Equal(Server("renamed", Scope("read")), result.After);
        Assert.Equal(1, _cognito.Updates);
    }

    [Fact]
    public async Task Ensure_of_a_state_already_in_place_is_unchanged_even_after_a_throttled_read()
    {
        _cognito.Put(Server("api", Scope("read")));
        _cognito.FailNext(1, CognitoOperation.DescribeResourceServer);
        var client = TestClients.Over(_cognito, RetryWithoutDelay());

        var result = await client.EnsureAsync(Server("api", Scope("read")));

        Assert.Equal(ResourceServerChangeKind.Unchanged, result.Kind);
        Assert.Equal(0, _cognito.Writes);
    }

    // A plain delete reads the server first (for the grant check) unless grants may be revoked freely; both paths must
    // read a lost answer the same way.
    [Theory]
    [InlineData(GrantRevocation.Refuse, 1)]
    [InlineData(GrantRevocation.Allow, 2)]
    public async Task Delete_succeeds_when_its_first_attempt_was_applied_but_the_answer_was_lost(GrantRevocation policy, int deletesSent)
    {
        _cognito.Put(Server("api"));
        _cognito.FailNext(1, CognitoOperation.DeleteResourceServer, error: () => CognitoServiceException.FromErrorCode(CognitoErrorCodes.InternalError, "boom"), afterEffect: true);

        await ClientWith(policy).DeleteAsync(Pool, Id);

        // Under Refuse the retry's read finds it gone: the first attempt's work, so no second delete is sent.
        Assert.Null(_cognito.Peek(Pool, Id));
        Assert.Equal(deletesSent, _cognito.Calls.Count(c => c == CognitoOperation.DeleteResourceServer));
    }

    [Theory]
    [InlineData(GrantRevocation.Refuse)]
    [InlineData(GrantRevocation.Allow)]
    public async Task Delete_of_a_resource_server_that_never_existed_is_not_found_after_one_call(GrantRevocation policy)
    {
        await Assert.ThrowsAsync<ResourceServerNotFoundException>(() => ClientWith(policy).DeleteAsync(Pool, Id));

        Assert.Single(_cognito.Calls);
    }

    [Theory]
    [InlineData(GrantRevocation.Refuse)]
    [InlineData(GrantRevocation.Allow)]
    public async Task DeleteIfExists_of_a_resource_server_that_never_existed_is_false_after_one_call(GrantRevocation policy)
    {
        Assert.False(await ClientWith(policy).DeleteIfExistsAsync(Pool, Id));

        Assert.Single(_cognito.Calls);
    }

    [Theory]
    [InlineData(GrantRevocation.Refuse, nameof(CognitoOperation.DescribeResourceServer))]
    [InlineData(GrantRevocation.Allow, nameof(CognitoOperation.DeleteResourceServer))]
    public async Task Delete_after_a_throttle_that_finds_nothing_is_not_found_since_the_throttled_attempt_applied_nothing(GrantRevocation policy, string firstCall)
    {
        _cognito.FailNext(1, CognitoOperation.Find(firstCall));

        await Assert.ThrowsAsync<ResourceServerNotFoundException>(() => ClientWith(policy).DeleteAsync(Pool, Id));

        Assert.Equal(2, _cognito.Calls.Count);
    }

    private ResourceServerClient ClientWith(GrantRevocation policy) => new(
        new ResourceServerClientOptions
        {
            GrantRevocation = policy,
            Resilience = { BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(1), UseJitter = false },
        },
        _cognito);
}
