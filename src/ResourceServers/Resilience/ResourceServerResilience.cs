using System.Net;
using Polly;
using Polly.Retry;
using Polly.Timeout;
using ResourceServers.Wire;

namespace ResourceServers;

/// <summary>
/// The resilience pipeline for Cognito resource-server calls (Polly v8).
/// </summary>
/// <remarks>
/// <para>
/// The pipeline is, outermost first: a total timeout, a retry, and a per-attempt timeout. Retried: throttling
/// (<c>TooManyRequestsException</c> and the AWS SDKs' other throttling codes), <c>InternalErrorException</c>, an
/// unmodelled answer with HTTP 500, 502, 503, 504 or 429 (as the AWS SDKs' standard retry mode; not 501 or 505),
/// transport failures (<see cref="HttpRequestException"/>, <see cref="IOException"/>) and the per-attempt timeout.
/// Never retried: <c>InvalidParameterException</c>, <c>NotAuthorizedException</c>,
/// <c>ResourceNotFoundException</c>, <c>LimitExceededException</c> (a hard quota), signature and
/// credential errors, the total timeout, and the caller's cancellation. See <see cref="IsTransient"/>. A call makes at
/// most <see cref="ResourceServerResilienceOptions.MaxAttempts"/> attempts, or
/// <see cref="ResourceServerResilienceOptions.MaxAttemptsWhenThrottled"/> while its failures are throttles
/// (<c>TooManyRequestsException</c>, the AWS SDKs' other throttling codes, or HTTP 429).
/// </para>
/// <para>
/// With dependency injection the pipeline is registered with Polly.Extensions under <see cref="PipelineKey"/>,
/// which brings Polly's logs and metrics. To tune it, configure <see cref="ResourceServerResilienceOptions"/>. To
/// replace it, register your own pipeline under the same key <b>before</b> the library's registration
/// (<c>services.AddResiliencePipeline(ResourceServerResilience.PipelineKey, b => ...)</c>; Polly keeps the first
/// registration for a key), starting from <see cref="AddResourceServerResilience"/> or from scratch.
/// This pipeline is the only retry layer: the wire port must not retry on its own.
/// </para>
/// </remarks>
public static class ResourceServerResilience
{
    /// <summary>The key the pipeline is registered under in Polly's <c>ResiliencePipelineProvider&lt;string&gt;</c>.</summary>
    public const string PipelineKey = "ResourceServers";

    /// <summary>The strategy name of the total timeout, as it appears in Polly's telemetry.</summary>
    public const string TotalTimeoutStrategyName = "ResourceServers.TotalTimeout";

    /// <summary>The strategy name of the retry, as it appears in Polly's telemetry.</summary>
    public const string RetryStrategyName = "ResourceServers.Retry";

    /// <summary>
    /// The strategy name of the per-attempt timeout, as it appears in Polly's telemetry. A
    /// <see cref="TimeoutRejectedException"/> from this strategy, and only from it, is retried.
    /// </summary>
    public const string AttemptTimeoutStrategyName = "ResourceServers.AttemptTimeout";

    // What the current execution's last retry withdrew, so its success can give that back (the AWS retry quota).
    private static readonly ResiliencePropertyKey<int> LastRetryCostKey = new("ResourceServers.RetryBudget.LastRetryCost");

