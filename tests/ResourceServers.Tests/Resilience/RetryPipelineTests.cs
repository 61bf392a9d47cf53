using System.Net;
using Microsoft.Extensions.Time.Testing;
using Polly;
using Polly.Timeout;
using ResourceServers.Testing;
using ResourceServers.Wire;
using ResourceServers.Tests.TestSupport;

namespace ResourceServers.Tests.Resilience;

/// <summary>The pipeline driving real facade calls over the in-memory Cognito and its fault plan, on fake time.</summary>
public class RetryPipelineTests : IAsyncLifetime
{
    private const string Id = "https://api.example.com";
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(250);

    private readonly FakeTimeProvider _time = new();
    private readonly InMemoryCognito _cognito;
    private readonly RetryDelayRecorder _retries = new();
    private string _pool = "";

    public RetryPipelineTests() => _cognito = new InMemoryCognito(new InMemoryCognitoOptions { TimeProvider = _time });

    public async Task InitializeAsync()
    {
        _pool = (await _cognito.CreateUserPoolAsync("pool")).Id;
        await _cognito.CreateResourceServerAsync(new CreateResourceServerRequest { UserPoolId = _pool, Identifier = Id, Name = "api" });
        _cognito.Statistics.Reset();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static readonly NamedRows<Func<Exception>> RetryableRows = new()
    {
        { "TooManyRequestsException", () => CognitoServiceException.FromErrorCode(CognitoErrorCodes.TooManyRequests, "Rate exceeded") },
        { "InternalErrorException", () => CognitoServiceException.FromErrorCode(CognitoErrorCodes.InternalError, "Internal error") },
        { "HTTP 503", () => CognitoServiceException.FromErrorCode("", "", HttpStatusCode.ServiceUnavailable, null) },
        { "connection refused", () => new HttpRequestException("connection refused") },
        { "connection reset", () => new IOException("connection reset by peer") },
    };

    private static readonly NamedRows<Func<Exception>> NotRetryableRows = new()
    {
        { "InvalidParameterException", () => CognitoServiceException.FromErrorCode(CognitoErrorCodes.InvalidParameter, "bad identifier") },
        { "NotAuthorizedException", () => CognitoServiceException.FromErrorCode(CognitoErrorCodes.NotAuthorized, "not authorized") },
        { "ResourceNotFoundException", () => CognitoServiceException.FromErrorCode(CognitoErrorCodes.ResourceNotFound, "no such pool") },
        { "LimitExceededException", () => CognitoServiceException.FromErrorCode(CognitoErrorCodes.LimitExceeded, "pool holds 25 resource servers") },
        { "InvalidSignatureException", () => CognitoServiceException.FromErrorCode("InvalidSignatureException", "Signature does not match", HttpStatusCode.BadRequest, null) },
        { "UnrecognizedClientException", () => CognitoServiceException.FromErrorCode("UnrecognizedClientException", "The security token is invalid", HttpStatusCode.Forbidden, null) },
    };

    public static TheoryData<string> Retryable => RetryableRows.Names;

    public static TheoryData<string> NotRetryable => NotRetryableRows.Names;

    [Theory]
    [MemberData(nameof(Retryable))]
    public async Task Each_retryable_error_recovers_on_the_next_attempt(string failure)
    {
        var error = RetryableRows[failure]();
        _cognito.Faults.BeforeServing(CognitoOperation.DescribeResourceServer, (received, _) => received.Number == 1 ? throw error : Task.CompletedTask);
        var client = Client(Options());

        var got = await Run(client.GetAsync(_pool, Id));

        Assert.Equal("api", got.Name);
        Assert.Equal(2, Calls(CognitoOperation.DescribeResourceServer));
    }

    [Theory]
    [MemberData(nameof(NotRetryable))]
    public async Task Each_non_retryable_error_surfaces_after_exactly_one_attempt(string failure)
    {
        var error = NotRetryableRows[failure]();
        _cognito.Faults.BeforeServing(CognitoOperation.UpdateResourceServer, (_, _) => throw error);
        var client = Client(Options());

        var call = client.UpdateAsync(new ResourceServer(_pool, Id, "renamed"));
        await _time.RunUntilCompletedAsync(call, Step);

        var thrown = await Assert.ThrowsAnyAsync<CognitoServiceException>(() => call);
        Assert.Same(error, thrown.InnerException);
        Assert.Equal(1, thrown.Attempts);
        Assert.Equal(1, Calls(CognitoOperation.UpdateResourceServer));
        Assert.Empty(_retries.Delays);
    }

    [Fact]
    public async Task LimitExceeded_on_create_is_never_retried()
    {
        _cognito.Faults.BeforeServing(CognitoOperation.CreateResourceServer, (_, _) => throw CognitoServiceException.FromErrorCode(CognitoErrorCodes.LimitExceeded, "limit"));
        var client = Client(Options(o => o.MaxAttempts = 10));

        var call = client.CreateAsync(new ResourceServer(_pool, "https://other", "other"));
        await _time.RunUntilCompletedAsync(call, Step);

        await AssertCognito.ThrowsAsync(CognitoErrorCodes.LimitExceeded, () => call);
        Assert.Equal(1, Calls(CognitoOperation.CreateResourceServer));
    }

    [Fact]
    public async Task Throttled_twice_then_answered_takes_three_calls_and_succeeds()
    {
        _cognito.Faults.FailNext(CognitoOperation.DescribeResourceServer, 2, FaultKind.TooManyRequests);
        var client = Client(Options());

        var got = await Run(client.GetAsync(_pool, Id));

        Assert.Equal(Id, got.Identifier);
        Assert.Equal(3, Calls(CognitoOperation.DescribeResourceServer));
    }

    [Theory]
    [InlineData(3, 5, 5)] // the defaults' values: a throttled call gets more attempts than other failures
    [InlineData(5, 5, 5)]
    [InlineData(2, 7, 7)]
    [InlineData(4, 2, 4)] // never fewer than MaxAttempts
    [InlineData(3, 1, 3)] // 1 is a valid setting: throttles then get what other failures get
    [InlineData(1, 5, 1)] // one attempt means no retry, even when throttled
    public async Task Throttled_forever_gives_up_after_MaxAttemptsWhenThrottled_calls(int maxAttempts, int whenThrottled, int expectedCalls)
    {
        var calls = await CallsWhenThrottledForeverAsync(Options(o => (o.MaxAttempts, o.MaxAttemptsWhenThrottled) = (maxAttempts, whenThrottled)));

        Assert.Equal(expectedCalls, calls);
    }

    [Theory]
    [InlineData("TooManyRequestsException", 400)]
    [InlineData("ThrottlingException", 400)] // the AWS front end's code
    [InlineData("SlowDown", 503)]
    [InlineData("SomethingNew", 429)] // a code nobody modelled, with HTTP 429
    public async Task Every_throttle_gets_the_throttled_attempts_not_just_TooManyRequests(string code, int status)
    {
        _cognito.Faults.BeforeServing(CognitoOperation.DescribeResourceServer, (_, _) => throw CognitoServiceException.FromErrorCode(code, "slow down", (HttpStatusCode)status));

        var error = await Assert.ThrowsAnyAsync<CognitoServiceException>(() => Run(Client(Options(o => (o.MaxAttempts, o.MaxAttemptsWhenThrottled) = (3, 6))).GetAsync(_pool, Id)));

        Assert.Equal(code, error.ErrorCode);
        Assert.Equal(6, Calls(CognitoOperation.DescribeResourceServer));
    }

    [Theory]
    [InlineData("RequestTimeoutException", 400)]
    [InlineData("ServiceUnavailableException", 400)]
    [InlineData("InternalErrorException", 500)]
    public async Task A_transient_failure_that_is_not_a_throttle_stops_at_MaxAttempts(string code, int status)
    {
        _cognito.Faults.BeforeServing(CognitoOperation.DescribeResourceServer, (_, _) => throw CognitoServiceException.FromErrorCode(code, "try again", (HttpStatusCode)status));

        await Assert.ThrowsAnyAsync<CognitoServiceException>(() => Run(Client(Options(o => (o.MaxAttempts, o.MaxAttemptsWhenThrottled) = (3, 6))).GetAsync(_pool, Id)));

        Assert.Equal(3, Calls(CognitoOperation.DescribeResourceServer));
    }

    [Fact]
    public async Task The_default_throttled_attempts_are_five()
    {
        var calls = await CallsWhenThrottledForeverAsync(new ResourceServerResilienceOptions { UseJitter = false });

        Assert.Equal(5, calls);
    }

    [Theory]
    [MemberData(nameof(Retryable))]
    public async Task Other_failures_forever_give_up_after_MaxAttempts_calls(string failure)
    {
        var newError = RetryableRows[failure];
        _cognito.Faults.BeforeServing(CognitoOperation.DescribeResourceServer, (_, _) => throw newError());
        var client = Client(Options(o => (o.MaxAttempts, o.MaxAttemptsWhenThrottled) = (3, 6)));

        await Assert.ThrowsAnyAsync<Exception>(() => Run(client.GetAsync(_pool, Id)));
        var throttled = failure == "TooManyRequestsException";
        Assert.Equal(throttled ? 6 : 3, Calls(CognitoOperation.DescribeResourceServer));
    }

    [Fact]
    public async Task An_internal_error_after_throttles_ends_the_call_at_MaxAttempts()
    {
        // Attempts are counted over the whole call: the third attempt's internal error is the third attempt.
        _cognito.Faults.FailNext(CognitoOperation.DescribeResourceServer, 2, FaultKind.TooManyRequests);
        _cognito.Faults.FailShare(CognitoOperation.DescribeResourceServer, 1, FaultKind.InternalError);
        var client = Client(Options());

        await AssertCognito.ThrowsAsync(CognitoErrorCodes.InternalError, () => Run(client.GetAsync(_pool, Id)));
        Assert.Equal(3, Calls(CognitoOperation.DescribeResourceServer));
    }

    [Fact]
    public async Task Throttles_after_an_internal_error_go_on_to_MaxAttemptsWhenThrottled()
    {
        _cognito.Faults.FailNext(CognitoOperation.DescribeResourceServer, 1, FaultKind.InternalError);
        _cognito.Faults.FailNext(CognitoOperation.DescribeResourceServer, 3, FaultKind.TooManyRequests);
        var client = Client(Options());

        var got = await Run(client.GetAsync(_pool, Id));

        Assert.Equal(Id, got.Identifier);
        Assert.Equal(5, Calls(CognitoOperation.DescribeResourceServer));
    }

    [Fact]
    public async Task One_attempt_means_no_retry()
    {
        _cognito.Faults.FailShare(CognitoOperation.DescribeResourceServer, 1, FaultKind.InternalError);
        var client = Client(Options(o => o.MaxAttempts = 1));

        var call = client.GetAsync(_pool, Id);
        await _time.RunUntilCompletedAsync(call, Step);

        await AssertCognito.ThrowsAsync(CognitoErrorCodes.InternalError, () => call);
        Assert.Equal(1, Calls(CognitoOperation.DescribeResourceServer));
    }

    [Fact]
    public async Task Backoff_doubles_from_the_base_and_stops_at_the_cap()
    {
        _cognito.Faults.FailShare(CognitoOperation.DescribeResourceServer, 1, FaultKind.TooManyRequests);
        var client = Client(Options(o =>
        {
            o.MaxAttempts = 6;
            o.BaseDelay = TimeSpan.FromSeconds(1);
            o.MaxDelay = TimeSpan.FromSeconds(5);
        }));

        var call = client.GetAsync(_pool, Id);
        await _time.RunUntilCompletedAsync(call, Step);

        await AssertCognito.ThrowsAsync(CognitoErrorCodes.TooManyRequests, () => call);
        Assert.Equal(
            [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5)],
            _retries.Delays);
    }

