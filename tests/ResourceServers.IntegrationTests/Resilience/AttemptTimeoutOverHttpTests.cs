using System.Diagnostics;
using ResourceServers.Wire;

namespace ResourceServers.IntegrationTests.Resilience;

/// <summary>Time limits over HTTP: a hung attempt is abandoned and retried; the caller's cancellation ends the call.</summary>
public class AttemptTimeoutOverHttpTests
{
    // Far beyond any attempt timeout here: a test that waited it out would fail on its counts, not pass slowly.
    private static readonly TimeSpan Hang = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_delayed_response_hits_the_attempt_timeout_and_the_retry_succeeds()
    {
        var options = HttpResilienceHarness.FastOptions();
        // Real time, so generous enough for a loaded CI machine; still far below the hang it must cut short.
        options.AttemptTimeout = TimeSpan.FromSeconds(2.5);
        await using var harness = await HttpResilienceHarness.StartAsync(options);
        harness.Cognito.Faults.DelayNext(CognitoOperation.UpdateResourceServer, 1, Hang);
        var desired = harness.Existing with { Name = "after-timeout" };
        var clock = Stopwatch.StartNew();

        var updated = await harness.Client.UpdateAsync(desired);

        Assert.Equal(desired, updated);
        Assert.True(clock.Elapsed < Hang / 2, $"The call took {clock.Elapsed}: the hung attempt was waited out.");
        Assert.Equal(2, harness.Statistics.GetReceived(CognitoOperation.UpdateResourceServer));
        Assert.Equal(1, harness.Statistics.GetSucceeded(CognitoOperation.UpdateResourceServer));
        Assert.Equal(2, harness.Requests.Count);
    }

    [Fact]
    public async Task Cancelling_mid_request_surfaces_as_operation_canceled_and_is_not_retried()
    {
        await using var harness = await HttpResilienceHarness.StartAsync();
        harness.Cognito.Faults.DelayNext(CognitoOperation.DescribeResourceServer, 1, Hang);
        using var cancellation = new CancellationTokenSource();

        var call = harness.Client.GetAsync(harness.UserPoolId, HttpResilienceHarness.ExistingIdentifier, cancellation.Token);
        await HttpResilienceHarness.WaitUntilAsync(
            () => harness.Statistics.GetReceived(CognitoOperation.DescribeResourceServer) == 1,
            "the emulator holds the request");
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.Equal(1, harness.Requests.Count);
        Assert.Equal(1, harness.Statistics.GetReceived(CognitoOperation.DescribeResourceServer));
        Assert.Equal(0, harness.Statistics.GetSucceeded(CognitoOperation.DescribeResourceServer));
    }
}
