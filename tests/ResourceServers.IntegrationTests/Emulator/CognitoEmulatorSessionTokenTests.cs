using System.Net;
using Amazon.Runtime;
using ResourceServers.Testing;

namespace ResourceServers.IntegrationTests.Emulator;

public class CognitoEmulatorSessionTokenTests : IAsyncLifetime
{
    private const string Token = "FwoGZXIvYXdzEXAMPLE-session-token";
    private CognitoEmulator _emulator = null!;

    public async Task InitializeAsync() =>
        _emulator = await CognitoEmulator.StartAsync(new CognitoEmulatorOptions { SessionToken = Token });

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    [Fact]
    public async Task Emulator_credentials_carry_the_token_and_are_accepted()
    {
        Assert.IsType<SessionAWSCredentials>(_emulator.Credentials);

        (await EmulatorCall.For(_emulator, "ListUserPools", """{"MaxResults":1}""").SendAsync()).AssertOk();
    }

    [Fact]
    public async Task Wrong_token_is_an_unrecognized_client()
    {
        var credentials = new SessionAWSCredentials(_emulator.AccessKeyId, CognitoEmulatorOptions.DefaultSecretAccessKey, Token + "x");

        var reply = await (EmulatorCall.For(_emulator, "ListUserPools", """{"MaxResults":1}""") with { Credentials = credentials }).SendAsync();

        reply.AssertError(HttpStatusCode.Forbidden, "UnrecognizedClientException");
    }

    [Fact]
    public async Task Missing_token_is_an_unrecognized_client()
    {
        var credentials = new BasicAWSCredentials(_emulator.AccessKeyId, CognitoEmulatorOptions.DefaultSecretAccessKey);

        var reply = await (EmulatorCall.For(_emulator, "ListUserPools", """{"MaxResults":1}""") with { Credentials = credentials }).SendAsync();

        reply.AssertError(HttpStatusCode.Forbidden, "UnrecognizedClientException");
    }

    [Fact]
    public async Task Signature_mismatch_message_never_shows_the_session_token()
    {
        var credentials = new SessionAWSCredentials(_emulator.AccessKeyId, "wrong-secret", Token);

        var reply = await (EmulatorCall.For(_emulator, "ListUserPools", """{"MaxResults":1}""") with { Credentials = credentials }).SendAsync();

        var message = reply.AssertError(HttpStatusCode.Forbidden, "InvalidSignatureException");
        Assert.DoesNotContain(Token, reply.Body, StringComparison.Ordinal);
        Assert.Contains("x-amz-security-token:<redacted>", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Emulator_without_a_token_refuses_requests_that_carry_one()
    {
        await using var plain = await CognitoEmulator.StartAsync();
        var credentials = new SessionAWSCredentials(plain.AccessKeyId, CognitoEmulatorOptions.DefaultSecretAccessKey, Token);

        var reply = await (EmulatorCall.For(plain, "ListUserPools", """{"MaxResults":1}""") with { Credentials = credentials }).SendAsync();

        reply.AssertError(HttpStatusCode.Forbidden, "UnrecognizedClientException");
    }
}
