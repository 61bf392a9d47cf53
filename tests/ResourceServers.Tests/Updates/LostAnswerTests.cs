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

    [Fact]
    public async Task Delete_succeeds_when_its_first_attempt_was_applied_but_the_answer_was_lost()
    {
        _cognito.Put(Server("api"));
        _cognito.FailNext(1, CognitoOperation.DeleteResourceServer, error: () => CognitoServiceException.FromErrorCode(CognitoErrorCodes.InternalError, "boom"), afterEffect: true);
        var client = TestClients.Over(_cognito, RetryWithoutDelay());

        await client.DeleteAsync(Pool, Id);

        Assert.Null(_cognito.Peek(Pool, Id));
        Assert.Equal(2, _cognito.Calls.Count(c => c == CognitoOperation.DeleteResourceServer));
    }

    [Fact]
    public async Task Delete_of_a_resource_server_that_never_existed_is_not_found_after_one_call()
    {
        var client = TestClients.Over(_cognito, RetryWithoutDelay());

        await Assert.ThrowsAsync<ResourceServerNotFoundException>(() => client.DeleteAsync(Pool, Id));

        Assert.Single(_cognito.Calls);
    }

    [Fact]
    public async Task Delete_after_a_throttle_that_finds_nothing_is_not_found_since_the_throttled_attempt_applied_nothing()
    {
        _cognito.FailNext(1, CognitoOperation.DeleteResourceServer);
        var client = TestClients.Over(_cognito, RetryWithoutDelay());

        await Assert.ThrowsAsync<ResourceServerNotFoundException>(() => client.DeleteAsync(Pool, Id));

        Assert.Equal(2, _cognito.Calls.Count);
    }
}
