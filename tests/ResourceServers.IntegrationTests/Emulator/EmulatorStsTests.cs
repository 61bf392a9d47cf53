using System.Net;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using Microsoft.Extensions.Time.Testing;
using ResourceServers.Testing;

namespace ResourceServers.IntegrationTests.Emulator;

/// <summary>
/// The emulator's STS driven by the AWS SDK for .NET's own STS client (the Query protocol, XML answers): the
/// temporary credentials it issues are accepted by the emulator's Cognito only with their own session token and
/// only until they expire.
/// </summary>
public sealed class EmulatorStsTests : IAsyncLifetime
{
    private const string RoleArn = "arn:aws:iam::123456789012:role/ci";
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private CognitoEmulator _emulator = null!;

    public async Task InitializeAsync() => _emulator = await CognitoEmulator.StartAsync(new CognitoEmulatorOptions { TimeProvider = _clock });

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    [Fact]
    public async Task Web_identity_credentials_are_temporary_and_accepted_with_their_token()
    {
        var issued = await WebIdentityAsync("token-from-the-identity-provider");

        Assert.StartsWith("ASIA", issued.AccessKeyId, StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(issued.SessionToken));
        Assert.Equal(("AssumeRoleWithWebIdentity", RoleArn, "session-1", issued.AccessKeyId), Session(0));
        (await ListUserPoolsAsync(new SessionAWSCredentials(issued.AccessKeyId, issued.SecretAccessKey, issued.SessionToken))).AssertOk();
    }

    [Fact]
    public async Task Temporary_credentials_without_their_token_or_with_another_are_refused()
    {
        var issued = await WebIdentityAsync("token");
        var other = await WebIdentityAsync("token");

        (await ListUserPoolsAsync(new BasicAWSCredentials(issued.AccessKeyId, issued.SecretAccessKey))).AssertError(HttpStatusCode.Forbidden, "UnrecognizedClientException");
        (await ListUserPoolsAsync(new SessionAWSCredentials(issued.AccessKeyId, issued.SecretAccessKey, other.SessionToken))).AssertError(HttpStatusCode.Forbidden, "UnrecognizedClientException");
    }

    [Fact]
    public async Task Temporary_credentials_expire_after_an_hour()
    {
        var issued = await WebIdentityAsync("token");
        _clock.Advance(TimeSpan.FromHours(1));

        var reply = await ListUserPoolsAsync(new SessionAWSCredentials(issued.AccessKeyId, issued.SecretAccessKey, issued.SessionToken));

        reply.AssertError(HttpStatusCode.Forbidden, "ExpiredTokenException");
    }

    [Fact]
    public async Task An_empty_web_identity_token_is_refused_as_STS_refuses_it()
    {
        var error = await Assert.ThrowsAsync<InvalidIdentityTokenException>(() => WebIdentityAsync(" "));

        Assert.Equal("InvalidIdentityToken", error.ErrorCode);
        Assert.Empty(_emulator.RoleSessions);
    }

    [Fact]
    public async Task AssumeRole_is_signed_with_the_emulators_key_or_refused()
    {
        using var signed = Sts(_emulator.Credentials);
        using var forged = Sts(new BasicAWSCredentials(_emulator.AccessKeyId, "not-the-secret"));
        var request = new AssumeRoleRequest { RoleArn = RoleArn, RoleSessionName = "deploy" };

        var assumed = (await signed.AssumeRoleAsync(request)).Credentials;
        var refused = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() => forged.AssumeRoleAsync(request));

        Assert.Equal("InvalidSignature", refused.ErrorCode);
        Assert.Equal(("AssumeRole", RoleArn, "deploy", assumed.AccessKeyId), Session(0));
        (await ListUserPoolsAsync(new SessionAWSCredentials(assumed.AccessKeyId, assumed.SecretAccessKey, assumed.SessionToken))).AssertOk();
    }

    [Fact]
    public async Task The_SSO_portal_wants_a_bearer_token_and_answers_role_credentials_the_emulator_accepts()
    {
        using var http = new HttpClient();
        var url = new Uri(_emulator.ServiceUrl, "federation/credentials?account_id=123456789012&role_name=Deploy");

        using var anonymous = await http.GetAsync(url);
        using var request = new HttpRequestMessage(HttpMethod.Get, url) { Headers = { { "x-amz-sso_bearer_token", "cached-access-token" } } };
        using var answered = await http.SendAsync(request);
        using var json = System.Text.Json.JsonDocument.Parse(await answered.Content.ReadAsStringAsync());
        var role = json.RootElement.GetProperty("roleCredentials");

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        Assert.True(role.GetProperty("expiration").GetInt64() > DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        (await ListUserPoolsAsync(new SessionAWSCredentials(role.GetProperty("accessKeyId").GetString(), role.GetProperty("secretAccessKey").GetString(), role.GetProperty("sessionToken").GetString()))).AssertOk();
        Assert.Equal(("GetRoleCredentials", "arn:aws:iam::123456789012:role/Deploy"), (Session(0).Item1, Session(0).Item2));
    }

    private (string, string, string, string) Session(int index)
    {
        var s = _emulator.RoleSessions[index];
        return (s.Action, s.RoleArn, s.RoleSessionName, s.AccessKeyId);
    }

    private async Task<Credentials> WebIdentityAsync(string token)
    {
        using var sts = Sts(new AnonymousAWSCredentials());
        var answer = await sts.AssumeRoleWithWebIdentityAsync(new AssumeRoleWithWebIdentityRequest
        {
            RoleArn = RoleArn,
            RoleSessionName = $"session-{_emulator.RoleSessions.Count + 1}",
            WebIdentityToken = token,
        });
        return answer.Credentials;
    }

    private AmazonSecurityTokenServiceClient Sts(AWSCredentials credentials) =>
        new(credentials, new AmazonSecurityTokenServiceConfig { ServiceURL = _emulator.ServiceUrl.ToString(), AuthenticationRegion = "us-east-1", MaxErrorRetry = 0 });

    private Task<EmulatorReply> ListUserPoolsAsync(AWSCredentials credentials) =>
        (EmulatorCall.For(_emulator, "ListUserPools", """{"MaxResults":1}""") with { Credentials = credentials }).SendAsync();
}
