using System.Net;
using Microsoft.Extensions.Time.Testing;
using Polly;
using Polly.Retry;
using ResourceServers.Testing;
using ResourceServers.Wire;
using ResourceServers.Tests.TestSupport;

namespace ResourceServers.Tests.Resilience;

/// <summary>
/// Which failed attempts a retried create treats as possibly applied, and which answers it resolves by reading back:
/// a failure that may have reached the service makes a later "already exists" this call's own success; a failure that
/// cannot have (no connection was made) leaves "already exists" an error, as does any other invalid-parameter answer.
/// </summary>
public class RetriedWriteOutcomeTests : IAsyncLifetime
{
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(250);

    private readonly FakeTimeProvider _time = new();
    private readonly InMemoryCognito _cognito;
    private string _pool = "";
    private ResourceServer _wanted = null!;

    public RetriedWriteOutcomeTests() => _cognito = new InMemoryCognito(new InMemoryCognitoOptions { TimeProvider = _time });

    public async Task InitializeAsync()
    {
        _pool = (await _cognito.CreateUserPoolAsync("pool")).Id;
        _wanted = new(_pool, "https://api.example.com", "my-api", [new("read", "Read")]);
    }

    public Task DisposeAsync() => Task.CompletedTask;

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
        _cognito.Faults.AfterServing(CognitoOperation.CreateResourceServer, (received, _) => received.Number == 1 ? throw lost : Task.CompletedTask);

        var created = await Run(Client().CreateAsync(_wanted));

        Assert.True(created.HasSameContentAs(_wanted));
        Assert.Equal(2, Calls(CognitoOperation.CreateResourceServer));
        Assert.Equal(1, Calls(CognitoOperation.DescribeResourceServer));
    }

    [Theory]
    [MemberData(nameof(NothingWasSent))]
    public async Task After_a_failure_that_cannot_have_been_applied_already_exists_is_an_error(string failure)
    {
        var notSent = NothingWasSentRows[failure]();
        // Someone else creates the very same resource server meanwhile: not this call's work, so "already exists" stands.
        var identical = new CreateResourceServerRequest { UserPoolId = _pool, Identifier = _wanted.Identifier, Name = _wanted.Name, Scopes = [new() { ScopeName = "read", ScopeDescription = "Read" }] };
        _cognito.CreatesWhileTheFirstCreateFails(identical, notSent);

        var call = Client().CreateAsync(_wanted);
        await _time.RunUntilCompletedAsync(call, Step);

        var error = await AssertCognito.ThrowsAsync(CognitoErrorCodes.InvalidParameter, () => call);
        Assert.Contains("already exists", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, Calls(CognitoOperation.DescribeResourceServer));
    }

    [Fact]
    public async Task After_a_lost_answer_another_invalid_parameter_answer_is_not_taken_for_already_exists()
    {
        LoseTheFirstCreatesAnswerThenAnswerTheRetry(CognitoServiceException.FromErrorCode(CognitoErrorCodes.InvalidParameter, "1 validation error detected: Value at 'scopes' failed"));

        var call = Client().CreateAsync(_wanted);
        await _time.RunUntilCompletedAsync(call, Step);

        var error = await AssertCognito.ThrowsAsync(CognitoErrorCodes.InvalidParameter, () => call);
        Assert.Contains("validation error", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, Calls(CognitoOperation.DescribeResourceServer));
    }

    [Fact]
    public async Task After_a_lost_answer_an_invalid_parameter_answer_without_a_message_is_an_error()
    {
        LoseTheFirstCreatesAnswerThenAnswerTheRetry(CognitoServiceException.FromErrorCode(CognitoErrorCodes.InvalidParameter, null));

        var call = Client().CreateAsync(_wanted);
        await _time.RunUntilCompletedAsync(call, Step);

        await AssertCognito.ThrowsAsync(CognitoErrorCodes.InvalidParameter, () => call);
        Assert.Equal(0, Calls(CognitoOperation.DescribeResourceServer));
    }

    [Fact]
    public async Task After_a_lost_answer_already_exists_is_recognized_whatever_its_letter_case()
    {
        LoseTheFirstCreatesAnswerThenAnswerTheRetry(CognitoServiceException.FromErrorCode(CognitoErrorCodes.InvalidParameter, "Resource server ALREADY EXISTS in the pool."));

        var created = await Run(Client().CreateAsync(_wanted));

        Assert.True(created.HasSameContentAs(_wanted));
        Assert.Equal(1, Calls(CognitoOperation.DescribeResourceServer));
    }

    [Fact]
    public async Task After_a_lost_answer_already_exists_under_another_code_is_not_resolved()
    {
        LoseTheFirstCreatesAnswerThenAnswerTheRetry(CognitoServiceException.FromErrorCode(CognitoErrorCodes.LimitExceeded, "A resource server already exists for every slot."));

        var call = Client().CreateAsync(_wanted);
        await _time.RunUntilCompletedAsync(call, Step);

        await AssertCognito.ThrowsAsync(CognitoErrorCodes.LimitExceeded, () => call);
        Assert.Equal(0, Calls(CognitoOperation.DescribeResourceServer));
    }

    [Fact]
    public async Task Under_a_pipeline_that_retries_anything_a_local_failure_is_not_taken_for_a_lost_write()
    {
        // A replaced pipeline may retry errors the library would not; a failure raised before anything was sent still
        // says nothing was written, so "already exists" on the retry is someone else's resource server.
        var identical = new CreateResourceServerRequest { UserPoolId = _pool, Identifier = _wanted.Identifier, Name = _wanted.Name, Scopes = [new() { ScopeName = "read", ScopeDescription = "Read" }] };
        _cognito.CreatesWhileTheFirstCreateFails(identical, new InvalidOperationException("no request was built"));
        var retryAnything = new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions { ShouldHandle = new PredicateBuilder().Handle<InvalidOperationException>(), MaxRetryAttempts = 1, Delay = TimeSpan.Zero })
            .Build();

        var error = await AssertCognito.ThrowsAsync(CognitoErrorCodes.InvalidParameter, () => TestClients.Over(_cognito, retryAnything).CreateAsync(_wanted));

        Assert.Contains("already exists", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, Calls(CognitoOperation.DescribeResourceServer));
    }

    // The first create is applied and its answer lost (InternalErrorException); the retry is answered `retryAnswer`.
    private void LoseTheFirstCreatesAnswerThenAnswerTheRetry(CognitoServiceException retryAnswer)
    {
        _cognito.Faults.FailNextAfterApplying(CognitoOperation.CreateResourceServer, 1, FaultKind.InternalError);
        _cognito.Faults.BeforeServing(CognitoOperation.CreateResourceServer, (received, _) => received.Number == 2 ? throw retryAnswer : Task.CompletedTask);
    }

    private long Calls(CognitoOperation operation) => _cognito.Statistics.GetReceived(operation);

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
