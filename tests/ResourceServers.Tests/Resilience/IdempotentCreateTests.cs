using Microsoft.Extensions.Time.Testing;
using Polly;
using ResourceServers.Wire;
using ResourceServers.Tests.TestSupport;

namespace ResourceServers.Tests.Resilience;

/// <summary>CreateAsync under retries: a create whose answer was lost must not turn into an "already exists" error.</summary>
public class IdempotentCreateTests
{
    private const string Pool = "us-east-1_abc123";
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(250);

    private static readonly ResourceServer Wanted = new(Pool, "https://api.example.com", "my-api", [new("read", "Read"), new("write", "Write")]);

    private readonly FakeTimeProvider _time = new();
    private readonly ScriptedCognitoApi _cognito = new();

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
        _cognito.ThenApplyAndFail(CognitoOperation.CreateResourceServer, lost);

        var created = await Run(Client().CreateAsync(Wanted));

        Assert.True(created.HasSameContentAs(Wanted));
        Assert.Equal(2, _cognito.Calls(CognitoOperation.CreateResourceServer));
        Assert.Equal(1, _cognito.Calls(CognitoOperation.DescribeResourceServer));
    }

    [Fact]
    public async Task A_create_applied_then_timed_out_resolves_to_success_on_retry()
    {
        _cognito.ThenApplyAndHang(CognitoOperation.CreateResourceServer);

        var created = await Run(Client().CreateAsync(Wanted));

        Assert.True(created.HasSameContentAs(Wanted));
        Assert.Equal(2, _cognito.Calls(CognitoOperation.CreateResourceServer));
    }

    [Fact]
    public async Task Scopes_in_another_order_still_count_as_the_same_resource_server()
    {
        _cognito.ThenApplyAndFail(CognitoOperation.CreateResourceServer, CognitoServiceException.FromErrorCode(CognitoErrorCodes.InternalError, "lost"));
        var reordered = Wanted.WithScopes(Wanted.Scopes.Reverse());

        var created = await Run(Client().CreateAsync(reordered));

        Assert.True(created.HasSameContentAs(Wanted));
    }

    [Fact]
    public async Task After_a_lost_answer_a_different_resource_server_is_still_a_conflict()
    {
        // The first attempt never applied; meanwhile someone else created the identifier with other scopes.
        var theirs = new ResourceServerType
        {
            UserPoolId = Pool,
            Identifier = Wanted.Identifier,
            Name = "my-api",
            Scopes = [new ResourceServerScopeType { ScopeName = "read", ScopeDescription = "Read" }],
        };
        _cognito.ThenFail(CognitoOperation.CreateResourceServer, CognitoServiceException.FromErrorCode(CognitoErrorCodes.InternalError, "lost"), c => c.Seed(theirs));

        var call = Client().CreateAsync(Wanted);
        await _time.RunUntilCompletedAsync(call, Step);

        var conflict = await AssertCognito.ThrowsAsync(CognitoErrorCodes.InvalidParameter, () => call);
        Assert.Contains("already exists", conflict.Message, StringComparison.Ordinal);
        Assert.Equal(2, _cognito.Calls(CognitoOperation.CreateResourceServer));
        Assert.Equal(1, _cognito.Calls(CognitoOperation.DescribeResourceServer));
        Assert.Same(theirs, _cognito.Stored(Pool, Wanted.Identifier));
    }

    [Fact]
    public async Task Already_exists_on_the_first_attempt_is_an_error_even_with_identical_content()
    {
        _cognito.Seed(new ResourceServerType
        {
            UserPoolId = Pool,
            Identifier = Wanted.Identifier,
            Name = Wanted.Name,
            Scopes = WireScopes(Wanted),
        });

        var call = Client().CreateAsync(Wanted);
        await _time.RunUntilCompletedAsync(call, Step);

        await AssertCognito.ThrowsAsync(CognitoErrorCodes.InvalidParameter, () => call);
        Assert.Equal(1, _cognito.Calls(CognitoOperation.CreateResourceServer));
        Assert.Equal(0, _cognito.Calls(CognitoOperation.DescribeResourceServer));
    }

    [Fact]
    public async Task After_a_throttle_the_request_was_not_applied_so_already_exists_is_an_error()
    {
        // Throttling is a definite "not done": whoever created it in between, it was not this call.
        var identical = new ResourceServerType { UserPoolId = Pool, Identifier = Wanted.Identifier, Name = Wanted.Name, Scopes = WireScopes(Wanted) };
        _cognito.ThenFail(CognitoOperation.CreateResourceServer, CognitoServiceException.FromErrorCode(CognitoErrorCodes.TooManyRequests, "slow"), c => c.Seed(identical));

        var call = Client().CreateAsync(Wanted);
        await _time.RunUntilCompletedAsync(call, Step);

        await AssertCognito.ThrowsAsync(CognitoErrorCodes.InvalidParameter, () => call);
        Assert.Equal(2, _cognito.Calls(CognitoOperation.CreateResourceServer));
        Assert.Equal(0, _cognito.Calls(CognitoOperation.DescribeResourceServer));
    }

    [Fact]
    public async Task A_transient_failure_of_the_resolving_read_is_retried_with_the_create()
    {
        _cognito.ThenApplyAndFail(CognitoOperation.CreateResourceServer, CognitoServiceException.FromErrorCode(CognitoErrorCodes.InternalError, "lost"))
            .ThenFail(CognitoOperation.DescribeResourceServer, CognitoServiceException.FromErrorCode(CognitoErrorCodes.TooManyRequests, "slow"));

        var created = await Run(Client().CreateAsync(Wanted));

        Assert.True(created.HasSameContentAs(Wanted));
        Assert.Equal(3, _cognito.Calls(CognitoOperation.CreateResourceServer));
        Assert.Equal(2, _cognito.Calls(CognitoOperation.DescribeResourceServer));
    }

    [Fact]
    public async Task A_resource_server_deleted_before_the_read_leaves_the_already_exists_error()
    {
        _cognito.ThenApplyAndFail(CognitoOperation.CreateResourceServer, CognitoServiceException.FromErrorCode(CognitoErrorCodes.InternalError, "lost"))
            .ThenFail(CognitoOperation.DescribeResourceServer, CognitoServiceException.FromErrorCode(CognitoErrorCodes.ResourceNotFound, "gone"));

        var call = Client().CreateAsync(Wanted);
        await _time.RunUntilCompletedAsync(call, Step);

        var error = await AssertCognito.ThrowsAsync(CognitoErrorCodes.InvalidParameter, () => call);
        Assert.Contains("already exists", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_pipeline_a_lost_answer_surfaces_as_it_came()
    {
        _cognito.ThenApplyAndFail(CognitoOperation.CreateResourceServer, CognitoServiceException.FromErrorCode(CognitoErrorCodes.InternalError, "lost"));

        await AssertCognito.ThrowsAsync(CognitoErrorCodes.InternalError, () => TestClients.Over(_cognito).CreateAsync(Wanted));
        Assert.Equal(1, _cognito.Calls(CognitoOperation.CreateResourceServer));
    }

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
