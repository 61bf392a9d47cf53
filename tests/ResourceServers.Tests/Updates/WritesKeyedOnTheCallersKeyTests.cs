using Moq;
using ResourceServers.Wire;

namespace ResourceServers.Tests.Updates;

/// <summary>
/// Whatever port answers (here one that is not the HTTP transport, so nothing has checked its answer), a write built
/// from a read goes to the caller's own pool and identifier, never to the ones the answer names.
/// </summary>
public class WritesKeyedOnTheCallersKeyTests
{
    private const string Pool = "us-east-1_Caller1";
    private const string Identifier = "https://api.example.com";

    [Fact]
    public async Task Patch_writes_to_the_callers_key_though_the_read_named_another()
    {
        var api = new Mock<ICognitoResourceServerApi>(MockBehavior.Strict);
        api.Setup(a => a.SendAsync(CognitoOperation.DescribeResourceServer, It.IsAny<DescribeResourceServerRequest>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new DescribeResourceServerResponse { ResourceServer = new ResourceServerType { UserPoolId = "us-east-1_Other9", Identifier = "https://victim.example.com", Name = "orders" } });
        UpdateResourceServerRequest? sent = null;
        api.Setup(a => a.SendAsync(CognitoOperation.UpdateResourceServer, It.IsAny<UpdateResourceServerRequest>(), It.IsAny<CancellationToken>()))
            .Callback<CognitoOperation<UpdateResourceServerRequest, UpdateResourceServerResponse>, UpdateResourceServerRequest, CancellationToken>((_, r, _) => sent = r)
            .ReturnsAsync((CognitoOperation<UpdateResourceServerRequest, UpdateResourceServerResponse> _, UpdateResourceServerRequest r, CancellationToken _) => new UpdateResourceServerResponse { ResourceServer = new ResourceServerType { UserPoolId = r.UserPoolId, Identifier = r.Identifier, Name = r.Name } });
        var client = TestClients.Over(api.Object);

        var change = await client.PatchAsync(Pool, Identifier, ResourceServerPatch.Rename("renamed"));

        Assert.Equal((Pool, Identifier), (sent!.UserPoolId, sent.Identifier));
        Assert.Equal((Pool, Identifier), (change.After!.UserPoolId, change.After.Identifier));
    }

    [Fact]
    public async Task List_items_are_keyed_on_the_callers_pool_so_ensure_all_deletes_only_there()
    {
        var api = new Mock<ICognitoResourceServerApi>(MockBehavior.Strict);
        api.Setup(a => a.SendAsync(CognitoOperation.ListResourceServers, It.IsAny<ListResourceServersRequest>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new ListResourceServersResponse { ResourceServers = [new ResourceServerType { UserPoolId = "us-east-1_Other9", Identifier = "https://stale.example.com", Name = "stale" }] });
        var deleted = new List<(string, string)>();
        api.Setup(a => a.SendAsync(CognitoOperation.DeleteResourceServer, It.IsAny<DeleteResourceServerRequest>(), It.IsAny<CancellationToken>()))
            .Callback<CognitoOperation<DeleteResourceServerRequest, DeleteResourceServerResponse>, DeleteResourceServerRequest, CancellationToken>((_, r, _) => deleted.Add((r.UserPoolId, r.Identifier)))
            .ReturnsAsync(new DeleteResourceServerResponse());
        var client = TestClients.Over(api.Object);

        await client.EnsureAllAsync(Pool, [], deleteUnlisted: true);

        Assert.Equal([(Pool, "https://stale.example.com")], deleted);
    }
}
