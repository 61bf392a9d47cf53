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

    public async Task<CreateResourceServerResponse> CreateResourceServerAsync(CreateResourceServerRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var slots = await pacer.WaitAsync(CognitoOperation.CreateResourceServer, request.UserPoolId, cancellationToken).ConfigureAwait(false);
        try
        {
            return await inner.CreateResourceServerAsync(request, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            pacer.Complete(slots);
        }
    }

    public async Task<DescribeResourceServerResponse> DescribeResourceServerAsync(DescribeResourceServerRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var slots = await pacer.WaitAsync(CognitoOperation.DescribeResourceServer, request.UserPoolId, cancellationToken).ConfigureAwait(false);
        try
        {
            return await inner.DescribeResourceServerAsync(request, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            pacer.Complete(slots);
        }
    }

    public async Task<ListResourceServersResponse> ListResourceServersAsync(ListResourceServersRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var slots = await pacer.WaitAsync(CognitoOperation.ListResourceServers, request.UserPoolId, cancellationToken).ConfigureAwait(false);
        try
        {
            return await inner.ListResourceServersAsync(request, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            pacer.Complete(slots);
        }
    }

    public async Task<UpdateResourceServerResponse> UpdateResourceServerAsync(UpdateResourceServerRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var slots = await pacer.WaitAsync(CognitoOperation.UpdateResourceServer, request.UserPoolId, cancellationToken).ConfigureAwait(false);
        try
        {
            return await inner.UpdateResourceServerAsync(request, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            pacer.Complete(slots);
        }
    }

    public async Task DeleteResourceServerAsync(DeleteResourceServerRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var slots = await pacer.WaitAsync(CognitoOperation.DeleteResourceServer, request.UserPoolId, cancellationToken).ConfigureAwait(false);
        try
        {
            await inner.DeleteResourceServerAsync(request, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            pacer.Complete(slots);
        }
    }
}
