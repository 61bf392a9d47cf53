using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using static ResourceServers.IntegrationTests.MisbehavingServer.MisbehavingCognito;

namespace ResourceServers.IntegrationTests.MisbehavingServer;

/// <summary>
/// Misbehaviour: a delete answered 200 with a body: a proxy's HTML page, an error body, another operation's answer. The
/// service answers a delete with nothing or <c>{}</c>; anything else is MalformedResponse (not retried), so a delete is
/// never reported done on an answer that does not say so: not by Delete, DeleteIfExists or EnsureAll.
/// </summary>
public sealed class DeleteAnsweredWithABodyTests : IAsyncLifetime
{
    private MisbehavingCognito _server = null!;

    public async Task InitializeAsync() => _server = await StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public static TheoryData<string> BodiesThatAreNotADeletesAnswer => new()
    {
        "<html><body><h1>200 OK</h1></body></html>",
        """{"__type":"InternalErrorException","message":"it failed"}""",
        $$"""{"ResourceServer":{{Server()}}}""",
        """{"ResourceServers":[]}""",
        "{}{}",
        "null",
        new string(' ', 2048) + "{}",
    };

    [Theory]
    [MemberData(nameof(BodiesThatAreNotADeletesAnswer))]
    public async Task Delete_and_DeleteIfExists_are_not_reported_done(string body)
    {
        _server.Answer = (c, _) => Json(c, HttpStatusCode.OK, body);
        var client = _server.Client();

        var error = await AssertCognito.ThrowsAsync(CognitoErrorCodes.MalformedResponse, () => client.DeleteAsync(UserPoolId, Identifier));
        await AssertCognito.ThrowsAsync(CognitoErrorCodes.MalformedResponse, () => client.DeleteIfExistsAsync(UserPoolId, Identifier));

        Assert.False(error.IsRetryable);
        Assert.Equal(2, _server.Count("DeleteResourceServer"));
    }

    [Fact]
    public async Task EnsureAll_does_not_report_an_unlisted_server_deleted_on_an_html_answer()
    {
        _server.Answer = (c, r) => r.Operation switch
        {
            "ListResourceServers" => Json(c, HttpStatusCode.OK, $$"""{"ResourceServers":[{{Server(identifier: "https://stale.example.com")}}]}"""),

            // The delete removes the server's scope, so its grants are read first: no app client in this pool.
            "ListUserPoolClients" => Json(c, HttpStatusCode.OK, """{"UserPoolClients":[]}"""),
            _ => Json(c, HttpStatusCode.OK, "<html>Deleted!</html>"),
        };

        await AssertCognito.ThrowsAsync(CognitoErrorCodes.MalformedResponse, () => _server.Client().EnsureAllAsync(UserPoolId, [], deleteUnlisted: true));

        Assert.Equal(1, _server.Count("DeleteResourceServer"));
    }

    [Fact]
    public async Task An_error_body_is_named_by_its_code_when_the_code_is_a_known_one()
    {
        _server.Answer = (c, _) => Json(c, HttpStatusCode.OK, """{"__type":"NotAuthorizedException","message":"no"}""");

        var error = await AssertCognito.ThrowsAsync(CognitoErrorCodes.MalformedResponse, () => _server.Client().DeleteAsync(UserPoolId, Identifier));

        Assert.Contains("an error (NotAuthorizedException) instead of a DeleteResourceServer", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{}")]
    [InlineData(" {\n} \r\n")]
    public async Task Nothing_or_an_empty_object_is_a_deletes_answer(string body)
    {
        _server.Answer = (c, _) => Json(c, HttpStatusCode.OK, body);

        await _server.Client().DeleteAsync(UserPoolId, Identifier);

        Assert.Equal(1, _server.Count("DeleteResourceServer"));
    }

    [Fact]
    public async Task A_done_delete_reports_the_request_id_it_was_answered_with()
    {
        _server.Answer = (c, _) => Json(c, HttpStatusCode.OK, "{}");
        using var logs = new FakeLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(b => b.AddProvider(logs));

        await _server.Client(loggerFactory: loggerFactory).DeleteAsync(UserPoolId, Identifier);

        var done = Assert.Single(logs.Collector.GetSnapshot(), l => l.Id.Name == "OperationSucceeded");
        Assert.EndsWith("request id req-misbehaving", done.Message, StringComparison.Ordinal);
    }
}
