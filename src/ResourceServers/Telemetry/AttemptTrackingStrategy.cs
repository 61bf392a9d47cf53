using Polly;

namespace ResourceServers.Telemetry;

/// <summary>
/// The innermost strategy of the client's pipeline: runs once per attempt, inside the retry, and tells the current
/// <see cref="OperationScope"/> which attempt of its execution this is. The port below cannot see Polly's context,
/// so this is how the attempt number and the retry count reach the telemetry.
/// </summary>
internal sealed class AttemptTrackingStrategy : ResilienceStrategy
{
    private static readonly ResiliencePropertyKey<int> AttemptKey = new("ResourceServers.Telemetry.Attempt");

    /// <summary>Wraps <paramref name="pipeline"/> so each of its attempts is tracked.</summary>
    public static ResiliencePipeline Around(ResiliencePipeline pipeline) =>
        new ResiliencePipelineBuilder()
            .AddPipeline(pipeline)
            .AddStrategy(static _ => new AttemptTrackingStrategy(), new AttemptTrackingOptions())
            .Build();

    protected override ValueTask<Outcome<TResult>> ExecuteCore<TResult, TState>(
        Func<ResilienceContext, TState, ValueTask<Outcome<TResult>>> callback,
        ResilienceContext context,
        TState state)
    {
        // One context per execution, reused by each of its attempts: the count restarts for every execution.
        var attempt = context.Properties.TryGetValue(AttemptKey, out var previous) ? previous + 1 : 1;
        context.Properties.Set(AttemptKey, attempt);
        OperationScope.Current?.OnAttempt(attempt);
        return callback(context, state);
    }

    private sealed class AttemptTrackingOptions : ResilienceStrategyOptions
    {
        public AttemptTrackingOptions() => Name = "ResourceServers.AttemptTracking";
    }
}
