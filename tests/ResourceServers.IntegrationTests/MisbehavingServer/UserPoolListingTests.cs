using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using static ResourceServers.IntegrationTests.MisbehavingServer.MisbehavingCognito;

namespace ResourceServers.IntegrationTests.MisbehavingServer;

/// <summary>
/// Misbehaviour in the account's listing of user pools (ListUserPools, 60 a page): a pool repeated across pages, a page
/// token given twice, fresh tokens for ever. A pool is yielded once; the repeat, or a token on the 1000th page, stops
/// paging with MalformedResponse as a failure of that page's operation, and the pools of that page are not yielded.
/// </summary>
public sealed class UserPoolListingTests : IAsyncLifetime
{
    private MisbehavingCognito _server = null!;

    public async Task InitializeAsync() => _server = await StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static string Pool(string suffix) => $$"""{"Id":"us-east-1_{{suffix}}","Name":"pool-{{suffix}}"}""";

    [Fact]
    public async Task Pages_of_sixty_are_followed_to_the_end_and_a_pool_repeated_across_pages_is_yielded_once()
    {
        _server.Answer = (c, r) => Json(c, HttpStatusCode.OK, r.Member("NextToken") switch
        {
            null => $$"""{"UserPools":[{{Pool("First1")}},{{Pool("Both1")}}],"NextToken":"page-2"}""",
            "page-2" => $$"""{"UserPools":[{{Pool("Both1")}}],"NextToken":"page-3"}""",
            _ => $$"""{"UserPools":[{{Pool("Last1")}}]}""",
        });
        using var logs = new FakeLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(logs));

        var listed = new List<string>();
        await foreach (var pool in _server.Client(loggerFactory: loggerFactory).ListUserPoolsAsync())
        {
            listed.Add($"{pool.Id} {pool.Name}");
        }

        Assert.Equal(["us-east-1_First1 pool-First1", "us-east-1_Both1 pool-Both1", "us-east-1_Last1 pool-Last1"], listed);
        Assert.Equal([null, "page-2", "page-3"], _server.Requests.Select(r => r.Member("NextToken")));
        Assert.All(_server.Requests, r => Assert.Equal(60, JsonDocument.Parse(r.Body).RootElement.GetProperty("MaxResults").GetInt32()));

        // Each page is a read operation of its own.
        var pages = logs.Collector.GetSnapshot().Where(r => r.Id.Name == "OperationSucceeded").ToList();
        Assert.Equal(3, pages.Count);
        Assert.All(pages, r => Assert.Equal(("ListUserPools", LogLevel.Debug), (r.GetStructuredStateValue("Operation"), r.Level)));

        // A request about no pool names none in its log event.
        var requests = logs.Collector.GetSnapshot().Where(r => r.Id.Name == "RequestSucceeded").ToList();
        Assert.Equal(3, requests.Count);
        Assert.All(requests, r => Assert.Equal(("ListUserPools", string.Empty), (r.GetStructuredStateValue("Method"), r.GetStructuredStateValue("UserPoolId"))));
    }

    [Fact]
    public async Task A_repeated_token_stops_paging_as_a_failure_of_that_pages_operation()
    {
        var page = 0;
        _server.Answer = (c, _) =>
        {
            var n = Interlocked.Increment(ref page);
            return Json(c, HttpStatusCode.OK, $$"""{"UserPools":[{{Pool($"Page{n}")}}],"NextToken":"same"}""");
        };
        var listed = new List<string>();

        var error = await AssertCognito.ThrowsAsync(CognitoErrorCodes.MalformedResponse, async () =>
        {
            await foreach (var pool in _server.Client().ListUserPoolsAsync())
            {
                listed.Add(pool.Id);
            }
        });

        Assert.Equal("ListUserPools answered a NextToken it had already given; paging stopped.", error.ServiceMessage);
        Assert.Equal("ListUserPools", error.Operation);
        Assert.Equal(1, error.Attempts);
        Assert.Equal(["us-east-1_Page1"], listed);
        Assert.Equal(2, _server.Count("ListUserPools"));
    }

    [Fact]
    public async Task Fresh_tokens_for_ever_stop_on_the_thousandth_page()
    {
        // 1000 pages of 60 are more user pools than any account holds (Cognito's quota is 1000 a Region).
        var page = 0;
        _server.Answer = (c, _) => Json(c, HttpStatusCode.OK, $$"""{"UserPools":[],"NextToken":"t{{Interlocked.Increment(ref page)}}"}""");

        var error = await AssertCognito.ThrowsAsync(CognitoErrorCodes.MalformedResponse, async () =>
        {
            await foreach (var _ in _server.Client(configure: o => o.Resilience.Pacing.Enabled = false).ListUserPoolsAsync())
            {
            }
        });

        Assert.Equal("ListUserPools still answered a NextToken after 1000 pages, more than the user pools of any account can fill; paging stopped.", error.ServiceMessage);
        Assert.Equal(1000, _server.Count("ListUserPools"));
    }
}
