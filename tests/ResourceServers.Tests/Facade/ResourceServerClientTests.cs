using Moq;
using ResourceServers.Wire;

namespace ResourceServers.Tests.Facade;

public class ResourceServerClientTests
{
    private const string Pool = "us-east-1_abc123";
    private const string Id = "https://api.example.com";

    // Fail-safe only: a facade that dropped the token would otherwise hang the test run instead of failing it.
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);

    private static readonly ResourceServerScope Read = new("read", "Read");
    private static readonly ResourceServerScope Write = new("write", "Write");

    private readonly Mock<ICognitoResourceServerApi> _api = new(MockBehavior.Strict);

    public enum Operation
    {
        Create,
        Get,
        List,
        Update,
        Delete,
    }

    public static TheoryData<Operation> Operations => [.. Enum.GetValues<Operation>()];

    private ResourceServerClient Client => TestClients.Over(_api.Object);

    // ---- Create ----

    [Fact]
    public async Task CreateAsync_sends_every_member_and_maps_the_stored_resource_server_back()
    {
        CreateResourceServerRequest? sent = null;
        _api.Setup(a => a.SendAsync(CognitoOperation.CreateResourceServer, It.IsAny<CreateResourceServerRequest>(), It.IsAny<CancellationToken>()))
            .Callback<CognitoOperation<CreateResourceServerRequest, CreateResourceServerResponse>, CreateResourceServerRequest, CancellationToken>((_, r, _) => sent = r)
            .ReturnsAsync(new CreateResourceServerResponse { ResourceServer = Wire(Pool, Id, "stored name", ("read", "Read"), ("write", "Write (stored)")) });

        var created = await Client.CreateAsync(new ResourceServer(Pool, Id, "my api", [Read, Write]));

        Assert.NotNull(sent);
        Assert.Equal((Pool, Id, "my api"), (sent.UserPoolId, sent.Identifier, sent.Name));
        AssertScopes(sent.Scopes, ("read", "Read"), ("write", "Write"));
        Assert.Equal(new ResourceServer(Pool, Id, "stored name", [Read, new("write", "Write (stored)")]), created);
        _api.Verify(a => a.SendAsync(CognitoOperation.CreateResourceServer, It.IsAny<CreateResourceServerRequest>(), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task CreateAsync_leaves_scopes_out_when_there_are_none()
    {
        CreateResourceServerRequest? sent = null;
        _api.Setup(a => a.SendAsync(CognitoOperation.CreateResourceServer, It.IsAny<CreateResourceServerRequest>(), It.IsAny<CancellationToken>()))
            .Callback<CognitoOperation<CreateResourceServerRequest, CreateResourceServerResponse>, CreateResourceServerRequest, CancellationToken>((_, r, _) => sent = r)
            .ReturnsAsync(new CreateResourceServerResponse { ResourceServer = Wire(Pool, Id, "api") });

        var created = await Client.CreateAsync(new ResourceServer(Pool, Id, "api"));

        Assert.Null(sent!.Scopes);
        Assert.Empty(created.Scopes);
    }

    // ---- Get ----

    [Fact]
    public async Task GetAsync_describes_by_pool_and_identifier_and_maps_the_result()
    {
        _api.Setup(a => a.SendAsync(CognitoOperation.DescribeResourceServer, 
                It.Is<DescribeResourceServerRequest>(r => r.UserPoolId == Pool && r.Identifier == Id), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new DescribeResourceServerResponse { ResourceServer = Wire(Pool, Id, "api", ("read", "Read")) });

        var server = await Client.GetAsync(Pool, Id);

        Assert.Equal(new ResourceServer(Pool, Id, "api", [Read]), server);
    }

    [Fact]
    public async Task GetAsync_fills_members_the_response_left_out_from_the_request_and_treats_absent_scopes_as_none()
    {
        _api.Setup(a => a.SendAsync(CognitoOperation.DescribeResourceServer, It.IsAny<DescribeResourceServerRequest>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new DescribeResourceServerResponse { ResourceServer = new ResourceServerType { Name = "api" } });

        var server = await Client.GetAsync(Pool, Id);

        Assert.Equal(new ResourceServer(Pool, Id, "api"), server);
        Assert.NotNull(server.Scopes);
    }

    // ---- Update ----

    [Fact]
    public async Task UpdateAsync_sends_the_complete_desired_state()
    {
        CurrentlyStored(("write", "Write"));
        UpdateResourceServerRequest? sent = null;
        _api.Setup(a => a.SendAsync(CognitoOperation.UpdateResourceServer, It.IsAny<UpdateResourceServerRequest>(), It.IsAny<CancellationToken>()))
            .Callback<CognitoOperation<UpdateResourceServerRequest, UpdateResourceServerResponse>, UpdateResourceServerRequest, CancellationToken>((_, r, _) => sent = r)
            .ReturnsAsync(new UpdateResourceServerResponse { ResourceServer = Wire(Pool, Id, "renamed", ("write", "Write")) });

        var updated = await Client.UpdateAsync(new ResourceServer(Pool, Id, "renamed", [Write]));

        Assert.Equal((Pool, Id, "renamed"), (sent!.UserPoolId, sent.Identifier, sent.Name));
        AssertScopes(sent.Scopes, ("write", "Write"));
        Assert.Equal(new ResourceServer(Pool, Id, "renamed", [Write]), updated);
    }

    [Fact]
    public async Task UpdateAsync_sends_an_explicit_empty_scope_list_rather_than_leaving_it_out()
    {
        CurrentlyStored();
        UpdateResourceServerRequest? sent = null;
        _api.Setup(a => a.SendAsync(CognitoOperation.UpdateResourceServer, It.IsAny<UpdateResourceServerRequest>(), It.IsAny<CancellationToken>()))
            .Callback<CognitoOperation<UpdateResourceServerRequest, UpdateResourceServerResponse>, UpdateResourceServerRequest, CancellationToken>((_, r, _) => sent = r)
            .ReturnsAsync(new UpdateResourceServerResponse { ResourceServer = Wire(Pool, Id, "api") });

        await Client.UpdateAsync(new ResourceServer(Pool, Id, "api"));

        Assert.NotNull(sent!.Scopes);
        Assert.Empty(sent.Scopes);
    }

    // ---- Delete ----

    [Fact]
    public async Task DeleteAsync_deletes_by_pool_and_identifier()
    {
        CurrentlyStored();
        _api.Setup(a => a.SendAsync(CognitoOperation.DeleteResourceServer, 
                It.Is<DeleteResourceServerRequest>(r => r.UserPoolId == Pool && r.Identifier == Id), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new DeleteResourceServerResponse());

        await Client.DeleteAsync(Pool, Id);

        _api.Verify(a => a.SendAsync(CognitoOperation.DeleteResourceServer, It.IsAny<DeleteResourceServerRequest>(), It.IsAny<CancellationToken>()), Times.Once);

        // Read first, for the grant check; a server with no scopes revokes no grant, so no app client is read.
        _api.Verify(a => a.SendAsync(CognitoOperation.DescribeResourceServer, It.IsAny<DescribeResourceServerRequest>(), It.IsAny<CancellationToken>()), Times.Once);
        _api.VerifyNoOtherCalls();
    }

    // ---- List ----

    [Fact]
    public async Task ListAsync_follows_the_page_tokens_to_the_end_with_a_new_request_per_page()
    {
        var sent = new List<ListResourceServersRequest>();
        _api.Setup(a => a.SendAsync(CognitoOperation.ListResourceServers, It.IsAny<ListResourceServersRequest>(), It.IsAny<CancellationToken>()))
            .Callback<CognitoOperation<ListResourceServersRequest, ListResourceServersResponse>, ListResourceServersRequest, CancellationToken>((_, r, _) => sent.Add(r))
            .ReturnsAsync((CognitoOperation<ListResourceServersRequest, ListResourceServersResponse> _, ListResourceServersRequest r, CancellationToken _) => r.NextToken switch
            {
                null => Page("t1", Wire(Pool, "https://a", "a", ("read", "Read")), Wire(Pool, "https://b", "b")),
                "t1" => Page("t2", Wire(Pool, "https://c", "c")),
                "t2" => Page(null, Wire(null, "https://d", "d")),
                var other => throw new InvalidOperationException($"unexpected token {other}"),
            });

        var servers = await ToListAsync(Client.ListAsync(Pool, pageSize: 2));

        Assert.Equal(
            new ResourceServer[] { new(Pool, "https://a", "a", [Read]), new(Pool, "https://b", "b"), new(Pool, "https://c", "c"), new(Pool, "https://d", "d") },
            servers);
        Assert.Equal(new string?[] { null, "t1", "t2" }, sent.Select(r => r.NextToken));
        Assert.All(sent, r => Assert.Equal((Pool, (int?)2), (r.UserPoolId, r.MaxResults)));
        Assert.Equal(3, sent.Distinct(ReferenceEqualityComparer.Instance).Count());
    }

    [Fact]
    public async Task ListAsync_sends_no_page_size_when_none_is_given()
    {
        ListResourceServersRequest? sent = null;
        _api.Setup(a => a.SendAsync(CognitoOperation.ListResourceServers, It.IsAny<ListResourceServersRequest>(), It.IsAny<CancellationToken>()))
            .Callback<CognitoOperation<ListResourceServersRequest, ListResourceServersResponse>, ListResourceServersRequest, CancellationToken>((_, r, _) => sent = r)
            .ReturnsAsync(Page(null));

        Assert.Empty(await ToListAsync(Client.ListAsync(Pool)));
        Assert.Null(sent!.MaxResults);
    }

    [Fact]
    public async Task ListAsync_continues_past_an_empty_page_that_carries_a_token_and_stops_at_an_empty_token()
    {
        _api.SetupSequence(a => a.SendAsync(CognitoOperation.ListResourceServers, It.IsAny<ListResourceServersRequest>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(Page("t1"))
            .ReturnsAsync(Page(string.Empty, Wire(Pool, "https://a", "a")));

        var servers = await ToListAsync(Client.ListAsync(Pool));

        Assert.Equal("https://a", Assert.Single(servers).Identifier);
        _api.Verify(a => a.SendAsync(CognitoOperation.ListResourceServers, It.IsAny<ListResourceServersRequest>(), It.IsAny<CancellationToken>()), Times.Exactly(2));
    }

    [Fact]
    public async Task ListAsync_sends_nothing_until_enumerated()
    {
        var servers = Client.ListAsync(Pool, 10);
        _api.VerifyNoOtherCalls();

        _api.Setup(a => a.SendAsync(CognitoOperation.ListResourceServers, It.IsAny<ListResourceServersRequest>(), It.IsAny<CancellationToken>())).ReturnsAsync(Page(null));
        Assert.Empty(await ToListAsync(servers));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(51)]
    public void ListAsync_rejects_a_bad_page_size_at_the_call_not_at_the_first_MoveNext(int pageSize)
    {
        var ex = Assert.Throws<ResourceServerValidationException>(() => Client.ListAsync(Pool, pageSize));

        // The caller's own parameter, not the wire member it becomes.
        Assert.Equal("pageSize", ex.Member);
        _api.VerifyNoOtherCalls();
    }

    [Fact]
    public void ListAsync_rejects_a_bad_pool_id_at_the_call()
    {
        Assert.Equal("UserPoolId", Assert.Throws<ResourceServerValidationException>(() => Client.ListAsync("no-underscore")).Member);
        _api.VerifyNoOtherCalls();
    }

    // ---- Validation: nothing leaves ----

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task An_invalid_request_is_rejected_before_anything_is_sent(Operation operation)
    {
        // A strict mock with no setups: any call to the port would throw MockException instead.
        var client = Client;
        var bad = new ResourceServer(Pool, Id, "api", [Read, new("bad scope", "d")]);
        var ex = await Assert.ThrowsAsync<ResourceServerValidationException>(operation switch
        {
            Operation.Create => () => client.CreateAsync(bad),
            Operation.Update => () => client.UpdateAsync(bad),
            Operation.Get => () => client.GetAsync(Pool, "bad id"),
            Operation.Delete => () => client.DeleteAsync("bad pool", Id),
            _ => () => ToListAsync(client.ListAsync(Pool, -1)),
        });

        Assert.Equal(
            operation switch
            {
                Operation.Create or Operation.Update => "Scopes[1].ScopeName",
                Operation.Get => "Identifier",
                Operation.Delete => "UserPoolId",
                _ => "pageSize",
            },
            ex.Member);
        _api.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task A_null_resource_server_is_an_argument_error()
    {
        await Assert.ThrowsAsync<ArgumentNullException>(() => Client.CreateAsync(null!));
        await Assert.ThrowsAsync<ArgumentNullException>(() => Client.UpdateAsync(null!));
        _api.VerifyNoOtherCalls();
    }

    // ---- Cancellation ----

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task An_already_cancelled_token_cancels_the_call(Operation operation)
    {
        SetupAllHonouringCancellation(out _);
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Invoke(operation, cts.Token).WaitAsync(Guard));
    }

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task Cancelling_during_a_call_cancels_it_through_the_token_given_to_the_port(Operation operation)
    {
        var reached = SetupAllHonouringCancellation(out var tokens);
        using var cts = new CancellationTokenSource();

        var call = Invoke(operation, cts.Token);
        await reached.Task.WaitAsync(Guard);
        Assert.False(call.IsCompleted);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.WaitAsync(Guard));
        Assert.True(Assert.Single(tokens).IsCancellationRequested);
    }

    [Fact]
    public async Task ListAsync_honours_a_token_given_through_WithCancellation_between_pages()
    {
        var tokens = new List<CancellationToken>();
        _api.Setup(a => a.SendAsync(CognitoOperation.ListResourceServers, It.IsAny<ListResourceServersRequest>(), It.IsAny<CancellationToken>()))
            .Callback<CognitoOperation<ListResourceServersRequest, ListResourceServersResponse>, ListResourceServersRequest, CancellationToken>((_, _, ct) => tokens.Add(ct))
            .Returns((CognitoOperation<ListResourceServersRequest, ListResourceServersResponse> _, ListResourceServersRequest r, CancellationToken ct) =>
            {
                ct.ThrowIfCancellationRequested();
                return Task.FromResult(Page("next", Wire(Pool, "https://a", "a")));
            });
        using var cts = new CancellationTokenSource();

        await using var pages = Client.ListAsync(Pool).WithCancellation(cts.Token).GetAsyncEnumerator();
        Assert.True(await pages.MoveNextAsync());
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await pages.MoveNextAsync());

        // The client's multi-call deadline links its own token to the enumerator's for each listing, so the page sent
        // after the cancellation (if any was sent) carries a cancelled token.
        Assert.True(tokens.Count == 1 || (tokens.Count == 2 && tokens[1].IsCancellationRequested), "the next page's request did not carry the enumerator's token");
    }

    // ---- Service errors ----

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task Service_errors_reach_the_caller_with_their_code_and_type_naming_the_call(Operation operation)
    {
        var error = CognitoServiceException.FromErrorCode(CognitoErrorCodes.ResourceNotFound, "Resource server not found", requestId: "req-1");
        _api.Setup(a => a.SendAsync(CognitoOperation.CreateResourceServer, It.IsAny<CreateResourceServerRequest>(), It.IsAny<CancellationToken>())).ThrowsAsync(error);
        _api.Setup(a => a.SendAsync(CognitoOperation.DescribeResourceServer, It.IsAny<DescribeResourceServerRequest>(), It.IsAny<CancellationToken>())).ThrowsAsync(error);
        _api.Setup(a => a.SendAsync(CognitoOperation.ListResourceServers, It.IsAny<ListResourceServersRequest>(), It.IsAny<CancellationToken>())).ThrowsAsync(error);
        _api.Setup(a => a.SendAsync(CognitoOperation.UpdateResourceServer, It.IsAny<UpdateResourceServerRequest>(), It.IsAny<CancellationToken>())).ThrowsAsync(error);
        _api.Setup(a => a.SendAsync(CognitoOperation.DeleteResourceServer, It.IsAny<DeleteResourceServerRequest>(), It.IsAny<CancellationToken>())).ThrowsAsync(error);

        var thrown = await Assert.ThrowsAsync<ResourceServerNotFoundException>(() => Invoke(operation, CancellationToken.None));

        Assert.Same(error, thrown.InnerException);
        Assert.Equal((error.ErrorCode, error.StatusCode, error.RequestId, error.ServiceMessage), (thrown.ErrorCode, thrown.StatusCode, thrown.RequestId, thrown.ServiceMessage));
        Assert.Equal(operation.ToString(), thrown.Operation);
        Assert.Equal(1, thrown.Attempts);
        Assert.Null(thrown.EndpointHost);
        Assert.StartsWith(error.Message + " [" + operation + ": 1 attempt in ", thrown.Message, StringComparison.Ordinal);
    }

    private static ResourceServerType Wire(string? pool, string? id, string? name, params (string Name, string Description)[] scopes) => new()
    {
        UserPoolId = pool,
        Identifier = id,
        Name = name,
        Scopes = scopes.Length == 0 ? null : [.. scopes.Select(s => new ResourceServerScopeType { ScopeName = s.Name, ScopeDescription = s.Description })],
    };

    private static ListResourceServersResponse Page(string? nextToken, params ResourceServerType[] servers) =>
        new() { ResourceServers = servers, NextToken = nextToken };

    private static void AssertScopes(IReadOnlyList<ResourceServerScopeType>? sent, params (string Name, string Description)[] expected)
    {
        Assert.NotNull(sent);
        Assert.Equal(expected, sent.Select(s => (s.ScopeName, s.ScopeDescription)));
    }

    private static async Task<List<ResourceServer>> ToListAsync(IAsyncEnumerable<ResourceServer> source)
    {
        var list = new List<ResourceServer>();
        await foreach (var item in source)
        {
            list.Add(item);
        }

        return list;
    }

    private Task Invoke(Operation operation, CancellationToken cancellationToken)
    {
        var client = Client;
        var server = new ResourceServer(Pool, Id, "api", [Read]);
        return operation switch
        {
            Operation.Create => client.CreateAsync(server, cancellationToken),
            Operation.Get => client.GetAsync(Pool, Id, cancellationToken),
            Operation.Update => client.UpdateAsync(server, cancellationToken),
            Operation.Delete => client.DeleteAsync(Pool, Id, cancellationToken),
            _ => ToListAsync(client.ListAsync(Pool, 5, cancellationToken)),
        };
    }

    // Every port call waits until its token is cancelled, like a real transport would; reached fires on the first call.
    private TaskCompletionSource SetupAllHonouringCancellation(out List<CancellationToken> tokens)
    {
        var seen = new List<CancellationToken>();
        tokens = seen;
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        Task<T> Pending<T>(CancellationToken ct)
        {
            seen.Add(ct);
            var pending = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
            ct.Register(() => pending.TrySetCanceled(ct));
            reached.TrySetResult();
            return pending.Task;
        }

        _api.Setup(a => a.SendAsync(CognitoOperation.CreateResourceServer, It.IsAny<CreateResourceServerRequest>(), It.IsAny<CancellationToken>()))
            .Returns((CognitoOperation<CreateResourceServerRequest, CreateResourceServerResponse> _, CreateResourceServerRequest _, CancellationToken ct) => Pending<CreateResourceServerResponse>(ct));
        _api.Setup(a => a.SendAsync(CognitoOperation.DescribeResourceServer, It.IsAny<DescribeResourceServerRequest>(), It.IsAny<CancellationToken>()))
            .Returns((CognitoOperation<DescribeResourceServerRequest, DescribeResourceServerResponse> _, DescribeResourceServerRequest _, CancellationToken ct) => Pending<DescribeResourceServerResponse>(ct));
        _api.Setup(a => a.SendAsync(CognitoOperation.ListResourceServers, It.IsAny<ListResourceServersRequest>(), It.IsAny<CancellationToken>()))
            .Returns((CognitoOperation<ListResourceServersRequest, ListResourceServersResponse> _, ListResourceServersRequest _, CancellationToken ct) => Pending<ListResourceServersResponse>(ct));
        _api.Setup(a => a.SendAsync(CognitoOperation.UpdateResourceServer, It.IsAny<UpdateResourceServerRequest>(), It.IsAny<CancellationToken>()))
            .Returns((CognitoOperation<UpdateResourceServerRequest, UpdateResourceServerResponse> _, UpdateResourceServerRequest _, CancellationToken ct) => Pending<UpdateResourceServerResponse>(ct));
        _api.Setup(a => a.SendAsync(CognitoOperation.DeleteResourceServer, It.IsAny<DeleteResourceServerRequest>(), It.IsAny<CancellationToken>()))
            .Returns((CognitoOperation<DeleteResourceServerRequest, DeleteResourceServerResponse> _, DeleteResourceServerRequest _, CancellationToken ct) => Pending<DeleteResourceServerResponse>(ct));
        return reached;
    }

    // What a plain update or delete reads first for the grant check (GrantRevocation.Refuse by default).
    private void CurrentlyStored(params (string Name, string Description)[] scopes) =>
        _api.Setup(a => a.SendAsync(CognitoOperation.DescribeResourceServer, It.Is<DescribeResourceServerRequest>(r => r.UserPoolId == Pool && r.Identifier == Id), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new DescribeResourceServerResponse { ResourceServer = Wire(Pool, Id, "api", scopes) });
}
