using Microsoft.Extensions.Time.Testing;
using Polly;
using ResourceServers.Testing;
using ResourceServers.Wire;
using ResourceServers.Tests.TestSupport;

namespace ResourceServers.Tests.Resilience;

/// <summary>CreateAsync under retries: a create whose answer was lost must not turn into an "already exists" error.</summary>
public class IdempotentCreateTests : IAsyncLifetime
{
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(250);

    private readonly FakeTimeProvider _time = new();
    private readonly InMemoryCognito _cognito;
    private string _pool = "";
    private ResourceServer _wanted = null!;

    public IdempotentCreateTests() => _cognito = new InMemoryCognito(new InMemoryCognitoOptions { TimeProvider = _time });

    public async Task InitializeAsync()
    {
        _pool = (await _cognito.CreateUserPoolAsync("pool")).Id;
        _wanted = new(_pool, "https://api.example.com", "my-api", [new("read", "Read"), new("write", "Write")]);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static readonly NamedRows<Func<Exception>> AnswerLostRows = new()
    {
        { "InternalErrorException", () => CognitoServiceException.FromErrorCode(CognitoErrorCodes.InternalError, "Internal error") },
        { "503 ServiceUnavailable", () => CognitoServiceException.FromErrorCode("ServiceUnavailable", null, System.Net.HttpStatusCode.ServiceUnavailable) },
        { "response ended prematurely", () => new HttpRequestException("The response ended prematurely.") },
        { "connection reset", () => new IOException("connection reset by peer") },
    };

    public static TheoryData<string> AnswersLost => AnswerLostRows.Names;

    [Theory]
    [MemberData(nameof(AnswersLost))]
    public async Task A_create_applied_but_unanswered_resolves_to_success_on_retry(string answerLost)
    {
        var lost = AnswerLostRows[answerLost]();
        _cognito.Faults.AfterServing(CognitoOperation.CreateResourceServer, (received, _) => received.Number == 1 ? throw lost : Task.CompletedTask);

        var created = await Run(Client().CreateAsync(_wanted));

        Assert.True(created.HasSameContentAs(_wanted));
        Assert.Equal(2, Calls(CognitoOperation.CreateResourceServer));
        Assert.Equal(1, Calls(CognitoOperation.DescribeResourceServer));
    }

    [Fact]
    public async Task A_create_applied_then_timed_out_resolves_to_success_on_retry()
    {
        _cognito.Faults.AfterServing(CognitoOperation.CreateResourceServer, (received, ct) => received.Number == 1 ? Task.Delay(Timeout.InfiniteTimeSpan, ct) : Task.CompletedTask);

        var created = await Run(Client().CreateAsync(_wanted));

        Assert.True(created.HasSameContentAs(_wanted));
        Assert.Equal(2, Calls(CognitoOperation.CreateResourceServer));
    }

    [Fact]
    public async Task Scopes_in_another_order_still_count_as_the_same_resource_server()
    {
        _cognito.Faults.FailNextAfterApplying(CognitoOperation.CreateResourceServer, 1, FaultKind.InternalError);
        var reordered = _wanted.WithScopes(_wanted.Scopes.Reverse());

        var created = await Run(Client().CreateAsync(reordered));

        Assert.True(created.HasSameContentAs(_wanted));
    }

    [Fact]
    public async Task After_a_lost_answer_a_different_resource_server_is_still_a_conflict()
    {
        // The first attempt never applied; meanwhile someone else created the identifier with other scopes.
        var theirs = new CreateResourceServerRequest
        {
            UserPoolId = _pool,
            Identifier = _wanted.Identifier,
            Name = "my-api",
            Scopes = [new ResourceServerScopeType { ScopeName = "read", ScopeDescription = "Read" }],
        };
        _cognito.CreatesWhileTheFirstCreateFails(theirs, CognitoServiceException.FromErrorCode(CognitoErrorCodes.InternalError, "lost"));

        var call = Client().CreateAsync(_wanted);
        await _time.RunUntilCompletedAsync(call, Step);

        var conflict = await AssertCognito.ThrowsAsync(CognitoErrorCodes.InvalidParameter, () => call);
        Assert.Contains("already exists", conflict.Message, StringComparison.Ordinal);
        Assert.Equal(2 + 1, Calls(CognitoOperation.CreateResourceServer)); // this call's two attempts and the other writer's create
        Assert.Equal(1, Calls(CognitoOperation.DescribeResourceServer));
        var stored = (await _cognito.DescribeResourceServerAsync(new DescribeResourceServerRequest { UserPoolId = _pool, Identifier = _wanted.Identifier })).ResourceServer!;
        Assert.Equal(["read"], stored.Scopes!.Select(s => s.ScopeName));
    }

    [Fact]
    public async Task Already_exists_on_the_first_attempt_is_an_error_even_with_identical_content()
    {
        await _cognito.CreateResourceServerAsync(new CreateResourceServerRequest
        {
            UserPoolId = _pool,
            Identifier = _wanted.Identifier,
            Name = _wanted.Name,
            Scopes = WireScopes(_wanted),
        });
        _cognito.Statistics.Reset();

        var call = Client().CreateAsync(_wanted);
        await _time.RunUntilCompletedAsync(call, Step);

        await AssertCognito.ThrowsAsync(CognitoErrorCodes.InvalidParameter, () => call);
        Assert.Equal(1, Calls(CognitoOperation.CreateResourceServer));
        Assert.Equal(0, Calls(CognitoOperation.DescribeResourceServer));
    }

    [Fact]
    public async Task After_a_throttle_the_request_was_not_applied_so_already_exists_is_an_error()
    {
        // Throttling is a definite "not done": whoever created it in between, it was not this call.
        var identical = new CreateResourceServerRequest { UserPoolId = _pool, Identifier = _wanted.Identifier, Name = _wanted.Name, Scopes = WireScopes(_wanted) };
        _cognito.CreatesWhileTheFirstCreateFails(identical, CognitoServiceException.FromErrorCode(CognitoErrorCodes.TooManyRequests, "slow"));

        var call = Client().CreateAsync(_wanted);
        await _time.RunUntilCompletedAsync(call, Step);

        await AssertCognito.ThrowsAsync(CognitoErrorCodes.InvalidParameter, () => call);
        Assert.Equal(2 + 1, Calls(CognitoOperation.CreateResourceServer)); // this call's two attempts and the other writer's create
        Assert.Equal(0, Calls(CognitoOperation.DescribeResourceServer));
    }

    [Fact]
    public async Task A_transient_failure_of_the_resolving_read_is_retried_with_the_create()
    {
        _cognito.Faults.FailNextAfterApplying(CognitoOperation.CreateResourceServer, 1, FaultKind.InternalError);
        _cognito.Faults.FailNext(CognitoOperation.DescribeResourceServer, 1, FaultKind.TooManyRequests);

        var created = await Run(Client().CreateAsync(_wanted));

        Assert.True(created.HasSameContentAs(_wanted));
        Assert.Equal(3, Calls(CognitoOperation.CreateResourceServer));
        Assert.Equal(2, Calls(CognitoOperation.DescribeResourceServer));
    }

    [Fact]
    public async Task A_resource_server_deleted_before_the_read_leaves_the_already_exists_error()
    {
        // Someone deletes it between the retried create's "already exists" and the read that would resolve it.
        _cognito.Faults.FailNextAfterApplying(CognitoOperation.CreateResourceServer, 1, FaultKind.InternalError);
        _cognito.Faults.BeforeServing(CognitoOperation.DescribeResourceServer, async (received, ct) =>
        {
            if (received.Number == 1)
            {
                await _cognito.DeleteResourceServerAsync(new DeleteResourceServerRequest { UserPoolId = _pool, Identifier = _wanted.Identifier }, ct);
            }
        });

        var call = Client().CreateAsync(_wanted);
        await _time.RunUntilCompletedAsync(call, Step);

        var error = await AssertCognito.ThrowsAsync(CognitoErrorCodes.InvalidParameter, () => call);
        Assert.Contains("already exists", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_pipeline_a_lost_answer_surfaces_as_it_came()
    {
        _cognito.Faults.FailNextAfterApplying(CognitoOperation.CreateResourceServer, 1, FaultKind.InternalError);

        await AssertCognito.ThrowsAsync(CognitoErrorCodes.InternalError, () => TestClients.Over(_cognito).CreateAsync(_wanted));
        Assert.Equal(1, Calls(CognitoOperation.CreateResourceServer));
    }

    private long Calls(CognitoOperation operation) => _cognito.Statistics.GetReceived(operation);

    private static ResourceServerScopeType[] WireScopes(ResourceServer server) =>
        [.. server.Scopes.Select(s => new ResourceServerScopeType { ScopeName = s.Name, ScopeDescription = s.Description })];

    private ResourceServerClient Client()
    {
        var options = new ResourceServerResilienceOptions { UseJitter = false, AttemptTimeout = TimeSpan.FromSeconds(5) };
        return TestClients.Create(_cognito, TestClients.Unpaced(options), _time);
    }

    private async Task<T> Run<T>(Task<T> call)
    {
        await _time.RunUntilCompletedAsync(call, Step);
        return await call;
    }
}
