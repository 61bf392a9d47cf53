using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Polly;
using Polly.Registry;
using Polly.Retry;
using Polly.Testing;
using Polly.Timeout;
using ResourceServers.Tests.TestSupport;

namespace ResourceServers.Tests.Resilience;

public class ResourceServerResilienceTests
{
    public static TheoryData<string, string, HttpStatusCode, bool> ServiceErrors => new()
    {
        // The six modelled errors.
        { "TooManyRequestsException", "Rate exceeded", HttpStatusCode.BadRequest, true },
        { "InternalErrorException", "Internal error", HttpStatusCode.InternalServerError, true },
        { "InvalidParameterException", "bad", HttpStatusCode.BadRequest, false },
        { "NotAuthorizedException", "no", HttpStatusCode.BadRequest, false },
        { "ResourceNotFoundException", "gone", HttpStatusCode.BadRequest, false },
        { "LimitExceededException", "25 resource servers", HttpStatusCode.BadRequest, false },
        // Unmodelled 5xx, with and without a code.
        { "ServiceUnavailableException", "down", HttpStatusCode.ServiceUnavailable, true },
        { "", "", HttpStatusCode.BadGateway, true },
        { "SomethingNew", "", HttpStatusCode.InternalServerError, true },
        // Signature and credential errors from the AWS front end, and unknown 4xx.
        { "InvalidSignatureException", "Signature does not match", HttpStatusCode.BadRequest, false },
        { "UnrecognizedClientException", "The security token is invalid", HttpStatusCode.Forbidden, false },
        { "ExpiredTokenException", "expired", HttpStatusCode.BadRequest, false },
        { "AccessDeniedException", "denied", HttpStatusCode.BadRequest, false },
        { "", "", HttpStatusCode.NotFound, false },
    };

    [Theory]
    [MemberData(nameof(ServiceErrors))]
    public void IsTransient_follows_the_service_error_table(string code, string message, HttpStatusCode status, bool expected)
    {
        var error = CognitoServiceException.FromErrorCode(code, message, status, "req-1");

        Assert.Equal(expected, ResourceServerResilience.IsTransient(error));
    }

    private static readonly NamedRows<(Func<Exception> Failure, bool Transient)> OtherFailureRows = new()
    {
        { "connection refused", (() => new HttpRequestException("connection refused"), true) },
        { "HTTP 502", (() => new HttpRequestException("bad gateway", null, HttpStatusCode.BadGateway), true) },
        { "HTTP 429", (() => new HttpRequestException("slow down", null, HttpStatusCode.TooManyRequests), true) },
        { "HTTP 403", (() => new HttpRequestException("forbidden", null, HttpStatusCode.Forbidden), false) },
        { "IOException", (() => new IOException("connection reset"), true) },
        { "OperationCanceledException", (() => new OperationCanceledException(), false) },
        { "TaskCanceledException", (() => new TaskCanceledException(), false) },
        { "TimeoutRejectedException", (() => new TimeoutRejectedException(), false) },
        { "InvalidOperationException", (() => new InvalidOperationException(), false) },
    };

    public static TheoryData<string> OtherFailures => OtherFailureRows.Names;

    [Theory]
    [MemberData(nameof(OtherFailures))]
    public void IsTransient_retries_transport_failures_but_not_cancellation_or_unknown_exceptions(string failure)
    {
        var (create, transient) = OtherFailureRows[failure];
        Assert.Equal(transient, ResourceServerResilience.IsTransient(create()));
    }

    [Fact]
    public async Task IsTransient_tells_the_attempt_timeout_from_the_total_timeout()
    {
        var time = new FakeTimeProvider();
        var options = new ResourceServerResilienceOptions
        {
            UseJitter = false,
            AttemptTimeout = TimeSpan.FromSeconds(10),
            TotalTimeout = TimeSpan.FromSeconds(15),
            Pacing = { Enabled = false },
        };
        var attemptFailures = new List<Exception>();
        var pipeline = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddResourceServerResilience(options)
            .Build();

        var call = pipeline.ExecuteAsync(
            async ct =>
            {
                try
                {
                    await Task.Delay(Timeout.InfiniteTimeSpan, ct);
                }
                catch (OperationCanceledException e)
                {
                    attemptFailures.Add(e);
                    throw;
                }
            }).AsTask();
        await time.RunUntilCompletedAsync(call, TimeSpan.FromMilliseconds(500));

        var total = await Assert.ThrowsAsync<TimeoutRejectedException>(() => call);
        Assert.Equal(ResourceServerResilience.TotalTimeoutStrategyName, total.TelemetrySource?.StrategyName);
        Assert.Equal(TimeSpan.FromSeconds(15), total.Timeout);
        Assert.False(ResourceServerResilience.IsTransient(total));

        // The first attempt hit the attempt timeout (retried), the second the total timeout (not).
        Assert.Equal(2, attemptFailures.Count);
    }

    [Fact]
    public async Task The_attempt_timeouts_exception_is_transient()
    {
        var time = new FakeTimeProvider();
        var pipeline = ResourceServerResilience.CreatePipeline(new ResourceServerResilienceOptions { MaxAttempts = 1 }, time);

        var call = pipeline.ExecuteAsync(async ct => await Task.Delay(Timeout.InfiniteTimeSpan, ct)).AsTask();
        await time.RunUntilCompletedAsync(call, TimeSpan.FromSeconds(1));

        var timeout = await Assert.ThrowsAsync<TimeoutRejectedException>(() => call);
        Assert.Equal(ResourceServerResilience.AttemptTimeoutStrategyName, timeout.TelemetrySource?.StrategyName);
        Assert.True(ResourceServerResilience.IsTransient(timeout));
    }

