using System.Net;
using Microsoft.Extensions.Time.Testing;
using Polly;
using Polly.Retry;
using ResourceServers.Wire;
using ResourceServers.Tests.TestSupport;

namespace ResourceServers.Tests.Resilience;

/// <summary>
/// Which failed attempts a retried create treats as possibly applied, and which answers it resolves by reading back:
/// a failure that may have reached the service makes a later "already exists" this call's own success; a failure that
/// cannot have (no connection was made) leaves "already exists" an error, as does any other invalid-parameter answer.
/// </summary>
public class RetriedWriteOutcomeTests
{
    private const string Pool = "us-east-1_abc123";
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(250);
    private static readonly ResourceServer Wanted = new(Pool, "https://api.example.com", "my-api", [new("read", "Read")]);

    private readonly FakeTimeProvider _time = new();
    private readonly ScriptedCognitoApi _cognito = new();

    private static readonly NamedRows<Func<Exception>> MayHaveBeenAppliedRows = new()
    {
        { "HTTP 500", () => CognitoServiceException.FromErrorCode("InternalFailure", null, HttpStatusCode.InternalServerError) },
        { "HTTP 502", () => CognitoServiceException.FromErrorCode("BadGateway", null, HttpStatusCode.BadGateway) },
        { "response ended", () => new HttpRequestException(HttpRequestError.ResponseEnded, "The response ended prematurely.") },
        { "error while sending", () => new HttpRequestException("An error occurred while sending the request.") },
        { "connection reset", () => new IOException("connection reset by peer") },
    };

