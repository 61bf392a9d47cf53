using System.Net;
using ResourceServers.Testing;
using ResourceServers.Wire;
using static ResourceServers.Tests.Testing.InMemory.InMemoryCognitoFixture;

namespace ResourceServers.Tests.Testing.InMemory;

public class FaultPlanTests
{
    [Fact]
    public async Task FailNext_fails_exactly_the_next_n_calls_of_that_operation()
    {
        var (cognito, _) = Create();
        var pool = await cognito.NewPoolAsync();
        await cognito.CreateResourceServerAsync(CreateRequest(pool));
        cognito.Faults.FailNext(CognitoOperation.DescribeResourceServer, 2, FaultKind.InternalError);

        // Another operation is not affected.
        await cognito.ListResourceServersAsync(new() { UserPoolId = pool });
        var first = await AssertCognito.ThrowsAsync(CognitoErrorCodes.InternalError, () => cognito.DescribeResourceServerAsync(DescribeRequest(pool)));
        await AssertCognito.ThrowsAsync(CognitoErrorCodes.InternalError, () => cognito.DescribeResourceServerAsync(DescribeRequest(pool)));
        await cognito.DescribeResourceServerAsync(DescribeRequest(pool));

        Assert.Equal(HttpStatusCode.InternalServerError, first.StatusCode);
        Assert.True(first.IsRetryable);
        Assert.NotNull(first.RequestId);
        Assert.Equal(new CognitoOperationCallCounts(Received: 3, Succeeded: 1, Throttled: 0, FailedByFault: 2), cognito.Statistics[CognitoOperation.DescribeResourceServer]);
    }

    [Fact]
    public async Task FailNext_queues_kinds_in_the_order_planned()
    {
        var (cognito, _) = Create();
        var pool = await cognito.NewPoolAsync();
        cognito.Faults.FailNext(CognitoOperation.ListResourceServers, 1, FaultKind.TooManyRequests);
        cognito.Faults.FailNext(CognitoOperation.ListResourceServers, 1, FaultKind.InternalError);

        await AssertCognito.ThrowsAsync(CognitoErrorCodes.TooManyRequests, () => cognito.ListResourceServersAsync(new() { UserPoolId = pool }));
        await AssertCognito.ThrowsAsync(CognitoErrorCodes.InternalError, () => cognito.ListResourceServersAsync(new() { UserPoolId = pool }));
        await cognito.ListResourceServersAsync(new() { UserPoolId = pool });

        var counts = cognito.Statistics[CognitoOperation.ListResourceServers];
        Assert.Equal(1, counts.Throttled);
        Assert.Equal(2, counts.FailedByFault);
    }

