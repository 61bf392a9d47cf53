using System.Net;
using static ResourceServers.IntegrationTests.MisbehavingServer.MisbehavingCognito;

namespace ResourceServers.IntegrationTests.MisbehavingServer;

/// <summary>
/// Misbehaviour: unmodelled 5xx answers. As the AWS SDKs' standard retry mode: 500, 502, 503 and 504 (and 429) are
/// retried; 501 (not implemented) and 505 (HTTP version not supported) would answer the same again, so they are not.
/// </summary>
public sealed class RetryClassificationTests : IAsyncLifetime
{
    private MisbehavingCognito _server = null!;

    public async Task InitializeAsync() => _server = await StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData(500, 3)]
    [InlineData(502, 3)]
    [InlineData(503, 3)]
    [InlineData(504, 3)]
    [InlineData(429, 5)] // a throttle by its status: the throttled attempt limit
    [InlineData(501, 1)]
    [InlineData(505, 1)]
    public async Task Only_the_standard_modes_transient_statuses_are_retried(int status, int requests)
    {
        _server.Answer = (c, _) => Json(c, (HttpStatusCode)status, "<html>proxy error</html>");

        var error = await Assert.ThrowsAnyAsync<CognitoServiceException>(() => _server.Client().GetAsync(UserPoolId, Identifier));

        Assert.Equal((HttpStatusCode)status, error.StatusCode);
        Assert.Equal(requests > 1, error.IsRetryable);
        Assert.Equal(requests, _server.Count("DescribeResourceServer"));
    }
}
