using System.Net;
using ResourceServers.Testing;
using ResourceServers.Wire;

namespace ResourceServers.IntegrationTests.Resilience;

/// <summary>Each retryable failure, served by the emulator over HTTP, is retried and recovers within the attempt budget.</summary>
public class RetryableFaultsOverHttpTests : IAsyncLifetime
{
    private HttpResilienceHarness _harness = null!;

    public static TheoryData<FaultKind, int> FaultsWithinBudget()
    {
        var data = new TheoryData<FaultKind, int>();
        foreach (var kind in Enum.GetValues<FaultKind>())
        {
            data.Add(kind, 1);
            data.Add(kind, 2);
        }

        return data;
    }

    public async Task InitializeAsync() => _harness = await HttpResilienceHarness.StartAsync();

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Theory]
    [MemberData(nameof(FaultsWithinBudget))]
    public async Task Update_recovers_and_the_service_sees_failures_plus_one_requests(FaultKind kind, int failures)
    {
        _harness.Cognito.Faults.FailNext(CognitoOperation.UpdateResourceServer, failures, kind);
        var desired = _harness.Existing with { Name = "renamed" };

        var updated = await _harness.Client.UpdateAsync(desired);

        Assert.Equal(desired, updated);
        Assert.Equal(failures + 1, _harness.Statistics.GetReceived(CognitoOperation.UpdateResourceServer));
        Assert.Equal(failures, _harness.Statistics.GetFailedByFault(CognitoOperation.UpdateResourceServer));
        Assert.Equal(1, _harness.Statistics.GetSucceeded(CognitoOperation.UpdateResourceServer));
        Assert.Equal(failures + 1, _harness.Requests.Count);
        Assert.Equal(desired, await _harness.Client.GetAsync(_harness.UserPoolId, HttpResilienceHarness.ExistingIdentifier));
    }

    [Theory]
    [MemberData(nameof(FaultsWithinBudget))]
    public async Task Describe_recovers_and_the_service_sees_failures_plus_one_requests(FaultKind kind, int failures)
    {
        _harness.Cognito.Faults.FailNext(CognitoOperation.DescribeResourceServer, failures, kind);

        var found = await _harness.Client.GetAsync(_harness.UserPoolId, HttpResilienceHarness.ExistingIdentifier);

        Assert.Equal(_harness.Existing, found);
        Assert.Equal(failures + 1, _harness.Statistics.GetReceived(CognitoOperation.DescribeResourceServer));
        Assert.Equal(failures + 1, _harness.Requests.Count);
    }

    [Theory]
    [InlineData(FaultKind.TooManyRequests, typeof(CognitoServiceException), CognitoErrorCodes.TooManyRequests, 5)] // MaxAttemptsWhenThrottled
    [InlineData(FaultKind.InternalError, typeof(CognitoServiceException), CognitoErrorCodes.InternalError, 3)] // MaxAttempts
    [InlineData(FaultKind.HtmlErrorPage, typeof(CognitoServiceException), CognitoErrorCodes.Unknown, 3)]
    [InlineData(FaultKind.FrontEndThrottling, typeof(CognitoServiceException), "ThrottlingException", 5)] // a throttle by another name
    [InlineData(FaultKind.DroppedConnection, typeof(CognitoServiceException), CognitoErrorCodes.ConnectionFailure, 3)]
    public async Task A_fault_that_outlasts_its_attempts_surfaces_after_exactly_that_many_requests(FaultKind kind, Type expected, string? errorCode, int attempts)
    {
        _harness.Cognito.Faults.FailNext(CognitoOperation.UpdateResourceServer, attempts, kind);

        var error = await Assert.ThrowsAnyAsync<Exception>(() => _harness.Client.UpdateAsync(_harness.Existing with { Name = "never" }));

        Assert.IsType(expected, error);
        Assert.Equal(errorCode, (error as CognitoServiceException)?.ErrorCode);
        if (kind == FaultKind.HtmlErrorPage)
        {
            Assert.Equal(HttpStatusCode.InternalServerError, ((CognitoServiceException)error).StatusCode);
        }

        Assert.Equal(attempts, _harness.Statistics.GetReceived(CognitoOperation.UpdateResourceServer));
        Assert.Equal(0, _harness.Statistics.GetSucceeded(CognitoOperation.UpdateResourceServer));
        Assert.Equal("existing", (await _harness.Client.GetAsync(_harness.UserPoolId, HttpResilienceHarness.ExistingIdentifier)).Name);
    }
}
