using System.Net;
using static ResourceServers.IntegrationTests.MisbehavingServer.MisbehavingCognito;

namespace ResourceServers.IntegrationTests.MisbehavingServer;

/// <summary>
/// Misbehaviour: a 2xx status that carries an error, in the <c>X-Amzn-ErrorType</c> header or a body's <c>__type</c>,
/// even beside the operation's own members. The status says success and the body says failure, so neither is believed:
/// MalformedResponse, not retried, and never the error it names (a 200 "not found" must not make Ensure create).
/// </summary>
public sealed class ErrorBodyUnderSuccessTests : IAsyncLifetime
{
    private MisbehavingCognito _server = null!;

    public async Task InitializeAsync() => _server = await StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_valid_answer_with_an_error_header_is_not_a_success()
    {
        _server.Answer = (c, _) =>
        {
            c.Response.Headers["X-Amzn-ErrorType"] = "ResourceNotFoundException:http://internal.amazon.com/coral/";
            return Json(c, HttpStatusCode.OK, $$"""{"ResourceServer":{{Server()}}}""");
        };

        var error = await AssertCognito.ThrowsAsync(CognitoErrorCodes.MalformedResponse, () => _server.Client().GetAsync(UserPoolId, Identifier));

        Assert.Contains("answered an error (ResourceNotFoundException) instead of a DescribeResourceServer answer", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, _server.Count("DescribeResourceServer"));
    }

    [Fact]
    public async Task An_error_type_beside_a_valid_answer_is_not_a_success_nor_retried_as_the_error_it_names()
    {
        _server.Answer = (c, _) => Json(c, HttpStatusCode.OK, $$"""{"__type":"InternalErrorException","ResourceServer":{{Server()}}}""");

        var error = await AssertCognito.ThrowsAsync(CognitoErrorCodes.MalformedResponse, () => _server.Client().GetAsync(UserPoolId, Identifier));

        Assert.False(error.IsRetryable);
        Assert.Equal(1, _server.Count("DescribeResourceServer"));
    }

    [Fact]
    public async Task A_not_found_under_200_does_not_make_Find_answer_null_or_Ensure_create()
    {
        _server.Answer = (c, _) => Json(c, HttpStatusCode.OK, """{"__type":"ResourceNotFoundException","message":"gone"}""");
        var client = _server.Client();

        await AssertCognito.ThrowsAsync(CognitoErrorCodes.MalformedResponse, () => client.FindAsync(UserPoolId, Identifier));
        await AssertCognito.ThrowsAsync(CognitoErrorCodes.MalformedResponse, () => client.EnsureAsync(new ResourceServer(UserPoolId, Identifier, "orders")));

        Assert.Equal(0, _server.Count("CreateResourceServer"));
    }

    [Fact]
    public async Task A_code_of_the_servers_own_making_is_not_repeated()
    {
        const string madeUp = "ghp_ThisCouldBeAnythingAtAll0123456789";
        _server.Answer = (c, _) => Json(c, HttpStatusCode.OK, $$"""{"__type":"{{madeUp}}","ResourceServer":{{Server()}}}""");

        var error = await AssertCognito.ThrowsAsync(CognitoErrorCodes.MalformedResponse, () => _server.Client().GetAsync(UserPoolId, Identifier));

        Assert.DoesNotContain(madeUp, error.ToString(), StringComparison.Ordinal);
    }
}
