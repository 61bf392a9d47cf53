using System.Net;
using Amazon;
using Amazon.Runtime;
using Microsoft.Extensions.Time.Testing;
using ResourceServers.TestTransports;
using ResourceServers.Tests.TestSupport;
using ResourceServers.Wire;

namespace ResourceServers.Tests.Transport;

/// <summary>Where the transport's credentials come from, and that none of them ever reach an exception.</summary>
public class CognitoHttpTransportCredentialTests
{
    private static readonly DeleteResourceServerRequest Delete = new() { UserPoolId = "us-east-1_abc123", Identifier = "https://api.example.com" };

    [Fact]
    public async Task Credentials_are_resolved_once_and_shared_by_concurrent_calls()
    {
        var resolutions = 0;
        var release = new TaskCompletionSource<AWSCredentials>(TaskCreationOptions.RunContinuationsAsynchronously);
        var handler = new RecordingHandler();
        var transport = Create(handler, _ =>
        {
            Interlocked.Increment(ref resolutions);
            return release.Task;
        });

        var calls = Enumerable.Range(0, 8).Select(_ => transport.DeleteResourceServerAsync(Delete)).ToList();
        release.SetResult(TransportHarness.Basic);
        await Task.WhenAll(calls);
        await transport.DeleteResourceServerAsync(Delete);

        Assert.Equal(1, resolutions);
        Assert.Equal(9, handler.Requests.Count);
    }

