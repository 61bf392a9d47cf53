using ResourceServers.TestPorts;
using System.Collections.Concurrent;
using ResourceServers.Wire;

namespace ResourceServers.IntegrationTests.Resilience;

/// <summary>A port whose DescribeResourceServer calls stay open until the test answers them, oldest first.</summary>
internal sealed class HeldCallsApi : TypedCognitoPort
{
    private readonly ConcurrentQueue<TaskCompletionSource<DescribeResourceServerResponse>> _open = new();

    public int Received { get; private set; }

    public void AnswerAll()
    {
        while (_open.TryDequeue(out var call))
        {
            call.SetResult(new DescribeResourceServerResponse
            {
                ResourceServer = new ResourceServerType { UserPoolId = "us-east-1_pool", Identifier = "api", Name = "api", Scopes = [] },
            });
        }
    }

    public override Task<DescribeResourceServerResponse> DescribeResourceServerAsync(DescribeResourceServerRequest request, CancellationToken cancellationToken = default)
    {
        Received++;
        var call = new TaskCompletionSource<DescribeResourceServerResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
        _open.Enqueue(call);
        return call.Task;
    }

    public override Task<CreateResourceServerResponse> CreateResourceServerAsync(CreateResourceServerRequest request, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public override Task<ListResourceServersResponse> ListResourceServersAsync(ListResourceServersRequest request, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public override Task<UpdateResourceServerResponse> UpdateResourceServerAsync(UpdateResourceServerRequest request, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public override Task<DeleteResourceServerResponse> DeleteResourceServerAsync(DeleteResourceServerRequest request, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();
}
