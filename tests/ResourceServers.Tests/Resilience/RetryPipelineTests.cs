using System.Net;
using Microsoft.Extensions.Time.Testing;
using Polly;
using Polly.Timeout;
using ResourceServers.Wire;
using ResourceServers.Tests.TestSupport;

namespace ResourceServers.Tests.Resilience;

/// <summary>The pipeline driving real facade calls over a scripted Cognito, on fake time.</summary>
public class RetryPipelineTests
{
    private const string Pool = "us-east-1_abc123";
    private const string Id = "https://api.example.com";
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(250);

    private readonly FakeTimeProvider _time = new();
    private readonly ScriptedCognitoApi _cognito = new();
    private readonly RetryDelayRecorder _retries = new();

    public RetryPipelineTests() =>
        _cognito.Seed(new ResourceServerType { UserPoolId = Pool, Identifier = Id, Name = "api", Scopes = [] });

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
        _cognito.ThenFail(CognitoOperation.DescribeResourceServer, error);
        var client = Client(Options());

        var got = await Run(client.GetAsync(Pool, Id));

        Assert.Equal("api", got.Name);
        Assert.Equal(2, _cognito.Calls(CognitoOperation.DescribeResourceServer));
    }

    [Theory]
    [MemberData(nameof(NotRetryable))]
    public async Task Each_non_retryable_error_surfaces_after_exactly_one_attempt(string failure)
    {
        var error = NotRetryableRows[failure]();
        _cognito.AlwaysFail(CognitoOperation.UpdateResourceServer, () => error);
        var client = Client(Options());

        var call = client.UpdateAsync(new ResourceServer(Pool, Id, "renamed"));
        await _time.RunUntilCompletedAsync(call, Step);

        var thrown = await Assert.ThrowsAnyAsync<CognitoServiceException>(() => call);
        Assert.Same(error, thrown.InnerException);
        Assert.Equal(1, thrown.Attempts);
        Assert.Equal(1, _cognito.Calls(CognitoOperation.UpdateResourceServer));
        Assert.Empty(_retries.Delays);
    }

    [Fact]
    public async Task LimitExceeded_on_create_is_never_retried()
    {
        _cognito.AlwaysFail(CognitoOperation.CreateResourceServer, () => CognitoServiceException.FromErrorCode(CognitoErrorCodes.LimitExceeded, "limit"));
        var client = Client(Options(o => o.MaxAttempts = 10));

        var call = client.CreateAsync(new ResourceServer(Pool, "https://other", "other"));
        await _time.RunUntilCompletedAsync(call, Step);

        await AssertCognito.ThrowsAsync(CognitoErrorCodes.LimitExceeded, () => call);
        Assert.Equal(1, _cognito.Calls(CognitoOperation.CreateResourceServer));
    }

    [Fact]
    public async Task Throttled_twice_then_answered_takes_three_calls_and_succeeds()
    {
        _cognito.ThenFail(CognitoOperation.DescribeResourceServer, CognitoServiceException.FromErrorCode(CognitoErrorCodes.TooManyRequests, "slow down"))
            .ThenFail(CognitoOperation.DescribeResourceServer, CognitoServiceException.FromErrorCode(CognitoErrorCodes.TooManyRequests, "slow down"));
        var client = Client(Options());

        var got = await Run(client.GetAsync(Pool, Id));

        Assert.Equal(Id, got.Identifier);
        Assert.Equal(3, _cognito.Calls(CognitoOperation.DescribeResourceServer));
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
        _cognito.AlwaysFail(CognitoOperation.DescribeResourceServer, () => CognitoServiceException.FromErrorCode(code, "slow down", (System.Net.HttpStatusCode)status));

        var error = await Assert.ThrowsAnyAsync<CognitoServiceException>(() => Run(Client(Options(o => (o.MaxAttempts, o.MaxAttemptsWhenThrottled) = (3, 6))).GetAsync(Pool, Id)));

        Assert.Equal(code, error.ErrorCode);
        Assert.Equal(6, _cognito.Calls(CognitoOperation.DescribeResourceServer));
    }

    [Theory]
    [InlineData("RequestTimeoutException", 400)]
    [InlineData("ServiceUnavailableException", 400)]
    [InlineData("InternalErrorException", 500)]
    public async Task A_transient_failure_that_is_not_a_throttle_stops_at_MaxAttempts(string code, int status)
    {
        _cognito.AlwaysFail(CognitoOperation.DescribeResourceServer, () => CognitoServiceException.FromErrorCode(code, "try again", (System.Net.HttpStatusCode)status));

        await Assert.ThrowsAnyAsync<CognitoServiceException>(() => Run(Client(Options(o => (o.MaxAttempts, o.MaxAttemptsWhenThrottled) = (3, 6))).GetAsync(Pool, Id)));

        Assert.Equal(3, _cognito.Calls(CognitoOperation.DescribeResourceServer));
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
        _cognito.AlwaysFail(CognitoOperation.DescribeResourceServer, RetryableRows[failure]);
        var client = Client(Options(o => (o.MaxAttempts, o.MaxAttemptsWhenThrottled) = (3, 6)));

        await Assert.ThrowsAnyAsync<Exception>(() => Run(client.GetAsync(Pool, Id)));
        var throttled = failure == "TooManyRequestsException";
        Assert.Equal(throttled ? 6 : 3, _cognito.Calls(CognitoOperation.DescribeResourceServer));
    }

    [Fact]
    public async Task An_internal_error_after_throttles_ends_the_call_at_MaxAttempts()
    {
        // Attempts are counted over the whole call: the third attempt's internal error is the third attempt.
        _cognito.ThenFail(CognitoOperation.DescribeResourceServer, CognitoServiceException.FromErrorCode(CognitoErrorCodes.TooManyRequests, "slow down"))
            .ThenFail(CognitoOperation.DescribeResourceServer, CognitoServiceException.FromErrorCode(CognitoErrorCodes.TooManyRequests, "slow down"))
            .AlwaysFail(CognitoOperation.DescribeResourceServer, () => CognitoServiceException.FromErrorCode(CognitoErrorCodes.InternalError, "boom"));
        var client = Client(Options());

        await AssertCognito.ThrowsAsync(CognitoErrorCodes.InternalError, () => Run(client.GetAsync(Pool, Id)));
        Assert.Equal(3, _cognito.Calls(CognitoOperation.DescribeResourceServer));
    }

    [Fact]
    public async Task Throttles_after_an_internal_error_go_on_to_MaxAttemptsWhenThrottled()
    {
        _cognito.ThenFail(CognitoOperation.DescribeResourceServer, CognitoServiceException.FromErrorCode(CognitoErrorCodes.InternalError, "boom"))
            .ThenFail(CognitoOperation.DescribeResourceServer, CognitoServiceException.FromErrorCode(CognitoErrorCodes.TooManyRequests, "slow down"))
            .ThenFail(CognitoOperation.DescribeResourceServer, CognitoServiceException.FromErrorCode(CognitoErrorCodes.TooManyRequests, "slow down"))
            .ThenFail(CognitoOperation.DescribeResourceServer, CognitoServiceException.FromErrorCode(CognitoErrorCodes.TooManyRequests, "slow down"));
        var client = Client(Options());

        var got = await Run(client.GetAsync(Pool, Id));

        Assert.Equal(Id, got.Identifier);
        Assert.Equal(5, _cognito.Calls(CognitoOperation.DescribeResourceServer));
    }

    [Fact]
    public async Task One_attempt_means_no_retry()
    {
        _cognito.AlwaysFail(CognitoOperation.DescribeResourceServer, () => CognitoServiceException.FromErrorCode(CognitoErrorCodes.InternalError, "boom"));
        var client = Client(Options(o => o.MaxAttempts = 1));

        var call = client.GetAsync(Pool, Id);
        await _time.RunUntilCompletedAsync(call, Step);

        await AssertCognito.ThrowsAsync(CognitoErrorCodes.InternalError, () => call);
        Assert.Equal(1, _cognito.Calls(CognitoOperation.DescribeResourceServer));
    }

    [Fact]
    public async Task Backoff_doubles_from_the_base_and_stops_at_the_cap()
    {
        _cognito.AlwaysFail(CognitoOperation.DescribeResourceServer, () => CognitoServiceException.FromErrorCode(CognitoErrorCodes.TooManyRequests, "slow down"));
        var client = Client(Options(o =>
        {
            o.MaxAttempts = 6;
            o.BaseDelay = TimeSpan.FromSeconds(1);
            o.MaxDelay = TimeSpan.FromSeconds(5);
        }));

        var call = client.GetAsync(Pool, Id);
        await _time.RunUntilCompletedAsync(call, Step);

        await AssertCognito.ThrowsAsync(CognitoErrorCodes.TooManyRequests, () => call);
        Assert.Equal(
            [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5)],
            _retries.Delays);
    }

    [Fact]
    public async Task Jittered_backoff_varies_but_never_exceeds_the_cap()
    {
        _cognito.AlwaysFail(CognitoOperation.DescribeResourceServer, () => CognitoServiceException.FromErrorCode(CognitoErrorCodes.TooManyRequests, "slow down"));
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
            var call = client.GetAsync(Pool, Id);
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
        _cognito.ThenHang(CognitoOperation.DescribeResourceServer);
        var client = Client(Options(o => o.AttemptTimeout = TimeSpan.FromSeconds(5)));

        var call = client.GetAsync(Pool, Id);
        var elapsed = await _time.RunUntilCompletedAsync(call, Step);

        Assert.Equal("api", (await call).Name);
        Assert.Equal(2, _cognito.Calls(CognitoOperation.DescribeResourceServer));
        // The first attempt was abandoned at its own timeout, well before the total timeout.
        Assert.InRange(elapsed, TimeSpan.FromSeconds(6), TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task The_total_timeout_ends_the_call_and_is_not_retried()
    {
        _cognito.AlwaysHang(CognitoOperation.DescribeResourceServer);
        var client = Client(Options(o =>
        {
            o.MaxAttempts = 10;
            o.AttemptTimeout = TimeSpan.FromSeconds(4);
            o.TotalTimeout = TimeSpan.FromSeconds(10);
        }));

        var call = client.GetAsync(Pool, Id);
        await _time.RunUntilCompletedAsync(call, Step);

        var error = await Assert.ThrowsAsync<CognitoServiceException>(() => call);
        var timeout = Assert.IsType<TimeoutRejectedException>(error.InnerException);
        Assert.Equal(ResourceServerResilience.TotalTimeoutStrategyName, timeout.TelemetrySource?.StrategyName);
        Assert.Equal(CognitoErrorCodes.Timeout, error.ErrorCode);
        Assert.Contains("total timeout (10 s)", error.Message, StringComparison.Ordinal);

        // 4 s, 1 s backoff, 4 s, 2 s backoff: the third attempt never starts inside 10 s.
        Assert.Equal(2, _cognito.Calls(CognitoOperation.DescribeResourceServer));
        Assert.Equal(2, error.Attempts);
    }

    [Fact]
    public async Task The_callers_cancellation_wins_during_an_attempt()
    {
        _cognito.AlwaysHang(CognitoOperation.DescribeResourceServer);
        var client = Client(Options());
        using var cts = new CancellationTokenSource();

        var call = client.GetAsync(Pool, Id, cts.Token);
        _time.Advance(TimeSpan.FromSeconds(3));
        await cts.CancelAsync();

        var thrown = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.Equal(cts.Token, thrown.CancellationToken);
        Assert.Equal(1, _cognito.Calls(CognitoOperation.DescribeResourceServer));
    }

    [Fact]
    public async Task The_callers_cancellation_wins_during_a_backoff()
    {
        _cognito.AlwaysFail(CognitoOperation.DescribeResourceServer, () => CognitoServiceException.FromErrorCode(CognitoErrorCodes.TooManyRequests, "slow down"));
        var client = Client(Options(o => o.BaseDelay = TimeSpan.FromSeconds(10)));
        using var cts = new CancellationTokenSource();

        var call = client.GetAsync(Pool, Id, cts.Token);
        _time.Advance(TimeSpan.FromSeconds(2));
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.Equal(1, _cognito.Calls(CognitoOperation.DescribeResourceServer));
    }

    [Fact]
    public async Task An_already_cancelled_token_sends_nothing()
    {
        var client = Client(Options());

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetAsync(Pool, Id, new CancellationToken(canceled: true)));
        Assert.Equal(0, _cognito.TotalCalls);
    }

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
    private async Task<int> CallsWhenThrottledForeverAsync(ResourceServerResilienceOptions options)
    {
        _cognito.AlwaysFail(CognitoOperation.DescribeResourceServer, () => CognitoServiceException.FromErrorCode(CognitoErrorCodes.TooManyRequests, "slow down"));
        await AssertCognito.ThrowsAsync(CognitoErrorCodes.TooManyRequests, () => Run(Client(options).GetAsync(Pool, Id)));
        return _cognito.Calls(CognitoOperation.DescribeResourceServer);
    }

    private async Task<T> Run<T>(Task<T> call)
    {
        await _time.RunUntilCompletedAsync(call, Step);
        return await call;
    }
}
