using System.Net;
using static ResourceServers.IntegrationTests.MisbehavingServer.MisbehavingCognito;

namespace ResourceServers.IntegrationTests.MisbehavingServer;

/// <summary>
/// Misbehaviour: page tokens as long as the server likes (the model sets no maximum; each token is sent back in the
/// next request, and a guard that kept every token grew without bound). A NextToken longer than 4096 characters is
/// refused as MalformedResponse, not retried and never sent back; the repeated-token guard keeps a hash per token, so
/// a long token repeated is still caught.
/// </summary>
public sealed class OversizedPageTokenTests : IAsyncLifetime
{
    private const int MaxTokenLength = 4096;

    private MisbehavingCognito _server = null!;

    public async Task InitializeAsync() => _server = await StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData(MaxTokenLength + 1)]
    [InlineData(16 * 1024 * 1024)]
    public async Task A_token_longer_than_the_bound_stops_paging_and_is_never_sent_back(int length)
    {
        var token = new string('t', length);
        _server.Answer = (c, _) => Json(c, HttpStatusCode.OK, $$"""{"ResourceServers":[{{Server()}}],"NextToken":"{{token}}"}""");
        var yielded = 0;

        var error = await AssertCognito.ThrowsAsync(CognitoErrorCodes.MalformedResponse, async () =>
        {
            await foreach (var _ in _server.Client().ListAsync(UserPoolId))
            {
                yielded++;
            }
        });

        Assert.False(error.IsRetryable);
        Assert.Contains($"no token longer than {MaxTokenLength}", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, _server.Count("ListResourceServers"));
        Assert.Equal(0, yielded);
    }

    [Fact]
    public async Task A_token_of_the_longest_length_accepted_is_sent_back_as_given()
    {
        var token = new string('a', MaxTokenLength - 1) + "Z";
        _server.Answer = (c, r) => Json(c, HttpStatusCode.OK, r.Member("NextToken") is null
            ? $$"""{"ResourceServers":[{{Server(identifier: "https://one.example.com")}}],"NextToken":"{{token}}"}"""
            : $$"""{"ResourceServers":[{{Server(identifier: "https://two.example.com")}}]}""");

        var listed = new List<string>();
        await foreach (var server in _server.Client().ListAsync(UserPoolId))
        {
            listed.Add(server.Identifier);
        }

        Assert.Equal(["https://one.example.com", "https://two.example.com"], listed);
        Assert.Equal(token, _server.Requests[1].Member("NextToken"));
    }

    [Fact]
    public async Task A_long_token_repeated_is_caught_though_tokens_differ_only_at_their_end()
    {
        // Three pages whose tokens share all but their last character; the third repeats the first.
        var prefix = new string('p', MaxTokenLength - 1);
        var page = 0;
        _server.Answer = (c, _) => Json(c, HttpStatusCode.OK, $$"""{"ResourceServers":[],"NextToken":"{{prefix}}{{(Interlocked.Increment(ref page) == 2 ? "2" : "1")}}"}""");

        var error = await AssertCognito.ThrowsAsync(CognitoErrorCodes.MalformedResponse, async () =>
        {
            await foreach (var _ in _server.Client().ListAsync(UserPoolId))
            {
            }
        });

        Assert.Contains("already given", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, _server.Count("ListResourceServers"));
    }
}
