using System.Net;
using static ResourceServers.IntegrationTests.MisbehavingServer.MisbehavingCognito;

namespace ResourceServers.IntegrationTests.MisbehavingServer;

/// <summary>
/// Misbehaviour in the app-client reads behind scope grants: a describe answered for another app client, a listing
/// that never stops paging. The client refuses them as MalformedResponse before it writes, and the secret an answer
/// carries reaches no exception.
/// </summary>
public sealed class AppClientAnswersTests : IAsyncLifetime
{
    private const string Secret = "s3cr3tAppClientSecretValueThatMustNeverShow0123";

    private MisbehavingCognito _server = null!;

    public async Task InitializeAsync() => _server = await StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_describe_answered_for_another_app_client_is_refused_and_nothing_is_written()
    {
        _server.Answer = (c, r) => r.Operation switch
        {
            "DescribeResourceServer" => Json(c, HttpStatusCode.OK, $$"""{"ResourceServer":{{Server(scopes: 2)}}}"""),
            "ListUserPoolClients" => Json(c, HttpStatusCode.OK, $$"""{"UserPoolClients":[{"ClientId":"abc123","ClientName":"web","UserPoolId":"{{UserPoolId}}"}]}"""),
            "DescribeUserPoolClient" => Json(c, HttpStatusCode.OK, $$$"""{"UserPoolClient":{"ClientId":"other999","ClientName":"web","UserPoolId":"{{{UserPoolId}}}","ClientSecret":"{{{Secret}}}","AllowedOAuthScopes":["{{{Identifier}}}/scope0"]}}"""),
            _ => Json(c, HttpStatusCode.OK, "{}"),
        };

        var error = await AssertCognito.ThrowsAsync(
            CognitoErrorCodes.MalformedResponse,
            () => _server.Client().PatchAsync(UserPoolId, Identifier, ResourceServerPatch.RemoveScope("scope0")));

        Assert.Contains("UserPoolClient.ClientId is not the app client the request named", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, error.ToString(), StringComparison.Ordinal);
        Assert.Equal(0, _server.Count("UpdateResourceServer"));
    }

    [Fact]
    public async Task A_listing_that_repeats_its_page_token_stops_as_malformed()
    {
        _server.Answer = (c, r) => r.Operation switch
        {
            "DescribeResourceServer" => Json(c, HttpStatusCode.OK, $$"""{"ResourceServer":{{Server(scopes: 2)}}}"""),
            "ListUserPoolClients" => Json(c, HttpStatusCode.OK, $$"""{"UserPoolClients":[{"ClientId":"abc123","ClientName":"web"}],"NextToken":"same-token"}"""),
            "DescribeUserPoolClient" => Json(c, HttpStatusCode.OK, """{"UserPoolClient":{"ClientId":"abc123","ClientName":"web"}}"""),
            _ => Json(c, HttpStatusCode.OK, "{}"),
        };

        var error = await AssertCognito.ThrowsAsync(
            CognitoErrorCodes.MalformedResponse,
            () => _server.Client().PlanAsync(new ResourceServer(UserPoolId, Identifier, "orders")));

        Assert.Contains($"ListUserPoolClients for user pool {UserPoolId} answered a NextToken it had already given; paging stopped.", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, _server.Count("ListUserPoolClients"));
    }
}
