using ResourceServers.TestPorts;
using ResourceServers.Testing;
using ResourceServers.Wire;

namespace ResourceServers.Tests.Coordination;

/// <summary>
/// The in-memory Cognito with a hook run before each DescribeResourceServer (numbered from 1) and one after it, where a
/// test plays what happens meanwhile elsewhere: another process writing, a lease expiring, a caller giving up.
/// </summary>
internal sealed class HookedCognito(InMemoryCognito inner) : TypedCognitoPort
{
    private int _describes;

    public Func<int, CancellationToken, Task>? BeforeDescribe { get; set; }

    public Func<int, CancellationToken, Task>? AfterDescribe { get; set; }

    public int Describes => Volatile.Read(ref _describes);

    public override async Task<DescribeResourceServerResponse> DescribeResourceServerAsync(DescribeResourceServerRequest request, CancellationToken cancellationToken)
    {
        var call = Interlocked.Increment(ref _describes);
        if (BeforeDescribe is { } before)
        {
            await before(call, cancellationToken);
        }

        var response = await inner.DescribeResourceServerAsync(request, cancellationToken);
        if (AfterDescribe is { } after)
        {
            await after(call, cancellationToken);
        }

        return response;
    }

    public override Task<CreateResourceServerResponse> CreateResourceServerAsync(CreateResourceServerRequest request, CancellationToken cancellationToken) => inner.CreateResourceServerAsync(request, cancellationToken);

    public override Task<ListResourceServersResponse> ListResourceServersAsync(ListResourceServersRequest request, CancellationToken cancellationToken) => inner.ListResourceServersAsync(request, cancellationToken);

    public override Task<UpdateResourceServerResponse> UpdateResourceServerAsync(UpdateResourceServerRequest request, CancellationToken cancellationToken) => inner.UpdateResourceServerAsync(request, cancellationToken);

    public override Task<DeleteResourceServerResponse> DeleteResourceServerAsync(DeleteResourceServerRequest request, CancellationToken cancellationToken) => inner.DeleteResourceServerAsync(request, cancellationToken);
}
