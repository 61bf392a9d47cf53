using ResourceServers.Wire;

namespace ResourceServers.Resilience;

/// <summary>
/// A wire port that waits for a request slot (<see cref="CognitoRequestPacer"/>) before each call to the port it
/// wraps, and hands the slot back when the call ends, however it ends. Sitting under the pipeline, it paces every
/// attempt, retries and both halves of a read-modify-write.
/// </summary>
internal sealed class PacingCognitoApi(ICognitoResourceServerApi inner, CognitoRequestPacer pacer) : ICognitoResourceServerApi
{
    internal CognitoRequestPacer Pacer => pacer;

    public Task<CreateResourceServerResponse> CreateResourceServerAsync(CreateResourceServerRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return PacedAsync(CognitoOperation.CreateResourceServer, request.UserPoolId, (inner, request), static (s, ct) => s.inner.CreateResourceServerAsync(s.request, ct), cancellationToken);
    }

    public Task<DescribeResourceServerResponse> DescribeResourceServerAsync(DescribeResourceServerRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return PacedAsync(CognitoOperation.DescribeResourceServer, request.UserPoolId, (inner, request), static (s, ct) => s.inner.DescribeResourceServerAsync(s.request, ct), cancellationToken);
    }

    public Task<ListResourceServersResponse> ListResourceServersAsync(ListResourceServersRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return PacedAsync(CognitoOperation.ListResourceServers, request.UserPoolId, (inner, request), static (s, ct) => s.inner.ListResourceServersAsync(s.request, ct), cancellationToken);
    }

    public Task<UpdateResourceServerResponse> UpdateResourceServerAsync(UpdateResourceServerRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return PacedAsync(CognitoOperation.UpdateResourceServer, request.UserPoolId, (inner, request), static (s, ct) => s.inner.UpdateResourceServerAsync(s.request, ct), cancellationToken);
    }

    public Task DeleteResourceServerAsync(DeleteResourceServerRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return PacedAsync(
            CognitoOperation.DeleteResourceServer,
            request.UserPoolId,
            (inner, request),
            static async (s, ct) =>
            {
                await s.inner.DeleteResourceServerAsync(s.request, ct).ConfigureAwait(false);
                return true;
            },
            cancellationToken);
    }

    private async Task<TResult> PacedAsync<TState, TResult>(
        CognitoOperation operation,
        string userPoolId,
        TState state,
        Func<TState, CancellationToken, Task<TResult>> call,
        CancellationToken cancellationToken)
    {
        var slots = await pacer.WaitAsync(operation, userPoolId, cancellationToken).ConfigureAwait(false);
        try
        {
            return await call(state, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            pacer.Complete(slots);
        }
    }
}