    [Fact]
    public async Task Jittered_backoff_varies_but_never_exceeds_the_cap()
    {
        _cognito.Faults.FailShare(CognitoOperation.DescribeResourceServer, 1, FaultKind.TooManyRequests);
        var client = Client(Options(o =>
        {
            o.UseJitter = true;
            o.MaxAttempts = 8;
            o.BaseDelay = TimeSpan.FromSeconds(1);
            o.MaxDelay = TimeSpan.FromSeconds(4);
            o.RetryBudget.Enabled = false;
        }));

        for (var i = 0; i < 3; i++)
        {
            var call = client.GetAsync(_pool, Id);
            await _time.RunUntilCompletedAsync(call, TimeSpan.FromSeconds(1));
            await AssertCognito.ThrowsAsync(CognitoErrorCodes.TooManyRequests, () => call);
        }

        Assert.Equal(21, _retries.Delays.Count);
        Assert.All(_retries.Delays, d => Assert.InRange(d, TimeSpan.FromTicks(1), TimeSpan.FromSeconds(4)));
        Assert.True(_retries.Delays.Distinct().Count() > 3, "jitter should spread the delays");
    }

    [Fact]
    public async Task A_hung_attempt_times_out_and_the_retry_succeeds()
    {
        _cognito.Faults.BeforeServing(CognitoOperation.DescribeResourceServer, (received, ct) => received.Number == 1 ? Task.Delay(Timeout.InfiniteTimeSpan, ct) : Task.CompletedTask);
        var client = Client(Options(o => o.AttemptTimeout = TimeSpan.FromSeconds(5)));

        var call = client.GetAsync(_pool, Id);
        var elapsed = await _time.RunUntilCompletedAsync(call, Step);

        Assert.Equal("api", (await call).Name);
        Assert.Equal(2, Calls(CognitoOperation.DescribeResourceServer));
        // The first attempt was abandoned at its own timeout, well before the total timeout.
        Assert.InRange(elapsed, TimeSpan.FromSeconds(6), TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task The_total_timeout_ends_the_call_and_is_not_retried()
    {
        _cognito.Faults.BeforeServing(CognitoOperation.DescribeResourceServer, (_, ct) => Task.Delay(Timeout.InfiniteTimeSpan, ct));
        var client = Client(Options(o =>
        {
            o.MaxAttempts = 10;
            o.AttemptTimeout = TimeSpan.FromSeconds(4);
            o.TotalTimeout = TimeSpan.FromSeconds(10);
        }));

        var call = client.GetAsync(_pool, Id);
        await _time.RunUntilCompletedAsync(call, Step);

        var error = await Assert.ThrowsAsync<CognitoServiceException>(() => call);
        var timeout = Assert.IsType<TimeoutRejectedException>(error.InnerException);
        Assert.Equal(ResourceServerResilience.TotalTimeoutStrategyName, timeout.TelemetrySource?.StrategyName);
        Assert.Equal(CognitoErrorCodes.Timeout, error.ErrorCode);
        Assert.Contains("total timeout (10 s)", error.Message, StringComparison.Ordinal);

        // 4 s, 1 s backoff, 4 s, 2 s backoff: the third attempt never starts inside 10 s.
        Assert.Equal(2, Calls(CognitoOperation.DescribeResourceServer));
        Assert.Equal(2, error.Attempts);
    }

    [Fact]
    public async Task The_callers_cancellation_wins_during_an_attempt()
    {
        _cognito.Faults.BeforeServing(CognitoOperation.DescribeResourceServer, (_, ct) => Task.Delay(Timeout.InfiniteTimeSpan, ct));
        var client = Client(Options());
        using var cts = new CancellationTokenSource();

        var call = client.GetAsync(_pool, Id, cts.Token);
        _time.Advance(TimeSpan.FromSeconds(3));
        await cts.CancelAsync();

        var thrown = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.Equal(cts.Token, thrown.CancellationToken);
        Assert.Equal(1, Calls(CognitoOperation.DescribeResourceServer));
    }

    [Fact]
    public async Task The_callers_cancellation_wins_during_a_backoff()
    {
        _cognito.Faults.FailShare(CognitoOperation.DescribeResourceServer, 1, FaultKind.TooManyRequests);
        var client = Client(Options(o => o.BaseDelay = TimeSpan.FromSeconds(10)));
        using var cts = new CancellationTokenSource();

        var call = client.GetAsync(_pool, Id, cts.Token);
        _time.Advance(TimeSpan.FromSeconds(2));
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.Equal(1, Calls(CognitoOperation.DescribeResourceServer));
    }

    [Fact]
    public async Task An_already_cancelled_token_sends_nothing()
    {
        var client = Client(Options());

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetAsync(_pool, Id, new CancellationToken(canceled: true)));
        Assert.Equal(0, _cognito.Statistics.TotalReceived);
    }

    private long Calls(CognitoOperation operation) => _cognito.Statistics.GetReceived(operation);

    private static ResourceServerResilienceOptions Options(Action<ResourceServerResilienceOptions>? configure = null)
    {
        var options = new ResourceServerResilienceOptions { UseJitter = false };
        configure?.Invoke(options);
        return options;
    }

    private ResourceServerClient Client(ResourceServerResilienceOptions options)
    {
        var pipeline = new ResiliencePipelineBuilder { TimeProvider = _time, TelemetryListener = _retries }
            .AddResourceServerResilience(options)
            .Build();
        return TestClients.Over(_cognito, pipeline);
    }

    // Cognito throttles every attempt: the call fails with TooManyRequestsException after how many calls reached it.
    private async Task<long> CallsWhenThrottledForeverAsync(ResourceServerResilienceOptions options)
    {
        _cognito.Faults.FailShare(CognitoOperation.DescribeResourceServer, 1, FaultKind.TooManyRequests);
        await AssertCognito.ThrowsAsync(CognitoErrorCodes.TooManyRequests, () => Run(Client(options).GetAsync(_pool, Id)));
        return Calls(CognitoOperation.DescribeResourceServer);
    }

    private async Task<T> Run<T>(Task<T> call)
    {
        await _time.RunUntilCompletedAsync(call, Step);
        return await call;
    }
}
