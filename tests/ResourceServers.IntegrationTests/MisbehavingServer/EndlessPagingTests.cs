using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using static ResourceServers.IntegrationTests.MisbehavingServer.MisbehavingCognito;

namespace ResourceServers.IntegrationTests.MisbehavingServer;

/// <summary>
/// Misbehaviour: paging that never ends (a repeated NextToken, or fresh tokens for ever) and items repeated across
/// pages. Paging stops with MalformedResponse at the repeat, or past the most pages a legal pool can fill (300
/// servers, Cognito's largest quota, one a page, and a last empty page: 301); a server is yielded once, and so
/// EnsureAll deletes it once.
/// </summary>
public sealed class EndlessPagingTests : IAsyncLifetime
{
    private MisbehavingCognito _server = null!;

    public async Task InitializeAsync() => _server = await StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_repeated_token_stops_paging_as_a_failure_of_that_pages_operation()
    {
        _server.Answer = (c, _) => Json(c, HttpStatusCode.OK, $$"""{"ResourceServers":[{{Server()}}],"NextToken":"same"}""");
        var errors = new List<string?>();

        // A meter of this test's own, so other tests' errors cannot be counted here.
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meters = services.GetRequiredService<IMeterFactory>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, meters) && instrument.Name == ResourceServerTelemetry.ErrorsInstrument)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == ResourceServerTelemetry.ErrorTypeTag)
                {
                    lock (errors)
                    {
                        errors.Add(tag.Value as string);
                    }
                }
            }
        });
        listener.Start();
        var yielded = 0;

        await AssertCognito.ThrowsAsync(CognitoErrorCodes.MalformedResponse, async () =>
        {
            await foreach (var _ in _server.Client(meterFactory: meters).ListAsync(UserPoolId))
            {
                yielded++;
            }
        });

        Assert.Equal(2, _server.Count("ListResourceServers"));
        Assert.Equal(1, yielded);
        lock (errors)
        {
            Assert.Contains(CognitoErrorCodes.MalformedResponse, errors);
        }
    }

    [Fact]
    public async Task Fresh_tokens_for_ever_stop_past_the_most_pages_a_legal_pool_can_fill()
    {
        var page = 0;
        _server.Answer = (c, _) => Json(c, HttpStatusCode.OK, $$"""{"ResourceServers":[],"NextToken":"t{{Interlocked.Increment(ref page)}}"}""");

        var error = await AssertCognito.ThrowsAsync(CognitoErrorCodes.MalformedResponse, async () =>
        {
            await foreach (var _ in _server.Client(configure: o => o.Resilience.Pacing.Enabled = false).ListAsync(UserPoolId))
            {
            }
        });

        Assert.Equal(301, _server.Count("ListResourceServers"));
        Assert.Equal("ListResourceServers still answered a NextToken after 301 pages, more than a user pool of at most 300 resource servers can fill; paging stopped.", error.ServiceMessage);
    }

    [Fact]
    public async Task More_distinct_servers_than_a_pool_can_hold_stop_paging()
    {
        // Fifty fresh servers a page, for ever: the listing (and what EnsureAll keeps of it) stays at most 300 servers.
        var page = 0;
        _server.Answer = (c, _) =>
        {
            var n = Interlocked.Increment(ref page);
            var servers = string.Join(",", Enumerable.Range(0, 50).Select(i => Server(identifier: $"https://p{n}-s{i}.example.com")));
            return Json(c, HttpStatusCode.OK, $$"""{"ResourceServers":[{{servers}}],"NextToken":"t{{n}}"}""");
        };
        var yielded = 0;

        var error = await AssertCognito.ThrowsAsync(CognitoErrorCodes.MalformedResponse, async () =>
        {
            await foreach (var _ in _server.Client(configure: o => o.Resilience.Pacing.Enabled = false).ListAsync(UserPoolId, 50))
            {
                yielded++;
            }
        });

        Assert.Equal(300, yielded);
        Assert.Equal(7, _server.Count("ListResourceServers"));
        Assert.Contains("more than 300 resource servers", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_repeated_across_pages_is_yielded_once_and_deleted_once()
    {
        _server.Answer = (c, r) => r.Operation switch
        {
            "ListResourceServers" => Json(c, HttpStatusCode.OK, r.Member("NextToken") is null
                ? $$"""{"ResourceServers":[{{Server(identifier: "https://stale.example.com")}}],"NextToken":"p2"}"""
                : $$"""{"ResourceServers":[{{Server(identifier: "https://stale.example.com")}}]}"""),
            "DeleteResourceServer" => Json(c, HttpStatusCode.OK, "{}"),
            "ListUserPoolClients" => Json(c, HttpStatusCode.OK, """{"UserPoolClients":[]}"""),
            _ => Error(c, HttpStatusCode.BadRequest, "ResourceNotFoundException", "gone"),
        };
        var client = _server.Client();

        var listed = new List<ResourceServer>();
        await foreach (var server in client.ListAsync(UserPoolId))
        {
            listed.Add(server);
        }

        var changes = await client.EnsureAllAsync(UserPoolId, [], deleteUnlisted: true);

        Assert.Single(listed);
        Assert.Equal(ResourceServerChangeKind.Deleted, Assert.Single(changes).Kind);
        Assert.Equal(1, _server.Count("DeleteResourceServer"));
    }
}
