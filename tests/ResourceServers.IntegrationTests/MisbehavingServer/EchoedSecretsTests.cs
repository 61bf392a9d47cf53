using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using static ResourceServers.IntegrationTests.MisbehavingServer.MisbehavingCognito;

namespace ResourceServers.IntegrationTests.MisbehavingServer;

/// <summary>
/// Misbehaviour: the server quotes back what it was sent (the Authorization value, the signature, the session token,
/// percent-encoded or not) in whatever wording it likes, in the message, the code or the request id. The transport
/// scrubs them by value: none reaches the exception, its ToString() or the log.
/// </summary>
public sealed class EchoedSecretsTests : IAsyncLifetime
{
    private MisbehavingCognito _server = null!;

    public async Task InitializeAsync() => _server = await StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public static TheoryData<string> Wordings => new()
    {
        "You sent: {auth}",
        "IncompleteSignatureException: header 'Authorization: {auth}' is malformed; token {token}",
        "sig={signature} tok={escapedToken}",
        "nothing to see here {token}{token}",
    };

    [Theory]
    [MemberData(nameof(Wordings))]
    public async Task Secrets_echoed_in_any_wording_are_redacted_by_value(string wording)
    {
        _server.Answer = (c, r) =>
        {
            var signature = r.Authorization[(r.Authorization.IndexOf("Signature=", StringComparison.Ordinal) + "Signature=".Length)..];
            var message = wording
                .Replace("{auth}", r.Authorization, StringComparison.Ordinal)
                .Replace("{signature}", signature, StringComparison.Ordinal)
                .Replace("{escapedToken}", Uri.EscapeDataString(r.SessionToken), StringComparison.Ordinal)
                .Replace("{token}", r.SessionToken, StringComparison.Ordinal);
            c.Response.Headers["X-Amzn-ErrorType"] = "IncompleteSignatureException:" + r.SessionToken;
            return Error(c, HttpStatusCode.Forbidden, "IncompleteSignatureException", message);
        };
        using var logs = new FakeLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));

        var error = await Assert.ThrowsAnyAsync<CognitoServiceException>(() => _server.Client(loggerFactory: loggerFactory).GetAsync(UserPoolId, Identifier));

        var sent = Assert.Single(_server.Requests);
        var signature = sent.Authorization[(sent.Authorization.IndexOf("Signature=", StringComparison.Ordinal) + "Signature=".Length)..];
        var everything = error + " " + error.ServiceMessage + " " + error.ErrorCode + " " + string.Join("\n", logs.Collector.GetSnapshot().Select(l => l.Message + l.Exception));
        Assert.Contains("[redacted]", error.ServiceMessage, StringComparison.Ordinal);
        foreach (var secret in new[] { sent.Authorization, signature, SessionToken, Uri.EscapeDataString(SessionToken), SecretKey })
        {
            Assert.DoesNotContain(secret, everything, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("signature")]
    [InlineData("token")]
    [InlineData("authorization")]
    public async Task A_secret_echoed_as_the_request_id_of_a_success_never_reaches_the_log_or_the_result(string echoed)
    {
        _server.Answer = async (c, r) =>
        {
            c.Response.StatusCode = 200;
            c.Response.Headers["x-amzn-RequestId"] = echoed switch
            {
                "signature" => r.Authorization[(r.Authorization.IndexOf("Signature=", StringComparison.Ordinal) + "Signature=".Length)..],
                "token" => r.SessionToken,
                _ => r.Authorization,
            };
            await c.Response.WriteAsync($$"""{"ResourceServer":{{Server()}}}""", c.RequestAborted);
        };
        using var logs = new FakeLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));

        await _server.Client(loggerFactory: loggerFactory).GetAsync(UserPoolId, Identifier);

        var sent = Assert.Single(_server.Requests);
        var signature = sent.Authorization[(sent.Authorization.IndexOf("Signature=", StringComparison.Ordinal) + "Signature=".Length)..];
        var logged = string.Join("\n", logs.Collector.GetSnapshot().Select(l => l.Message));
        Assert.Contains("[redacted]", logged, StringComparison.Ordinal);
        foreach (var secret in new[] { sent.Authorization, signature, SessionToken })
        {
            Assert.DoesNotContain(secret, logged, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_session_token_that_was_sent_is_redacted_even_when_the_credentials_have_moved_on()
    {
        // Credentials refresh between the send and the answer: the token to redact is the one the request carried.
        _server.Answer = (c, r) => Error(c, HttpStatusCode.Forbidden, "UnrecognizedClientException", "The security token " + r.SessionToken + " is invalid");
        var rotating = new RotatingSessionCredentials();

        var error = await Assert.ThrowsAnyAsync<CognitoServiceException>(() => _server.Client(configure: o => o.Credentials = rotating).GetAsync(UserPoolId, Identifier));

        var sent = Assert.Single(_server.Requests).SessionToken;
        Assert.StartsWith("IQoJrotating-session-token-", sent, StringComparison.Ordinal);
        Assert.DoesNotContain(sent, error.ToString(), StringComparison.Ordinal);
        Assert.Contains("The security token [redacted] is invalid", error.ServiceMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_request_id_of_a_uuids_length_that_is_no_uuid_is_scrubbed_too()
    {
        // Only a real UUID is let through unscrubbed; 36 characters are room enough for a short secret key.
        const string shortSecret = "short-secret-key";
        _server.Answer = async (c, _) =>
        {
            c.Response.StatusCode = 200;
            c.Response.Headers["x-amzn-RequestId"] = "req-00000000000000-" + shortSecret + "-";
            await c.Response.WriteAsync($$"""{"ResourceServer":{{Server()}}}""", c.RequestAborted);
        };
        using var logs = new FakeLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));

        await _server.Client(loggerFactory: loggerFactory, configure: o => o.Credentials = new Amazon.Runtime.BasicAWSCredentials(AccessKey, shortSecret)).GetAsync(UserPoolId, Identifier);

        var logged = string.Join("\n", logs.Collector.GetSnapshot().Select(l => l.Message));
        Assert.Equal(36, ("req-00000000000000-" + shortSecret + "-").Length);
        Assert.Contains("req-00000000000000-[redacted]-", logged, StringComparison.Ordinal);
        Assert.DoesNotContain(shortSecret, logged, StringComparison.Ordinal);
    }

    /// <summary>Session credentials whose token changes every time they are read, as refreshing credentials do.</summary>
    private sealed class RotatingSessionCredentials : Amazon.Runtime.AWSCredentials
    {
        private int _reads;

        public override Amazon.Runtime.ImmutableCredentials GetCredentials() =>
            new(AccessKey, SecretKey, "IQoJrotating-session-token-" + Interlocked.Increment(ref _reads));

        public override Task<Amazon.Runtime.ImmutableCredentials> GetCredentialsAsync() => Task.FromResult(GetCredentials());
    }
}
