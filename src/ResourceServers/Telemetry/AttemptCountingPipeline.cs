using Polly;

namespace ResourceServers.Telemetry;

/// <summary>
/// The client's resilience pipeline, with each attempt of an execution reported to the current
/// <see cref="OperationScope"/>. The port below cannot see Polly's context, so this is how the attempt number and the
/// retry count reach the telemetry.
/// </summary>
/// <remarks>
/// <para>Attempts must be sequential: a pipeline with hedging (concurrent attempts) is not supported by the client,
/// whose attempt count, request ids and ambiguous-write tracking assume one attempt at a time.</para>
/// The count is taken in the callback, which Polly invokes once per attempt, rather than by an extra strategy: a
/// strategy of our own inside the user's pipeline cost about half a microsecond per call (see the overhead benchmark's
/// <c>--breakdown</c>), a wrapped callback one small allocation. Attempts of one execution are sequential, so the
/// counter needs no synchronization.
/// </remarks>
internal sealed class AttemptCountingPipeline(ResiliencePipeline pipeline)
{
    public ValueTask<TResult> ExecuteAsync<TResult, TState>(Func<TState, CancellationToken, ValueTask<TResult>> callback, TState state, CancellationToken cancellationToken)
    {
        if (OperationScope.Current is not { } scope)
        {
            return pipeline.ExecuteAsync(callback, state, cancellationToken);
        }

        return pipeline.ExecuteAsync(
            static (execution, ct) => execution.InvokeAttempt(ct),
            new Execution<TState, TResult>(scope, callback, state),
            cancellationToken);
    }

    public ValueTask<TResult> ExecuteAsync<TResult>(Func<CancellationToken, ValueTask<TResult>> callback, CancellationToken cancellationToken) =>
        ExecuteAsync(static (callback, ct) => callback(ct), callback, cancellationToken);

    public async ValueTask ExecuteAsync<TState>(Func<TState, CancellationToken, ValueTask> callback, TState state, CancellationToken cancellationToken) =>
        await ExecuteAsync(
            static async (s, ct) =>
            {
                await s.callback(s.state, ct).ConfigureAwait(false);
                return true;
            },
            (callback, state),
            cancellationToken).ConfigureAwait(false);

    public ValueTask ExecuteAsync(Func<CancellationToken, ValueTask> callback, CancellationToken cancellationToken) =>
        ExecuteAsync(static (callback, ct) => callback(ct), callback, cancellationToken);

    private sealed class Execution<TState, TResult>(OperationScope scope, Func<TState, CancellationToken, ValueTask<TResult>> callback, TState state)
    {
        private int _attempt;

        public ValueTask<TResult> InvokeAttempt(CancellationToken cancellationToken)
        {
            scope.OnAttempt(++_attempt);
            return callback(state, cancellationToken);
        }
    }
}
