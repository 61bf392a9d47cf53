using System.Net;
using Microsoft.Extensions.Time.Testing;
using static ResourceServers.IntegrationTests.MisbehavingServer.MisbehavingCognito;

namespace ResourceServers.IntegrationTests.MisbehavingServer;

/// <summary>
/// Misbehaviour: every answer slow but within the attempt timeout, in an operation of many calls (a listing that pages
/// on, a long ensure-all): each call is in time and the whole never ends. The multi-call deadline
/// (ResourceServers:Resilience:MultiCallTimeout) stops a listing, PlanAll and EnsureAll with Timeout, naming
/// the operation and the time. The server's slowness is played on a fake clock it advances while it answers, so
/// nothing sleeps.
/// </summary>
public sealed class SlowButTimelyAnswersTests : IAsyncLifetime
{
    private static readonly TimeSpan PerAnswer = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private readonly FakeTimeProvider _time = new();
    private MisbehavingCognito _server = null!;

    public async Task InitializeAsync() => _server = await StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_listing_whose_every_page_comes_in_time_stops_at_the_deadline()
    {
        var page = 0;
        _server.Answer = (c, _) => Slowly(c, $$"""{"ResourceServers":[],"NextToken":"t{{Interlocked.Increment(ref page)}}"}""");

        var error = await AssertCognito.ThrowsAsync(CognitoErrorCodes.Timeout, async () =>
        {
            await foreach (var _ in Client().ListAsync(UserPoolId))
            {
            }
        });

        // Fifteen pages of two seconds make the thirty.
        Assert.Equal(15, _server.Count("ListResourceServers"));
        Assert.True(error.IsRetryable);
        Assert.Null(error.StatusCode);
        Assert.Contains($"List of user pool '{UserPoolId}' took longer than 00:00:30 in all (ResourceServers:Resilience:MultiCallTimeout)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_time_a_caller_spends_between_pages_is_not_charged_to_the_listing()
    {
        _server.Answer = (c, r) => Json(c, HttpStatusCode.OK, r.Member("NextToken") switch
        {
            null => $$"""{"ResourceServers":[{{Server(identifier: "https://one.example.com")}}],"NextToken":"p2"}""",
            "p2" => $$"""{"ResourceServers":[{{Server(identifier: "https://two.example.com")}}],"NextToken":"p3"}""",
            _ => $$"""{"ResourceServers":[{{Server(identifier: "https://three.example.com")}}]}""",
        });

        var listed = 0;
        await foreach (var _ in Client().ListAsync(UserPoolId))
        {
            listed++;
            _time.Advance(TimeSpan.FromHours(1));
        }

        Assert.Equal(3, listed);
    }

    [Fact]
    public async Task PlanAll_over_a_listing_that_pages_on_stops_at_the_deadline()
    {
        var page = 0;
        _server.Answer = (c, _) => Slowly(c, $$"""{"ResourceServers":[],"NextToken":"t{{Interlocked.Increment(ref page)}}"}""");

        var error = await AssertCognito.ThrowsAsync(
            CognitoErrorCodes.Timeout,
            () => Client().PlanAllAsync(UserPoolId, [new ResourceServer(UserPoolId, Identifier, "orders")]));

        Assert.Equal(15, _server.Count("ListResourceServers"));
        Assert.StartsWith("PlanAll of user pool", error.ServiceMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EnsureAll_stops_at_the_deadline_and_what_it_did_before_stays_done()
    {
        // An empty pool: each server costs a describe ("not found") and a create, two seconds each.
        _server.Answer = (c, r) => r.Operation switch
        {
            "ListResourceServers" => Json(c, HttpStatusCode.OK, """{"ResourceServers":[]}"""),
            "DescribeResourceServer" => SlowlyAsync(() => Error(c, HttpStatusCode.BadRequest, "ResourceNotFoundException", "Resource server not found.")),
            _ => Slowly(c, $$"""{"ResourceServer":{{r.Body}}}"""),
        };
        var desired = Enumerable.Range(0, 20).Select(i => new ResourceServer(UserPoolId, $"https://api{i}.example.com", "orders")).ToList();

        var error = await AssertCognito.ThrowsAsync(CognitoErrorCodes.Timeout, () => Client().EnsureAllAsync(UserPoolId, desired));

        // Seven servers of four seconds in 28; the eighth's describe runs past 30.
        Assert.Equal(7, _server.Count("CreateResourceServer"));
        Assert.Equal(8, _server.Count("DescribeResourceServer"));
        Assert.StartsWith("EnsureAll of user pool", error.ServiceMessage, StringComparison.Ordinal);
    }

    private ResourceServerClient Client() => _server.Client(
        configure: o => (o.Resilience.MultiCallTimeout, o.Resilience.Pacing.Enabled) = (Deadline, false),
        timeProvider: _time);

    private Task Slowly(Microsoft.AspNetCore.Http.HttpContext context, string body) => SlowlyAsync(() => Json(context, HttpStatusCode.OK, body));

    // The answer takes its time on the client's clock: the client's timers see it pass before the answer is written.
    private Task SlowlyAsync(Func<Task> answer)
    {
        _time.Advance(PerAnswer);
        return answer();
    }
}
