using System.Net;
using static ResourceServers.IntegrationTests.MisbehavingServer.MisbehavingCognito;

namespace ResourceServers.IntegrationTests.MisbehavingServer;

/// <summary>
/// Misbehaviour: a create or update answered with a server other than the one written (the old state, another name,
/// other scopes). Cognito answers a write with the server as written, so the answer must hold what was sent, compared
/// as <see cref="ResourceServer.HasSameContentAs"/> compares (scope order aside); otherwise the write is
/// MalformedResponse, not retried, and never reported as applied (no Updated, no Created).
/// </summary>
public sealed class WriteAnsweredWithOldStateTests : IAsyncLifetime
{
    private static readonly string Current = Server(name: "orders", scopes: 1);

    private MisbehavingCognito _server = null!;

    public async Task InitializeAsync() => _server = await StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Patch_answered_with_the_unchanged_server_is_not_reported_updated()
    {
        _server.Answer = (c, _) => Json(c, HttpStatusCode.OK, $$"""{"ResourceServer":{{Current}}}""");

        var error = await AssertCognito.ThrowsAsync(
            CognitoErrorCodes.MalformedResponse,
            () => _server.Client().PatchAsync(UserPoolId, Identifier, ResourceServerPatch.Rename("renamed")));

        Assert.False(error.IsRetryable);
        Assert.Contains("ResourceServer.Name is not the name the request wrote", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, _server.Count("UpdateResourceServer"));
    }

    [Fact]
    public async Task Ensure_answered_with_the_unchanged_server_is_not_reported_updated()
    {
        _server.Answer = (c, _) => Json(c, HttpStatusCode.OK, $$"""{"ResourceServer":{{Current}}}""");
        var desired = new ResourceServer(UserPoolId, Identifier, "orders", [new("scope0", "d"), new("scope1", "added")]);

        var error = await AssertCognito.ThrowsAsync(CognitoErrorCodes.MalformedResponse, () => _server.Client().EnsureAsync(desired));

        Assert.Contains("ResourceServer.Scopes are not the scopes the request wrote", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, _server.Count("UpdateResourceServer"));
    }

    [Fact]
    public async Task A_replace_answered_with_the_old_state_is_not_reported_applied()
    {
        _server.Answer = (c, _) => Json(c, HttpStatusCode.OK, $$"""{"ResourceServer":{{Current}}}""");

        await AssertCognito.ThrowsAsync(
            CognitoErrorCodes.MalformedResponse,
            () => _server.Client().UpdateAsync(new ResourceServer(UserPoolId, Identifier, "orders")));
    }

    [Fact]
    public async Task A_create_answered_with_another_server_is_not_reported_created()
    {
        _server.Answer = (c, r) => r.Operation == "DescribeResourceServer"
            ? Error(c, HttpStatusCode.BadRequest, "ResourceNotFoundException", "Resource server not found.")
            : Json(c, HttpStatusCode.OK, $$"""{"ResourceServer":{{Server(name: "someone-elses")}}}""");
        var client = _server.Client();

        await AssertCognito.ThrowsAsync(CognitoErrorCodes.MalformedResponse, () => client.CreateAsync(new ResourceServer(UserPoolId, Identifier, "orders")));
        await AssertCognito.ThrowsAsync(CognitoErrorCodes.MalformedResponse, () => client.EnsureAsync(new ResourceServer(UserPoolId, Identifier, "orders")));

        Assert.Equal(2, _server.Count("CreateResourceServer"));
    }

    [Fact]
    public async Task A_write_answered_with_its_scopes_in_another_order_is_applied()
    {
        _server.Answer = (c, _) => Json(
            c,
            HttpStatusCode.OK,
            $$$"""{"ResourceServer":{"UserPoolId":"{{{UserPoolId}}}","Identifier":"{{{Identifier}}}","Name":"orders","Scopes":[{"ScopeName":"write","ScopeDescription":"W"},{"ScopeName":"read","ScopeDescription":"R"}]}}""");

        var stored = await _server.Client().UpdateAsync(new ResourceServer(UserPoolId, Identifier, "orders", [new("read", "R"), new("write", "W")]));

        Assert.Equal(["write", "read"], stored.Scopes.Select(s => s.Name));
    }
}
