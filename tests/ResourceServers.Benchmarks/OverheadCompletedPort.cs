using ResourceServers.TestPorts;
using ResourceServers.Wire;

namespace ResourceServers.Benchmarks;

/// <summary>
/// A wire port that answers at once with fixed responses: under it, the facade's own cost (validation, pipeline,
/// mapping) is all that is measured. Used by <c>overhead --breakdown</c>.
/// </summary>
internal sealed class OverheadCompletedPort : TypedCognitoPort
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

    public override Task<CreateResourceServerResponse> CreateResourceServerAsync(CreateResourceServerRequest request, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("The breakdown does not create.");

    public override Task<DescribeResourceServerResponse> DescribeResourceServerAsync(DescribeResourceServerRequest request, CancellationToken cancellationToken = default) => _describe;

    public override Task<ListResourceServersResponse> ListResourceServersAsync(ListResourceServersRequest request, CancellationToken cancellationToken = default) => _list;

    public override Task<UpdateResourceServerResponse> UpdateResourceServerAsync(UpdateResourceServerRequest request, CancellationToken cancellationToken = default) => _update;

    public override Task<DeleteResourceServerResponse> DeleteResourceServerAsync(DeleteResourceServerRequest request, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("The breakdown does not delete.");
}