    [Fact]
    public async Task A_failed_resolution_is_not_cached_and_the_next_call_tries_again()
    {
        var attempts = 0;
        var handler = new RecordingHandler();
        var transport = Create(handler, _ => ++attempts == 1
            ? Task.FromException<AWSCredentials>(new AmazonClientException("Failed to resolve AWS credentials."))
            : Task.FromResult(TransportHarness.Basic));

        var error = await Assert.ThrowsAsync<CognitoServiceException>(() => transport.DeleteResourceServerAsync(Delete));
        Assert.Equal(CognitoErrorCodes.CredentialsUnavailable, error.ErrorCode);
        Assert.False(error.IsRetryable);
        Assert.Null(error.StatusCode);
        Assert.IsType<AmazonClientException>(error.InnerException);
        Assert.Empty(handler.Requests);

        await transport.DeleteResourceServerAsync(Delete);

        Assert.Equal(2, attempts);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task A_caller_cancelling_while_credentials_resolve_does_not_poison_them_for_others()
    {
        var resolutions = 0;
        var release = new TaskCompletionSource<AWSCredentials>(TaskCreationOptions.RunContinuationsAsynchronously);
        var handler = new RecordingHandler();
        var transport = Create(handler, _ =>
        {
            Interlocked.Increment(ref resolutions);
            return release.Task;
        });
        using var cts = new CancellationTokenSource();

        var cancelled = transport.DeleteResourceServerAsync(Delete, cts.Token);
        var other = transport.DeleteResourceServerAsync(Delete);
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        release.SetResult(TransportHarness.Basic);
        await other;

        Assert.Equal(1, resolutions);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task A_credentials_object_of_the_application_that_fails_is_asked_again_by_the_next_call()
    {
        var handler = new RecordingHandler(_ => RecordingHandler.Json(HttpStatusCode.OK, """{"ResourceServers":[]}"""));
        var client = new ResourceServerClient(
            new ResourceServerClientOptions { Region = "us-east-1", Credentials = new FailingFirstCredentials(), Resilience = { Pacing = { Enabled = false } } },
            httpClient: new HttpClient(handler));

        var error = await Assert.ThrowsAsync<CognitoServiceException>(() => CountAsync(client.ListAsync(Delete.UserPoolId)));
        Assert.Equal(CognitoErrorCodes.CredentialsUnavailable, error.ErrorCode);
        Assert.False(error.IsRetryable);
        Assert.Contains("no session yet", error.Message, StringComparison.Ordinal);
        Assert.Empty(handler.Requests);

        Assert.Equal(0, await CountAsync(client.ListAsync(Delete.UserPoolId)));

        Assert.Equal(TransportHarness.AccessKey, IndependentSigV4.ParseAuthorization(handler.Single.Header("Authorization")!).AccessKeyId);
    }

    [Fact]
    public async Task A_profile_that_does_not_exist_is_a_clear_error_naming_the_setting_and_the_profile()
    {
        var handler = new RecordingHandler();
        var profile = "resourceservers-tests-no-such-profile-" + Guid.NewGuid().ToString("N");
        var transport = HttpTransports.Create(new HttpClient(handler), new ResourceServerClientOptions { Region = "us-east-1", Profile = profile });

        var error = await Assert.ThrowsAsync<CognitoServiceException>(() => transport.DeleteResourceServerAsync(Delete));

        Assert.Equal(CognitoErrorCodes.CredentialsUnavailable, error.ErrorCode);
        Assert.IsType<InvalidOperationException>(error.InnerException);
        Assert.Contains("ResourceServers:Profile", error.Message, StringComparison.Ordinal);
        Assert.Contains(profile, error.Message, StringComparison.Ordinal);
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task Explicit_credentials_win_over_a_profile()
    {
        var handler = new RecordingHandler();
        var transport = HttpTransports.Create(
            new HttpClient(handler),
            new ResourceServerClientOptions { Region = "us-east-1", Profile = "no-such-profile", Credentials = TransportHarness.Basic },
            new FakeTimeProvider(TransportHarness.VectorTime));

        await transport.DeleteResourceServerAsync(Delete);

        Assert.Equal("AKIDEXAMPLE", IndependentSigV4.ParseAuthorization(handler.Single.Header("Authorization")!).AccessKeyId);
    }

    [Fact]
    public async Task No_exception_message_or_text_carries_the_secret_key_session_token_or_signature()
    {
        var answers = new Queue<HttpResponseMessage>(
        [
            RecordingHandler.Json(HttpStatusCode.BadRequest, """{"__type":"NotAuthorizedException","message":"Access denied"}"""),
            RecordingHandler.Json(HttpStatusCode.BadRequest, """{"__type":"aws.cognito#InvalidParameterException","Message":"bad"}"""),
            RecordingHandler.Json(HttpStatusCode.Forbidden, """{"__type":"InvalidSignatureException","message":"The request signature we calculated does not match"}"""),
            RecordingHandler.Json(HttpStatusCode.BadRequest, null, headers: ("X-Amzn-ErrorType", "ExpiredTokenException:")),
            RecordingHandler.Json(HttpStatusCode.InternalServerError, "<html>500</html>"),
            RecordingHandler.Json(HttpStatusCode.BadRequest, """{"__type":"Reso"""),
            RecordingHandler.Json(HttpStatusCode.OK, "<html>not json</html>"),
            RecordingHandler.Json(HttpStatusCode.OK, "{}"),
        ]);
        var count = answers.Count;
        var handler = new RecordingHandler(_ => answers.Dequeue());
        var transport = TransportHarness.Create(handler, TransportHarness.Session);

        var errors = new List<Exception>();
        for (var i = 0; i < count; i++)
        {
            errors.Add(await Assert.ThrowsAnyAsync<CognitoServiceException>(() => transport.DescribeResourceServerAsync(new DescribeResourceServerRequest { UserPoolId = "p_1", Identifier = "i" })));
        }

        errors.Add(Assert.ThrowsAny<Exception>(() => HttpTransports.Create(new HttpClient(handler), new ResourceServerClientOptions { Region = "us-east-1", ServiceUrl = new Uri("http://example.com/"), Credentials = TransportHarness.Session })));

        var secrets = new[] { TransportHarness.SecretKey, TransportHarness.SessionToken, "Signature=", "AWS4-HMAC-SHA256" };
        var signatures = handler.Requests.Select(r => IndependentSigV4.ParseAuthorization(r.Header("Authorization")!).Signature);
        foreach (var error in errors)
        {
            var text = error.ToString() + error.Message;
            foreach (var secret in secrets.Concat(signatures))
            {
                Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
            }
        }

        // The requests really were signed with them, so their absence above means something.
        Assert.All(handler.Requests, r => Assert.Equal(TransportHarness.SessionToken, r.Header("X-Amz-Security-Token")));
    }

    /// <summary>Credentials an application wrote, whose first resolution fails (a session not yet obtained).</summary>
    private sealed class FailingFirstCredentials : AWSCredentials
    {
        private int _asked;

        public override ImmutableCredentials GetCredentials() =>
            Interlocked.Increment(ref _asked) == 1
                ? throw new AmazonClientException("no session yet")
                : new ImmutableCredentials(TransportHarness.AccessKey, TransportHarness.SecretKey, token: null);

        public override Task<ImmutableCredentials> GetCredentialsAsync() => Task.FromResult(GetCredentials());
    }

    private static async Task<int> CountAsync(IAsyncEnumerable<ResourceServer> servers)
    {
        var count = 0;
        await foreach (var _ in servers)
        {
            count++;
        }

        return count;
    }

    private static CognitoHttpTransport Create(RecordingHandler handler, Func<CancellationToken, Task<AWSCredentials>> credentials) =>
        HttpTransports.Create(new HttpClient(handler), CognitoEndpoint.ForRegion(RegionEndpoint.USEast1, useFips: false), credentials, new FakeTimeProvider(TransportHarness.VectorTime));
}