    /// <summary>
    /// Adds, outermost first, the total timeout, the retry (exponential backoff with jitter, drawing on a retry
    /// budget shared by every execution of the built pipeline) and the per-attempt timeout.
    /// </summary>
    /// <param name="builder">The builder; its <see cref="ResiliencePipelineBuilderBase.TimeProvider"/> drives delays and timeouts.</param>
    /// <param name="options">The settings; read once, here. The retry is left out when <see cref="ResourceServerResilienceOptions.MaxAttempts"/> is 1.</param>
    /// <returns>The builder, to chain.</returns>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">A setting is invalid; the message names it.</exception>
    public static ResiliencePipelineBuilder AddResourceServerResilience(this ResiliencePipelineBuilder builder, ResourceServerResilienceOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        ResourceServerResilienceOptionsValidator.ThrowIfInvalid(options);

        builder.AddTimeout(new TimeoutStrategyOptions { Name = TotalTimeoutStrategyName, Timeout = options.TotalTimeout });

        if (options.MaxAttempts > 1)
        {
            var limits = new AttemptLimits(options.MaxAttempts, Math.Max(options.MaxAttempts, options.MaxAttemptsWhenThrottled));
            var budget = options.RetryBudget.Enabled ? new RetryBudget(options.RetryBudget) : null;
            builder.AddRetry(new RetryStrategyOptions
            {
                Name = RetryStrategyName,
                MaxRetryAttempts = limits.WhenThrottled - 1,
                BackoffType = DelayBackoffType.Exponential,
                Delay = options.BaseDelay,
                MaxDelay = options.MaxDelay,
                UseJitter = options.UseJitter,
                ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args, budget, limits)),
            });
        }

        // Inside the retry, so a hung attempt is abandoned and retried rather than using up the whole call.
        builder.AddTimeout(new TimeoutStrategyOptions { Name = AttemptTimeoutStrategyName, Timeout = options.AttemptTimeout });
        return builder;
    }

    /// <summary>Builds the pipeline of a client built by hand (without Polly's telemetry, which comes with dependency injection).</summary>
    /// <returns>The pipeline. Share it: its retry budget is meant to be shared by all calls to one endpoint.</returns>
    internal static ResiliencePipeline CreatePipeline(ResourceServerResilienceOptions options, TimeProvider? timeProvider = null) =>
        new ResiliencePipelineBuilder { TimeProvider = timeProvider }.AddResourceServerResilience(options).Build();

    /// <summary>
    /// Whether a failed attempt may succeed when repeated: the retry predicate of the pipeline, before the retry
    /// budget is consulted.
    /// </summary>
    /// <param name="exception">The failure of one attempt.</param>
    /// <returns>
    /// True for a <see cref="CognitoServiceException"/> whose <see cref="CognitoServiceException.IsRetryable"/> is set
    /// (throttling, internal errors, unmodelled 500/502/503/504); an <see cref="HttpRequestException"/> without a status
    /// or with 429, 500, 502, 503 or 504; an <see cref="IOException"/>; a <see cref="TimeoutRejectedException"/> thrown by the strategy
    /// named <see cref="AttemptTimeoutStrategyName"/>. False for everything else, in particular every
    /// <see cref="OperationCanceledException"/> (the caller's cancellation) and the total timeout.
    /// </returns>
    public static bool IsTransient(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return FailureClassification.IsTransient(exception);
    }

    private static bool ShouldRetry(RetryPredicateArguments<object> args, RetryBudget? budget, AttemptLimits limits)
    {
        var exception = args.Outcome.Exception;
        if (exception is null)
        {
            budget?.Deposit(args.Context.Properties.TryGetValue(LastRetryCostKey, out var refund) ? refund : budget.SuccessRefill);
            return false;
        }

        if (!IsTransient(exception))
        {
            return false;
        }

        // Polly's retry allows the throttled limit; any other failure stops at MaxAttempts. AttemptNumber counts from 0.
        var throttled = exception is CognitoServiceException { IsThrottle: true };
        if (!throttled && args.AttemptNumber + 1 >= limits.MaxAttempts)
        {
            return false;
        }

        // Polly asks after the last attempt too, and after cancellation; no retry follows, so nothing is withdrawn.
        if (budget is null || args.AttemptNumber + 1 >= limits.WhenThrottled || args.Context.CancellationToken.IsCancellationRequested)
        {
            return true;
        }

        var cost = exception is TimeoutRejectedException ? budget.TimeoutRetryCost : budget.RetryCost;
        if (!budget.TryWithdraw(cost))
        {
            return false;
        }

        args.Context.Properties.Set(LastRetryCostKey, cost);
        return true;
    }

    /// <summary>The attempts a call may make in all: <see cref="ResourceServerResilienceOptions.MaxAttempts"/>, and while throttled at least as many.</summary>
    private readonly record struct AttemptLimits(int MaxAttempts, int WhenThrottled);
}
