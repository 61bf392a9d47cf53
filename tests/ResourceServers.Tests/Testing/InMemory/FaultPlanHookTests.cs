using ResourceServers.Testing;
using ResourceServers.Wire;
using static ResourceServers.Tests.Testing.InMemory.InMemoryCognitoFixture;

namespace ResourceServers.Tests.Testing.InMemory;

/// <summary>FaultPlan.BeforeServing and AfterServing: what a hook is given, when it runs, and what its wait or its exception does to the request.</summary>
public class FaultPlanHookTests
{
    [Fact]
    public async Task BeforeServing_is_given_each_request_numbered_per_operation_with_its_arrival_on_the_instance_clock()
    {
        var (cognito, time) = Create();
        var pool = await cognito.NewPoolAsync();
        await cognito.CreateResourceServerAsync(CreateRequest(pool));
        var seen = new List<ReceivedCognitoRequest>();
        cognito.Faults.BeforeServing(CognitoOperation.DescribeResourceServer, (request, _) =>
        {
            seen.Add(request);
            return Task.CompletedTask;
        });

        var start = time.GetUtcNow();
        await cognito.DescribeResourceServerAsync(DescribeRequest(pool));
        await cognito.ListResourceServersAsync(new() { UserPoolId = pool });
        time.Advance(TimeSpan.FromSeconds(3));
        var second = DescribeRequest(pool);
        await cognito.DescribeResourceServerAsync(second);

        Assert.Equal([1L, 2L], seen.Select(r => r.Number));
        Assert.Equal([start, start.AddSeconds(3)], seen.Select(r => r.ReceivedAt));
        Assert.All(seen, r => Assert.Same(CognitoOperation.DescribeResourceServer, r.Operation));
        Assert.All(seen, r => Assert.Equal(pool, r.UserPoolId));
        Assert.Same(second, seen[1].Request);
    }

    [Fact]
    public async Task A_request_waits_for_the_BeforeServing_hook_and_is_applied_after_it()
    {
        var (cognito, _) = Create();
        var pool = await cognito.NewPoolAsync();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        cognito.Faults.BeforeServing(CognitoOperation.CreateResourceServer, (_, _) => release.Task);

        var held = cognito.CreateResourceServerAsync(CreateRequest(pool));
        Assert.False(held.IsCompleted);
        await Assert.ThrowsAsync<ResourceServerNotFoundException>(() => cognito.DescribeResourceServerAsync(DescribeRequest(pool)));

        release.SetResult();
        await held;
        await cognito.DescribeResourceServerAsync(DescribeRequest(pool));
    }

    [Fact]
    public async Task An_exception_from_BeforeServing_is_the_answer_and_nothing_is_applied()
    {
        var (cognito, _) = Create();
        var pool = await cognito.NewPoolAsync();
        cognito.Faults.BeforeServing(CognitoOperation.CreateResourceServer, (_, _) => throw CognitoServiceException.FromErrorCode(CognitoErrorCodes.InvalidParameter, "scripted"));

        var error = await AssertCognito.ThrowsAsync(CognitoErrorCodes.InvalidParameter, () => cognito.CreateResourceServerAsync(CreateRequest(pool)));

        Assert.Equal("scripted", error.ServiceMessage);
        await Assert.ThrowsAsync<ResourceServerNotFoundException>(() => cognito.DescribeResourceServerAsync(DescribeRequest(pool)));
        Assert.Equal(1, cognito.Statistics[CognitoOperation.CreateResourceServer].Received);
        Assert.Equal(0, cognito.Statistics[CognitoOperation.CreateResourceServer].Succeeded);
    }

    [Fact]
    public async Task A_BeforeServing_hook_that_waits_on_the_token_ends_when_the_caller_cancels()
    {
        var (cognito, _) = Create();
        var pool = await cognito.NewPoolAsync();
        cognito.Faults.BeforeServing(CognitoOperation.ListResourceServers, (_, ct) => Task.Delay(Timeout.InfiniteTimeSpan, ct));
        using var cancel = new CancellationTokenSource();

        var hanging = cognito.ListResourceServersAsync(new() { UserPoolId = pool }, cancel.Token);
        Assert.False(hanging.IsCompleted);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => hanging);
    }

    [Fact]
    public async Task AfterServing_runs_once_the_request_was_applied_and_its_exception_is_a_lost_answer()
    {
        var (cognito, _) = Create();
        var pool = await cognito.NewPoolAsync();
        var storedWhenHookRan = false;
        cognito.Faults.AfterServing(CognitoOperation.CreateResourceServer, async (request, ct) =>
        {
            storedWhenHookRan = (await cognito.DescribeResourceServerAsync(DescribeRequest(pool), ct)).ResourceServer is not null;
            throw CognitoServiceException.FromErrorCode(CognitoErrorCodes.InternalError, "answer lost");
        });

        await AssertCognito.ThrowsAsync(CognitoErrorCodes.InternalError, () => cognito.CreateResourceServerAsync(CreateRequest(pool)));

        Assert.True(storedWhenHookRan);
        Assert.Equal(Identifier, (await cognito.DescribeResourceServerAsync(DescribeRequest(pool))).ResourceServer!.Identifier);
    }

    [Fact]
    public async Task AfterServing_does_not_run_for_a_request_that_was_refused()
    {
        var (cognito, _) = Create();
        var pool = await cognito.NewPoolAsync();
        var ran = 0;
        cognito.Faults.AfterServing(CognitoOperation.DescribeResourceServer, (_, _) =>
        {
            ran++;
            return Task.CompletedTask;
        });
        cognito.Faults.FailNext(CognitoOperation.DescribeResourceServer, 1, FaultKind.InternalError);

        await AssertCognito.ThrowsAsync(CognitoErrorCodes.InternalError, () => cognito.DescribeResourceServerAsync(DescribeRequest(pool)));
        await Assert.ThrowsAsync<ResourceServerNotFoundException>(() => cognito.DescribeResourceServerAsync(DescribeRequest(pool)));
        await cognito.CreateResourceServerAsync(CreateRequest(pool));
        await cognito.DescribeResourceServerAsync(DescribeRequest(pool));

        Assert.Equal(1, ran);
    }

    [Fact]
    public async Task A_hook_is_replaced_by_the_next_one_and_removed_by_null_or_Clear()
    {
        var (cognito, _) = Create();
        var pool = await cognito.NewPoolAsync();
        var calls = new List<string>();
        cognito.Faults.BeforeServing(CognitoOperation.ListResourceServers, (_, _) => Record("first"));
        cognito.Faults.BeforeServing(CognitoOperation.ListResourceServers, (_, _) => Record("second"));
        cognito.Faults.AfterServing(CognitoOperation.ListResourceServers, (_, _) => Record("after"));

        await cognito.ListResourceServersAsync(new() { UserPoolId = pool });
        cognito.Faults.BeforeServing(CognitoOperation.ListResourceServers, null);
        await cognito.ListResourceServersAsync(new() { UserPoolId = pool });
        cognito.Faults.Clear();
        await cognito.ListResourceServersAsync(new() { UserPoolId = pool });

        Assert.Equal(["second", "after", "after"], calls);
        Assert.Throws<ArgumentNullException>(() => cognito.Faults.BeforeServing(null!, (_, _) => Task.CompletedTask));
        Assert.Throws<ArgumentNullException>(() => cognito.Faults.AfterServing(null!, null));

        Task Record(string name)
        {
            calls.Add(name);
            return Task.CompletedTask;
        }
    }
}
