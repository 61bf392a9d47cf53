using ResourceServers.Wire;

namespace ResourceServers.Benchmarks;

/// <summary>
/// A wire port that answers at once with fixed, already completed responses: under it, the facade's own cost
/// (validation, pipeline, mapping) is all that is measured. Used by <c>overhead --breakdown</c>. Not the test kit's
/// in-memory Cognito on purpose: its validation, request ids, statistics and copies cost more than the facade it
/// would be measuring.
/// </summary>
internal sealed class OverheadCompletedPort : ICognitoResourceServerApi
{
    private readonly Task<DescribeResourceServerResponse> _describe;
    private readonly Task<UpdateResourceServerResponse> _update;
    private readonly Task<ListResourceServersResponse> _list;

    public OverheadCompletedPort(DescribeResourceServerResponse describe, ListResourceServersResponse list)
    {
        _describe = Task.FromResult(describe);
        _update = Task.FromResult(new UpdateResourceServerResponse { ResourceServer = describe.ResourceServer });
        _list = Task.FromResult(list);
    }

    public Task<TResponse> SendAsync<TRequest, TResponse>(CognitoOperation<TRequest, TResponse> operation, TRequest request, CancellationToken cancellationToken = default)
        where TRequest : class
        where TResponse : CognitoResponse =>
        (Task<TResponse>)(object)(operation.Name switch
        {
            nameof(CognitoOperation.DescribeResourceServer) => _describe,
            nameof(CognitoOperation.UpdateResourceServer) => _update,
            nameof(CognitoOperation.ListResourceServers) => _list,
            _ => throw new NotSupportedException($"The breakdown does not call {operation.Name}."),
        });
}