    [Fact]
    public void Pipeline_is_total_timeout_then_retry_then_attempt_timeout()
    {
        var options = new ResourceServerResilienceOptions
        {
            MaxAttempts = 4,
            MaxAttemptsWhenThrottled = 6,
            BaseDelay = TimeSpan.FromMilliseconds(200),
            MaxDelay = TimeSpan.FromSeconds(5),
            AttemptTimeout = TimeSpan.FromSeconds(7),
            TotalTimeout = TimeSpan.FromSeconds(40),
        };

        var descriptor = ResourceServerResilience.CreatePipeline(options).GetPipelineDescriptor();

        Assert.Collection(
            descriptor.Strategies,
            total =>
            {
                var o = Assert.IsType<TimeoutStrategyOptions>(total.Options);
                Assert.Equal(TimeSpan.FromSeconds(40), o.Timeout);
                Assert.Equal(ResourceServerResilience.TotalTimeoutStrategyName, o.Name);
            },
            retry =>
            {
                var o = Assert.IsType<RetryStrategyOptions>(retry.Options);
                // Polly's limit is the throttled one; the predicate stops other failures at MaxAttempts (RetryPipelineTests).
                Assert.Equal(5, o.MaxRetryAttempts);
                Assert.Equal(DelayBackoffType.Exponential, o.BackoffType);
                Assert.True(o.UseJitter);
                Assert.Equal(TimeSpan.FromMilliseconds(200), o.Delay);
                Assert.Equal(TimeSpan.FromSeconds(5), o.MaxDelay);
                Assert.Equal(ResourceServerResilience.RetryStrategyName, o.Name);
            },
            attempt =>
            {
                var o = Assert.IsType<TimeoutStrategyOptions>(attempt.Options);
                Assert.Equal(TimeSpan.FromSeconds(7), o.Timeout);
                Assert.Equal(ResourceServerResilience.AttemptTimeoutStrategyName, o.Name);
            });
    }

    [Fact]
    public void Defaults_follow_the_AWS_standard_retry_mode()
    {
        var descriptor = ResourceServerResilience.CreatePipeline(new ResourceServerResilienceOptions()).GetPipelineDescriptor();

        var retry = Assert.IsType<RetryStrategyOptions>(descriptor.Strategies[1].Options);
        // Three attempts (the AWS standard mode), five while throttled: Polly's retry carries the larger limit.
        Assert.Equal(3, new ResourceServerResilienceOptions().MaxAttempts);
        Assert.Equal(4, retry.MaxRetryAttempts);
        Assert.Equal(TimeSpan.FromSeconds(1), retry.Delay);
        Assert.Equal(TimeSpan.FromSeconds(20), retry.MaxDelay);
        Assert.Equal(TimeSpan.FromSeconds(60), Assert.IsType<TimeoutStrategyOptions>(descriptor.Strategies[0].Options).Timeout);
        Assert.Equal(TimeSpan.FromSeconds(10), Assert.IsType<TimeoutStrategyOptions>(descriptor.Strategies[2].Options).Timeout);
    }

    [Fact]
    public void One_attempt_leaves_the_retry_out_but_keeps_both_timeouts()
    {
        var descriptor = ResourceServerResilience.CreatePipeline(new ResourceServerResilienceOptions { MaxAttempts = 1 }).GetPipelineDescriptor();

        Assert.Equal(2, descriptor.Strategies.Count);
        Assert.All(descriptor.Strategies, s => Assert.IsType<TimeoutStrategyOptions>(s.Options));
    }

    [Fact]
    public void Registered_under_the_public_key_it_resolves_with_its_three_strategies()
    {
        var services = new ServiceCollection();
        services.AddResiliencePipeline(ResourceServerResilience.PipelineKey, b => b.AddResourceServerResilience(new ResourceServerResilienceOptions()));
        using var provider = services.BuildServiceProvider();

        var pipeline = provider.GetRequiredService<ResiliencePipelineProvider<string>>().GetPipeline(ResourceServerResilience.PipelineKey);

        Assert.Equal(
            [typeof(TimeoutStrategyOptions), typeof(RetryStrategyOptions), typeof(TimeoutStrategyOptions)],
            pipeline.GetPipelineDescriptor().Strategies.Select(s => s.Options!.GetType()));
    }

    [Fact]
    public void A_pipeline_registered_first_under_the_key_replaces_the_librarys()
    {
        // The documented hook: Polly keeps the first registration for a key, so a user's own pipeline registered
        // before the library's is the one every call runs in.
        var services = new ServiceCollection();
        services.AddResiliencePipeline(ResourceServerResilience.PipelineKey, b => b.AddTimeout(TimeSpan.FromSeconds(3)));
        services.AddResiliencePipeline(ResourceServerResilience.PipelineKey, b => b.AddResourceServerResilience(new ResourceServerResilienceOptions()));
        using var provider = services.BuildServiceProvider();

        var pipeline = provider.GetRequiredService<ResiliencePipelineProvider<string>>().GetPipeline(ResourceServerResilience.PipelineKey);

        var only = Assert.Single(pipeline.GetPipelineDescriptor().Strategies);
        Assert.Equal(TimeSpan.FromSeconds(3), Assert.IsType<TimeoutStrategyOptions>(only.Options).Timeout);
    }
}