    [Fact]
    public async Task A_faulted_call_changes_no_state()
    {
        var (cognito, _) = Create();
        var pool = await cognito.NewPoolAsync();
        await cognito.CreateResourceServerAsync(CreateRequest(pool, scopes: [Read, Write]));
        foreach (var op in new CognitoOperation[] { CognitoOperation.CreateResourceServer, CognitoOperation.UpdateResourceServer, CognitoOperation.DeleteResourceServer })
        {
            cognito.Faults.FailNext(op, 1, FaultKind.DroppedConnection);
        }

        await Assert.ThrowsAnyAsync<HttpRequestException>(() => cognito.CreateResourceServerAsync(CreateRequest(pool, "other")));
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => cognito.UpdateResourceServerAsync(new() { UserPoolId = pool, Identifier = Identifier, Name = "renamed" }));
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => cognito.DeleteResourceServerAsync(new() { UserPoolId = pool, Identifier = Identifier }));

        var list = await cognito.ListResourceServersAsync(new() { UserPoolId = pool });
        var only = Assert.Single(list.ResourceServers);
        Assert.Equal("my-api", only.Name);
        Assert.Equal([Read, Write], only.Scopes!);
    }

    [Fact]
    public async Task An_html_error_page_looks_like_what_the_transport_makes_of_one()
    {
        var (cognito, _) = Create();
        var pool = await cognito.NewPoolAsync();
        cognito.Faults.FailNext(CognitoOperation.ListResourceServers, 1, FaultKind.HtmlErrorPage);

        var e = await Assert.ThrowsAsync<InjectedHtmlErrorPageException>(() => cognito.ListResourceServersAsync(new() { UserPoolId = pool }));

        CognitoServiceException asSeen = e;
        Assert.Equal("Unknown", asSeen.ErrorCode);
        Assert.Equal(HttpStatusCode.InternalServerError, asSeen.StatusCode);
        Assert.True(asSeen.IsRetryable);
    }

    [Fact]
    public async Task A_dropped_connection_is_a_transport_failure_with_an_io_cause()
    {
        var (cognito, _) = Create();
        var pool = await cognito.NewPoolAsync();
        cognito.Faults.FailNext(CognitoOperation.DescribeResourceServer, 1, FaultKind.DroppedConnection);

        var e = await Assert.ThrowsAsync<InjectedConnectionDropException>(() => cognito.DescribeResourceServerAsync(DescribeRequest(pool)));

        Assert.IsAssignableFrom<HttpRequestException>(e);
        Assert.IsType<IOException>(e.InnerException);
        Assert.Equal(HttpRequestError.ResponseEnded, e.HttpRequestError);
        Assert.IsNotAssignableFrom<CognitoServiceException>(e);
    }

    [Fact]
    public async Task FailShare_fails_about_the_share_and_the_same_calls_for_the_same_seed()
    {
        static async Task<bool[]> RunAsync(int seed)
        {
            var (cognito, _) = Create();
            var pool = await cognito.NewPoolAsync();
            cognito.Faults.FailShare(CognitoOperation.ListResourceServers, 0.3, FaultKind.InternalError, seed);
            var failed = new bool[1000];
            for (var i = 0; i < failed.Length; i++)
            {
                try
                {
                    await cognito.ListResourceServersAsync(new() { UserPoolId = pool });
                }
                catch (CognitoServiceException thrown) when (thrown.ErrorCode == CognitoErrorCodes.InternalError)
                {
                    failed[i] = true;
                }
            }

            Assert.Equal(failed.Count(f => f), cognito.Statistics.GetFailedByFault(CognitoOperation.ListResourceServers));
            return failed;
        }

        var a = await RunAsync(seed: 42);
        var b = await RunAsync(seed: 42);
        var c = await RunAsync(seed: 7);

        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        Assert.InRange(a.Count(f => f), 240, 360);
    }

    [Fact]
    public async Task FailShare_of_zero_removes_the_rule_and_one_fails_every_call()
    {
        var (cognito, _) = Create();
        var pool = await cognito.NewPoolAsync();

        cognito.Faults.FailShare(CognitoOperation.ListResourceServers, 1, FaultKind.TooManyRequests);
        for (var i = 0; i < 5; i++)
        {
            await AssertCognito.ThrowsAsync(CognitoErrorCodes.TooManyRequests, () => cognito.ListResourceServersAsync(new() { UserPoolId = pool }));
        }

        cognito.Faults.FailShare(CognitoOperation.ListResourceServers, 0, FaultKind.TooManyRequests);
        await cognito.ListResourceServersAsync(new() { UserPoolId = pool });
        Assert.Equal(5, cognito.Statistics.GetThrottled(CognitoOperation.ListResourceServers));
    }

    [Fact]
    public async Task FailNext_is_taken_before_the_share_rule()
    {
        var (cognito, _) = Create();
        var pool = await cognito.NewPoolAsync();
        cognito.Faults.FailShare(CognitoOperation.ListResourceServers, 1, FaultKind.TooManyRequests);
        cognito.Faults.FailNext(CognitoOperation.ListResourceServers, 1, FaultKind.InternalError);

        await AssertCognito.ThrowsAsync(CognitoErrorCodes.InternalError, () => cognito.ListResourceServersAsync(new() { UserPoolId = pool }));
        await AssertCognito.ThrowsAsync(CognitoErrorCodes.TooManyRequests, () => cognito.ListResourceServersAsync(new() { UserPoolId = pool }));
    }

    [Fact]
    public async Task DelayNext_holds_the_call_until_the_fake_clock_moves()
    {
        var (cognito, time) = Create();
        var pool = await cognito.NewPoolAsync();
        cognito.Faults.DelayNext(CognitoOperation.CreateResourceServer, 1, TimeSpan.FromSeconds(5));

        var delayed = cognito.CreateResourceServerAsync(CreateRequest(pool));
        Assert.False(delayed.IsCompleted);
        // Not applied yet: the delay comes before the store is touched.
        await Assert.ThrowsAsync<ResourceServerNotFoundException>(() => cognito.DescribeResourceServerAsync(DescribeRequest(pool)));

        time.Advance(TimeSpan.FromSeconds(4.9));
        Assert.False(delayed.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(0.1));
        await delayed;

        await cognito.DescribeResourceServerAsync(DescribeRequest(pool));
        // Only the next call was delayed.
        Assert.True(cognito.CreateResourceServerAsync(CreateRequest(pool, "second")).IsCompleted);
    }

    [Fact]
    public async Task Cancelling_a_delayed_call_cancels_it_and_changes_nothing()
    {
        var (cognito, _) = Create();
        var pool = await cognito.NewPoolAsync();
        cognito.Faults.DelayNext(CognitoOperation.CreateResourceServer, 1, TimeSpan.FromMinutes(1));
        using var cts = new CancellationTokenSource();

        var delayed = cognito.CreateResourceServerAsync(CreateRequest(pool), cts.Token);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => delayed);
        await Assert.ThrowsAsync<ResourceServerNotFoundException>(() => cognito.DescribeResourceServerAsync(DescribeRequest(pool)));
    }

    [Fact]
    public async Task A_delay_then_a_fault_both_apply_to_the_same_call()
    {
        var (cognito, time) = Create();
        var pool = await cognito.NewPoolAsync();
        cognito.Faults.DelayNext(CognitoOperation.ListResourceServers, 1, TimeSpan.FromSeconds(2));
        cognito.Faults.FailNext(CognitoOperation.ListResourceServers, 1, FaultKind.InternalError);

        var call = cognito.ListResourceServersAsync(new() { UserPoolId = pool });
        Assert.False(call.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(2));

        await AssertCognito.ThrowsAsync(CognitoErrorCodes.InternalError, () => call);
    }

    [Fact]
    public async Task Clear_removes_every_plan()
    {
        var (cognito, _) = Create();
        var pool = await cognito.NewPoolAsync();
        cognito.Faults.FailNext(CognitoOperation.ListResourceServers, 5, FaultKind.InternalError);
        cognito.Faults.FailShare(CognitoOperation.ListResourceServers, 1, FaultKind.InternalError);
        cognito.Faults.DelayNext(CognitoOperation.ListResourceServers, 5, TimeSpan.FromHours(1));

        cognito.Faults.Clear();

        var call = cognito.ListResourceServersAsync(new() { UserPoolId = pool });
        Assert.True(call.IsCompletedSuccessfully);
        await call;
    }

    [Fact]
    public void Plans_reject_out_of_range_arguments()
    {
        var (cognito, _) = Create();

        Assert.Throws<ArgumentOutOfRangeException>(() => cognito.Faults.FailNext(CognitoOperation.ListResourceServers, -1, FaultKind.InternalError));
        Assert.Throws<ArgumentNullException>(() => cognito.Faults.FailNext(null!, 1, FaultKind.InternalError));
        Assert.Throws<ArgumentOutOfRangeException>(() => cognito.Faults.FailNext(CognitoOperation.ListResourceServers, 1, (FaultKind)99));
        Assert.Throws<ArgumentOutOfRangeException>(() => cognito.Faults.FailShare(CognitoOperation.ListResourceServers, 1.5, FaultKind.InternalError));
        Assert.Throws<ArgumentOutOfRangeException>(() => cognito.Faults.FailShare(CognitoOperation.ListResourceServers, double.NaN, FaultKind.InternalError));
        Assert.Throws<ArgumentOutOfRangeException>(() => cognito.Faults.DelayNext(CognitoOperation.ListResourceServers, 1, TimeSpan.FromSeconds(-1)));
    }

    [Fact]
    public async Task Statistics_count_every_call_and_reset()
    {
        var (cognito, _) = Create();
        var pool = await cognito.NewPoolAsync();

        await cognito.CreateResourceServerAsync(CreateRequest(pool));
        await AssertCognito.ThrowsAsync(CognitoErrorCodes.InvalidParameter, () => cognito.CreateResourceServerAsync(CreateRequest(pool)));
        await AssertCognito.ThrowsAsync(CognitoErrorCodes.InvalidParameter, () => cognito.CreateResourceServerAsync(CreateRequest("bad")));

        Assert.Equal(new CognitoOperationCallCounts(3, 1, 0, 0), cognito.Statistics[CognitoOperation.CreateResourceServer]);
        Assert.Equal(3, cognito.Statistics.TotalReceived);
        cognito.Statistics.Reset();
        Assert.Equal(0, cognito.Statistics.TotalReceived);
        Assert.Equal(0, cognito.Statistics.GetSucceeded(CognitoOperation.CreateResourceServer));
    }
}
