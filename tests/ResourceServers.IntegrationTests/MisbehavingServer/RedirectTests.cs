using System.Net;
using static ResourceServers.IntegrationTests.MisbehavingServer.MisbehavingCognito;

namespace ResourceServers.IntegrationTests.MisbehavingServer;

/// <summary>
/// Misbehaviour: the endpoint answers with a redirect to another origin (here a second loopback server). The client
/// never reports success for a redirected call. With the library's own HttpClient (the README's construction) the
/// other host receives nothing; with a caller's HttpClient that follows redirects the other host has received the
/// signed request by the time the answer is seen, which cannot be prevented from outside the handler, so the call
/// fails saying so.
/// </summary>
public sealed class RedirectTests : IAsyncLifetime
{
    private MisbehavingCognito _server = null!;
    private MisbehavingCognito _elsewhere = null!;

    public async Task InitializeAsync()
    {
        _server = await StartAsync();
        _elsewhere = await StartAsync();
        _elsewhere.Answer = (c, r) => Json(c, HttpStatusCode.OK, $$"""{"ResourceServer":{{Server(r.Member("UserPoolId")!, r.Member("Identifier")!)}}}""");
        _server.Answer = (c, _) =>
        {
            c.Response.StatusCode = (int)HttpStatusCode.TemporaryRedirect;
            c.Response.Headers.Location = new Uri(_elsewhere.Url, "/steal?x=1").ToString();
            return Task.CompletedTask;
        };
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _elsewhere.DisposeAsync();
    }

    [Fact]
    public async Task The_librarys_own_http_client_does_not_follow_and_the_call_fails_unretried()
    {
        var error = await AssertCognito.ThrowsAsync(
            CognitoErrorCodes.MalformedResponse,
            () => _server.Client().UpdateAsync(new ResourceServer(UserPoolId, Identifier, "orders")));

        Assert.Contains("HTTP 307 redirected the request to http://127.0.0.1:", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("/steal", error.Message, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.TemporaryRedirect, error.StatusCode);
        Assert.Empty(_elsewhere.Requests);
        Assert.Single(_server.Requests);
    }

    [Fact]
    public async Task A_callers_http_client_that_follows_redirects_is_detected_and_the_call_fails_rather_than_reporting_success()
    {
        using var followsRedirects = new HttpClient();

        var error = await AssertCognito.ThrowsAsync(
            CognitoErrorCodes.MalformedResponse,
            () => _server.Client(followsRedirects).UpdateAsync(new ResourceServer(UserPoolId, Identifier, "orders")));

        // Honestly: the redirect was followed by the caller's handler before any answer came back; the message says so.
        Assert.Contains("followed a redirect", error.Message, StringComparison.Ordinal);
        Assert.Contains("AllowAutoRedirect = false", error.Message, StringComparison.Ordinal);
        Assert.False(error.IsRetryable);
        Assert.Single(_elsewhere.Requests);
        Assert.Single(_server.Requests);
    }

    [Theory]
    [InlineData(300)]
    [InlineData(399)]
    public async Task Every_3xx_status_is_a_redirect_the_library_does_not_follow(int status)
    {
        _server.Answer = (c, _) =>
        {
            c.Response.StatusCode = status;
            c.Response.Headers.Location = new Uri(_elsewhere.Url, "/steal").ToString();
            return Task.CompletedTask;
        };

        var error = await AssertCognito.ThrowsAsync(
            CognitoErrorCodes.MalformedResponse,
            () => _server.Client().GetAsync(UserPoolId, Identifier));

        Assert.StartsWith($"HTTP {status} redirected the request to http://127.0.0.1:{_elsewhere.Url.Port};", error.Message, StringComparison.Ordinal);
        Assert.False(error.IsRetryable);
        Assert.Empty(_elsewhere.Requests);
    }

    [Fact]
    public async Task A_redirect_without_a_location_names_no_target()
    {
        _server.Answer = (c, _) =>
        {
            c.Response.StatusCode = (int)HttpStatusCode.Found;
            return Task.CompletedTask;
        };

        var error = await AssertCognito.ThrowsAsync(
            CognitoErrorCodes.MalformedResponse,
            () => _server.Client().GetAsync(UserPoolId, Identifier));

        Assert.StartsWith("HTTP 302 redirected the request; a signed request is never followed to another address, so nothing was done.", error.Message, StringComparison.Ordinal);
        Assert.Contains($"Check the service URL ({_server.Url})", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_followed_redirect_is_reported_with_the_host_that_received_the_request_and_what_to_change()
    {
        using var followsRedirects = new HttpClient();

        var error = await AssertCognito.ThrowsAsync(
            CognitoErrorCodes.MalformedResponse,
            () => _server.Client(followsRedirects).GetAsync(UserPoolId, Identifier));

        Assert.StartsWith(
            $"The HttpClient's handler followed a redirect to http://127.0.0.1:{_elsewhere.Url.Port}, so that host received the signed headers, the session token among them, and possibly the body; its answer is not used. Give the client an HttpClient whose handler has AllowAutoRedirect = false (or none: the library's own follows no redirect), and check the service URL ({_server.Url}).",
            error.Message,
            StringComparison.Ordinal);
    }
}
