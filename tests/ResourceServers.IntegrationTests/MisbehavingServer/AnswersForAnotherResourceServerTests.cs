using System.Net;
using static ResourceServers.IntegrationTests.MisbehavingServer.MisbehavingCognito;

namespace ResourceServers.IntegrationTests.MisbehavingServer;

/// <summary>
/// Misbehaviour: the answer is about another pool or resource server, or is a server the service model forbids. The
/// client refuses it as MalformedResponse before anything uses it, and writes stay keyed on the caller's own pool and
/// identifier.
/// </summary>
public sealed class AnswersForAnotherResourceServerTests : IAsyncLifetime
{
    private MisbehavingCognito _server = null!;

    public async Task InitializeAsync() => _server = await StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData("us-east-1_Elsewhere9", Identifier)]
    [InlineData(UserPoolId, "https://other.example.com")]
    public async Task Patch_never_writes_to_the_pool_or_identifier_a_describe_answer_names(string answeredPool, string answeredIdentifier)
    {
        _server.Answer = (c, r) => Json(c, HttpStatusCode.OK, r.Operation == "DescribeResourceServer"
            ? $$"""{"ResourceServer":{{Server(answeredPool, answeredIdentifier)}}}"""
            : $$"""{"ResourceServer":{{Server(r.Member("UserPoolId")!, r.Member("Identifier")!)}}}""");
        var client = _server.Client();

        var error = await AssertCognito.ThrowsAsync(
            CognitoErrorCodes.MalformedResponse,
            () => client.PatchAsync(UserPoolId, Identifier, ResourceServerPatch.Rename("renamed")));

        Assert.False(error.IsRetryable);
        Assert.Equal(0, _server.Count("UpdateResourceServer"));
        Assert.Equal(1, _server.Count("DescribeResourceServer"));
    }

    [Theory]
    [InlineData("create")]
    [InlineData("update")]
    public async Task A_write_answered_with_another_resource_server_holding_what_was_written_is_refused(string write)
    {
        // The echo matches (name and scopes as written), but the answer is about another server: not a done write.
        _server.Answer = (c, r) => Json(c, HttpStatusCode.OK, $$"""{"ResourceServer":{{Server(identifier: "https://other.example.com", scopes: 0)}}}""");
        var client = _server.Client();
        var server = new ResourceServer(UserPoolId, Identifier, "orders");

        var error = await AssertCognito.ThrowsAsync(
            CognitoErrorCodes.MalformedResponse,
            () => write == "create" ? client.CreateAsync(server) : client.UpdateAsync(server));

        Assert.Contains("ResourceServer.Identifier", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_refuses_an_answer_about_another_resource_server()
    {
        _server.Answer = (c, _) => Json(c, HttpStatusCode.OK, $$"""{"ResourceServer":{{Server(identifier: "https://other.example.com")}}}""");

        var error = await AssertCognito.ThrowsAsync(CognitoErrorCodes.MalformedResponse, () => _server.Client().GetAsync(UserPoolId, Identifier));

        Assert.Contains("ResourceServer.Identifier", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"ResourceServer":{}}""", "ResourceServer.UserPoolId is missing")]
    [InlineData("""{"ResourceServer":{"UserPoolId":"us-east-1_Misbehave1","Identifier":"https://api.example.com"}}""", "ResourceServer.Name is missing")]
    public async Task An_empty_or_incomplete_server_is_not_a_server_named_nothing(string body, string problem)
    {
        _server.Answer = (c, _) => Json(c, HttpStatusCode.OK, body);

        var error = await AssertCognito.ThrowsAsync(CognitoErrorCodes.MalformedResponse, () => _server.Client().GetAsync(UserPoolId, Identifier));

        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_name_longer_than_the_model_allows_is_refused()
    {
        _server.Answer = (c, _) => Json(c, HttpStatusCode.OK, $$"""{"ResourceServer":{{Server(name: new string('n', 200_000))}}}""");

        var error = await AssertCognito.ThrowsAsync(CognitoErrorCodes.MalformedResponse, () => _server.Client().GetAsync(UserPoolId, Identifier));

        Assert.Contains("ResourceServer.Name: length must be 1..256; length was 200000", error.Message, StringComparison.Ordinal);
        Assert.True(error.Message.Length < 1000, "the message does not quote the name");
    }

    [Fact]
    public async Task More_scopes_than_the_quota_allows_are_refused()
    {
        _server.Answer = (c, _) => Json(c, HttpStatusCode.OK, $$"""{"ResourceServer":{{Server(scopes: 101)}}}""");

        var error = await AssertCognito.ThrowsAsync(CognitoErrorCodes.MalformedResponse, () => _server.Client().GetAsync(UserPoolId, Identifier));

        Assert.Contains("holds 101 scopes; the service allows at most 100", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ensure_all_never_deletes_in_a_pool_the_caller_did_not_name()
    {
        _server.Answer = (c, r) => r.Operation switch
        {
            "ListResourceServers" => Json(c, HttpStatusCode.OK, $$"""{"ResourceServers":[{{Server("us-east-1_Elsewhere9", "https://victim.example.com")}}]}"""),
            "DescribeResourceServer" => Json(c, HttpStatusCode.OK, $$"""{"ResourceServer":{{Server()}}}"""),
            _ => Json(c, HttpStatusCode.OK, "{}"),
        };

        await AssertCognito.ThrowsAsync(
            CognitoErrorCodes.MalformedResponse,
            () => _server.Client().EnsureAllAsync(UserPoolId, [new ResourceServer(UserPoolId, Identifier, "orders", [new ResourceServerScope("scope0", "d")])], deleteUnlisted: true));

        Assert.Equal(0, _server.Count("DeleteResourceServer"));
    }

    [Fact]
    public async Task A_list_page_longer_than_the_page_asked_for_is_refused()
    {
        _server.Answer = (c, _) => Json(c, HttpStatusCode.OK, $$"""{"ResourceServers":[{{Server(identifier: "https://a.example.com")}},{{Server(identifier: "https://b.example.com")}}]}""");

        await AssertCognito.ThrowsAsync(CognitoErrorCodes.MalformedResponse, async () =>
        {
            await foreach (var _ in _server.Client().ListAsync(UserPoolId, pageSize: 1))
            {
            }
        });
    }
}