    private static readonly NamedRows<Func<Exception>> NothingWasSentRows = new()
    {
        { "connection refused", () => new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused") },
        { "name not resolved", () => new HttpRequestException(HttpRequestError.NameResolutionError, "Name or service not known") },
        { "TLS failed", () => new HttpRequestException(HttpRequestError.SecureConnectionError, "The SSL connection could not be established") },
        { "ThrottlingException", () => CognitoServiceException.FromErrorCode("ThrottlingException", "Rate exceeded", HttpStatusCode.BadRequest) },
        { "HTTP 429", () => CognitoServiceException.FromErrorCode("SomethingElse", "front end throttle", HttpStatusCode.TooManyRequests) },
    };

    public static TheoryData<string> MayHaveBeenApplied => MayHaveBeenAppliedRows.Names;

    public static TheoryData<string> NothingWasSent => NothingWasSentRows.Names;

    [Theory]
    [MemberData(nameof(MayHaveBeenApplied))]
    public async Task After_a_failure_that_may_have_been_applied_already_exists_with_the_same_content_is_success(string failure)
    {
        var lost = MayHaveBeenAppliedRows[failure]();
        _cognito.ThenApplyAndFail(CognitoOperation.CreateResourceServer, lost);

        var created = await Run(Client().CreateAsync(Wanted));

        Assert.True(created.HasSameContentAs(Wanted));
        Assert.Equal(2, _cognito.Calls(CognitoOperation.CreateResourceServer));
        Assert.Equal(1, _cognito.Calls(CognitoOperation.DescribeResourceServer));
    }

    [Theory]
    [MemberData(nameof(NothingWasSent))]
    public async Task After_a_failure_that_cannot_have_been_applied_already_exists_is_an_error(string failure)
    {
        var notSent = NothingWasSentRows[failure]();
        // Someone else creates the very same resource server meanwhile: not this call's work, so "already exists" stands.
        var identical = new ResourceServerType { UserPoolId = Pool, Identifier = Wanted.Identifier, Name = Wanted.Name, Scopes = [new() { ScopeName = "read", ScopeDescription = "Read" }] };
        _cognito.ThenFail(CognitoOperation.CreateResourceServer, notSent, c => c.Seed(identical));

        var call = Client().CreateAsync(Wanted);
        await _time.RunUntilCompletedAsync(call, Step);

        var error = await AssertCognito.ThrowsAsync(CognitoErrorCodes.InvalidParameter, () => call);
        Assert.Contains("already exists", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, _cognito.Calls(CognitoOperation.DescribeResourceServer));
    }

    [Fact]
    public async Task After_a_lost_answer_another_invalid_parameter_answer_is_not_taken_for_already_exists()
    {
        _cognito.ThenApplyAndFail(CognitoOperation.CreateResourceServer, CognitoServiceException.FromErrorCode(CognitoErrorCodes.InternalError, "lost"))
            .ThenFail(CognitoOperation.CreateResourceServer, CognitoServiceException.FromErrorCode(CognitoErrorCodes.InvalidParameter, "1 validation error detected: Value at 'scopes' failed"));

        var call = Client().CreateAsync(Wanted);
        await _time.RunUntilCompletedAsync(call, Step);

        var error = await AssertCognito.ThrowsAsync(CognitoErrorCodes.InvalidParameter, () => call);
        Assert.Contains("validation error", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, _cognito.Calls(CognitoOperation.DescribeResourceServer));
    }

    [Fact]
    public async Task After_a_lost_answer_an_invalid_parameter_answer_without_a_message_is_an_error()
    {
        _cognito.ThenApplyAndFail(CognitoOperation.CreateResourceServer, CognitoServiceException.FromErrorCode(CognitoErrorCodes.InternalError, "lost"))
            .ThenFail(CognitoOperation.CreateResourceServer, CognitoServiceException.FromErrorCode(CognitoErrorCodes.InvalidParameter, null));

        var call = Client().CreateAsync(Wanted);
        await _time.RunUntilCompletedAsync(call, Step);

        await AssertCognito.ThrowsAsync(CognitoErrorCodes.InvalidParameter, () => call);
        Assert.Equal(0, _cognito.Calls(CognitoOperation.DescribeResourceServer));
    }

    [Fact]
    public async Task After_a_lost_answer_already_exists_is_recognized_whatever_its_letter_case()
    {
        _cognito.ThenApplyAndFail(CognitoOperation.CreateResourceServer, CognitoServiceException.FromErrorCode(CognitoErrorCodes.InternalError, "lost"))
            .ThenFail(CognitoOperation.CreateResourceServer, CognitoServiceException.FromErrorCode(CognitoErrorCodes.InvalidParameter, "Resource server ALREADY EXISTS in the pool."));

        var created = await Run(Client().CreateAsync(Wanted));

        Assert.True(created.HasSameContentAs(Wanted));
        Assert.Equal(1, _cognito.Calls(CognitoOperation.DescribeResourceServer));
    }

    [Fact]
    public async Task After_a_lost_answer_already_exists_under_another_code_is_not_resolved()
    {
        _cognito.ThenApplyAndFail(CognitoOperation.CreateResourceServer, CognitoServiceException.FromErrorCode(CognitoErrorCodes.InternalError, "lost"))
            .ThenFail(CognitoOperation.CreateResourceServer, CognitoServiceException.FromErrorCode(CognitoErrorCodes.LimitExceeded, "A resource server already exists for every slot."));

        var call = Client().CreateAsync(Wanted);
        await _time.RunUntilCompletedAsync(call, Step);

        await AssertCognito.ThrowsAsync(CognitoErrorCodes.LimitExceeded, () => call);
        Assert.Equal(0, _cognito.Calls(CognitoOperation.DescribeResourceServer));
    }

    [Fact]
    public async Task Under_a_pipeline_that_retries_anything_a_local_failure_is_not_taken_for_a_lost_write()
    {
        // A replaced pipeline may retry errors the library would not; a failure raised before anything was sent still
        // says nothing was written, so "already exists" on the retry is someone else's resource server.
        var identical = new ResourceServerType { UserPoolId = Pool, Identifier = Wanted.Identifier, Name = Wanted.Name, Scopes = [new() { ScopeName = "read", ScopeDescription = "Read" }] };
        _cognito.ThenFail(CognitoOperation.CreateResourceServer, new InvalidOperationException("no request was built"), c => c.Seed(identical));
        var retryAnything = new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions { ShouldHandle = new PredicateBuilder().Handle<InvalidOperationException>(), MaxRetryAttempts = 1, Delay = TimeSpan.Zero })
            .Build();

        var error = await AssertCognito.ThrowsAsync(CognitoErrorCodes.InvalidParameter, () => TestClients.Over(_cognito, retryAnything).CreateAsync(Wanted));

        Assert.Contains("already exists", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, _cognito.Calls(CognitoOperation.DescribeResourceServer));
    }

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
