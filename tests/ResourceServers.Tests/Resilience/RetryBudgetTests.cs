using Microsoft.Extensions.Time.Testing;
using ResourceServers.Testing;
using ResourceServers.Wire;

namespace ResourceServers.Tests.Resilience;

public class RetryBudgetTests : IAsyncLifetime
{
    private const string Id = "https://api.example.com";
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(500);

    private readonly FakeTimeProvider _time = new();
    private readonly InMemoryCognito _cognito;
    private string _pool = "";

    public RetryBudgetTests() => _cognito = new InMemoryCognito(new InMemoryCognitoOptions { TimeProvider = _time });

    public async Task InitializeAsync()
    {
        _pool = (await _cognito.CreateUserPoolAsync("pool")).Id;
        await _cognito.CreateResourceServerAsync(new CreateResourceServerRequest { UserPoolId = _pool, Identifier = Id, Name = "api" });
        _cognito.Statistics.Reset();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task An_empty_budget_stops_retries_for_every_caller_of_the_pipeline()
    {
        _cognito.Faults.FailShare(CognitoOperation.DescribeResourceServer, 1, FaultKind.InternalError);
        var client = Client(capacity: 20, retryCost: 5);

        // 20 tokens pay for four retries: two calls retry fully, the rest fail at their first attempt.
        for (var i = 0; i < 5; i++)
        {
            await ExpectFailure<CognitoServiceException>(client);
        }

        Assert.Equal(3 + 3 + 1 + 1 + 1, Calls(CognitoOperation.DescribeResourceServer));
    }

    [Fact]
    public async Task Successes_refill_the_budget()
    {
        _cognito.Faults.FailShare(CognitoOperation.DescribeResourceServer, 1, FaultKind.InternalError);
        var client = Client(capacity: 10, retryCost: 5, successRefill: 1);
        await ExpectFailure<CognitoServiceException>(client);
        await ExpectFailure<CognitoServiceException>(client);
        Assert.Equal(3 + 1, Calls(CognitoOperation.DescribeResourceServer));

        // Five first-attempt successes give back five tokens: one retry's worth.
        _cognito.Faults.FailShare(CognitoOperation.DescribeResourceServer, 0, FaultKind.InternalError);
        for (var i = 0; i < 5; i++)
        {
            await client.GetAsync(_pool, Id);
        }

        _cognito.Faults.FailShare(CognitoOperation.DescribeResourceServer, 1, FaultKind.InternalError);
        await ExpectFailure<CognitoServiceException>(client);
        Assert.Equal(4 + 5 + 2, Calls(CognitoOperation.DescribeResourceServer));
    }

    [Fact]
    public async Task A_success_after_retrying_gives_back_what_its_retry_took()
    {
        _cognito.Faults.FailNext(CognitoOperation.DescribeResourceServer, 1, FaultKind.TooManyRequests);
        var client = Client(capacity: 10, retryCost: 5, successRefill: 0);
        var call = client.GetAsync(_pool, Id);
        await _time.RunUntilCompletedAsync(call, Step);
        await call;

        // Still full: a call failing now gets both of its retries.
        _cognito.Faults.FailShare(CognitoOperation.DescribeResourceServer, 1, FaultKind.TooManyRequests);
        await ExpectFailure<CognitoServiceException>(client);
        Assert.Equal(2 + 3, Calls(CognitoOperation.DescribeResourceServer));
    }

    [Fact]
    public async Task A_throttled_call_at_its_last_attempt_withdraws_nothing()
    {
        _cognito.Faults.FailShare(CognitoOperation.DescribeResourceServer, 1, FaultKind.TooManyRequests);
        var client = Client(capacity: 25, retryCost: 5, successRefill: 0);

        // Five attempts while throttled: four retries take 20 tokens; no retry follows the fifth, so it takes none,
        // and the next call still finds one retry's worth.
        await ExpectFailure<CognitoServiceException>(client);
        await ExpectFailure<CognitoServiceException>(client);

        Assert.Equal(5 + 2, Calls(CognitoOperation.DescribeResourceServer));
    }

    [Fact]
    public async Task A_timed_out_attempt_costs_more_to_retry()
    {
        _cognito.Faults.BeforeServing(CognitoOperation.DescribeResourceServer, (_, ct) => Task.Delay(Timeout.InfiniteTimeSpan, ct));
        var options = Options(capacity: 15, retryCost: 5, successRefill: 1);
        options.RetryBudget.TimeoutRetryCost = 10;
        options.AttemptTimeout = TimeSpan.FromSeconds(2);
        var client = TestClients.Create(_cognito, TestClients.Unpaced(options), _time);

        // 15 tokens: one timeout retry (10); the next would need 10 and finds 5.
        var timeout = await ExpectFailure<CognitoServiceException>(client);
        Assert.Equal(CognitoErrorCodes.Timeout, timeout.ErrorCode);
        Assert.IsType<Polly.Timeout.TimeoutRejectedException>(timeout.InnerException);
        Assert.Equal(2, Calls(CognitoOperation.DescribeResourceServer));
    }

    [Fact]
    public async Task A_failure_that_is_not_a_timeout_costs_the_ordinary_retry_cost()
    {
        _cognito.Faults.FailShare(CognitoOperation.DescribeResourceServer, 1, FaultKind.InternalError);
        var options = Options(capacity: 10, retryCost: 5, successRefill: 0);
        options.RetryBudget.TimeoutRetryCost = 10;
        var client = TestClients.Create(_cognito, TestClients.Unpaced(options), _time);

        // 10 tokens pay for two ordinary retries (5 each); charged at the timeout price, only one.
        await ExpectFailure<CognitoServiceException>(client);
        Assert.Equal(3, Calls(CognitoOperation.DescribeResourceServer));
    }

    [Fact]
    public void Concurrent_withdrawals_each_take_exactly_their_cost()
    {
        // Threads racing on one bucket lose compare-and-swaps; a lost one must retry with the fresh balance, never
        // report a withdrawal it did not make.
        const int Threads = 4;
        const int PerThread = 20_000;
        var budget = new RetryBudget(new ResourceServerRetryBudgetOptions { Capacity = Threads * PerThread * 2, RetryCost = 1, TimeoutRetryCost = 1, SuccessRefill = 1 });
        var granted = 0;

        RunRacing(Threads, () =>
        {
            var mine = 0;
            for (var i = 0; i < PerThread; i++)
            {
                mine += budget.TryWithdraw(2) ? 1 : 0;
            }

            Interlocked.Add(ref granted, mine);
        });

        Assert.Equal(Threads * PerThread, granted);
        Assert.Equal(0, budget.Available);
        Assert.False(budget.TryWithdraw(1));
    }

    [Fact]
    public void Concurrent_deposits_each_give_back_exactly_their_amount()
    {
        const int Threads = 4;
        const int PerThread = 20_000;
        var capacity = Threads * PerThread * 3;
        var budget = new RetryBudget(new ResourceServerRetryBudgetOptions { Capacity = capacity, RetryCost = 1, TimeoutRetryCost = 1, SuccessRefill = 1 });
        Assert.True(budget.TryWithdraw(capacity));

        RunRacing(Threads, () =>
        {
            for (var i = 0; i < PerThread; i++)
            {
                budget.Deposit(2);
            }
        });

        Assert.Equal(Threads * PerThread * 2, budget.Available);
    }

    [Fact]
    public void Deposits_stop_at_capacity_and_ignore_amounts_below_one()
    {
        var budget = new RetryBudget(new ResourceServerRetryBudgetOptions { Capacity = 10, RetryCost = 1, TimeoutRetryCost = 1, SuccessRefill = 1 });
        Assert.True(budget.TryWithdraw(3));
        budget.Deposit(-5);
        budget.Deposit(0);
        Assert.Equal(7, budget.Available);
        budget.Deposit(100);
        Assert.Equal(10, budget.Available);
        budget.Deposit(1);
        Assert.Equal(10, budget.Available);
    }

    [Fact]
    public async Task Without_a_budget_every_call_retries_fully()
    {
        _cognito.Faults.FailShare(CognitoOperation.DescribeResourceServer, 1, FaultKind.InternalError);
        var options = Options(capacity: 5, retryCost: 5, successRefill: 1);
        options.RetryBudget.Enabled = false;
        var client = TestClients.Create(_cognito, TestClients.Unpaced(options), _time);

        for (var i = 0; i < 4; i++)
        {
            await ExpectFailure<CognitoServiceException>(client);
        }

        Assert.Equal(12, Calls(CognitoOperation.DescribeResourceServer));
    }

    // Starts every thread before any runs its loop, so the loops overlap and compare-and-swaps are lost.
    private static void RunRacing(int threads, Action body)
    {
        using var start = new Barrier(threads);
        var workers = Enumerable.Range(0, threads).Select(_ => new Thread(() =>
        {
            start.SignalAndWait();
            body();
        })).ToList();
        workers.ForEach(t => t.Start());
        workers.ForEach(t => t.Join());
    }

    private long Calls(CognitoOperation operation) => _cognito.Statistics.GetReceived(operation);

    private static ResourceServerResilienceOptions Options(int capacity, int retryCost, int successRefill) => new()
    {
        UseJitter = false,
        RetryBudget = { Capacity = capacity, RetryCost = retryCost, TimeoutRetryCost = retryCost, SuccessRefill = successRefill },
    };

    private ResourceServerClient Client(int capacity, int retryCost, int successRefill = 1) =>
        TestClients.Create(_cognito, TestClients.Unpaced(Options(capacity, retryCost, successRefill)), _time);

    private async Task<TException> ExpectFailure<TException>(IResourceServerClient client)
        where TException : Exception
    {
        var call = client.GetAsync(_pool, Id);
        await _time.RunUntilCompletedAsync(call, Step);
        return await Assert.ThrowsAsync<TException>(() => call);
    }
}
