using ResourceServers.Wire;

namespace ResourceServers.TestPorts;

/// <summary>A wire port written as the five typed resource-server calls, for the test ports that replace one call's behaviour.</summary>
internal abstract class TypedCognitoPort : ICognitoResourceServerApi
{
    public Task<TResponse> SendAsync<TRequest, TResponse>(CognitoOperation<TRequest, TResponse> operation, TRequest request, CancellationToken cancellationToken = default)
        where TRequest : class
        where TResponse : CognitoResponse =>
        (Task<TResponse>)(operation.Name switch
        {
            nameof(CognitoOperation.CreateResourceServer) => (object)CreateResourceServerAsync((CreateResourceServerRequest)(object)request, cancellationToken),
            nameof(CognitoOperation.DescribeResourceServer) => DescribeResourceServerAsync((DescribeResourceServerRequest)(object)request, cancellationToken),
            nameof(CognitoOperation.ListResourceServers) => ListResourceServersAsync((ListResourceServersRequest)(object)request, cancellationToken),
            nameof(CognitoOperation.UpdateResourceServer) => UpdateResourceServerAsync((UpdateResourceServerRequest)(object)request, cancellationToken),
            nameof(CognitoOperation.DeleteResourceServer) => DeleteResourceServerAsync((DeleteResourceServerRequest)(object)request, cancellationToken),
            _ => throw new NotSupportedException(operation.Name),
        });

    public abstract Task<CreateResourceServerResponse> CreateResourceServerAsync(CreateResourceServerRequest request, CancellationToken cancellationToken = default);

    public abstract Task<DescribeResourceServerResponse> DescribeResourceServerAsync(DescribeResourceServerRequest request, CancellationToken cancellationToken = default);

    public abstract Task<ListResourceServersResponse> ListResourceServersAsync(ListResourceServersRequest request, CancellationToken cancellationToken = default);

    public abstract Task<UpdateResourceServerResponse> UpdateResourceServerAsync(UpdateResourceServerRequest request, CancellationToken cancellationToken = default);

    public abstract Task<DeleteResourceServerResponse> DeleteResourceServerAsync(DeleteResourceServerRequest request, CancellationToken cancellationToken = default);
}
