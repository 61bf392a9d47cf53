using System.Net;
using Amazon.Runtime;
using Microsoft.Extensions.Time.Testing;
using ResourceServers.Testing;

namespace ResourceServers.IntegrationTests.Emulator;

public class CognitoEmulatorSignatureTests : IAsyncLifetime
{
    private const string SignatureMismatch =
        "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));
    private CognitoEmulator _emulator = null!;
    private string _body = null!;

    public async Task InitializeAsync()
    {
        _emulator = await CognitoEmulator.StartAsync(new CognitoEmulatorOptions { TimeProvider = _clock });
        var pool = await _emulator.Cognito.CreateUserPoolAsync("pool");
        _body = $$"""{"UserPoolId":"{{pool.Id}}","MaxResults":5}""";
    }

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    [Fact]
    public async Task Request_signed_by_the_aws_sdk_signer_with_the_emulator_credentials_is_accepted()
    {
        (await Call().SendAsync()).AssertOk();
    }

    [Fact]
    public async Task Wrong_secret_is_an_invalid_signature()
    {
        var reply = await (Call() with { Credentials = new BasicAWSCredentials(_emulator.AccessKeyId, "not-the-secret") }).SendAsync();

        var message = reply.AssertError(HttpStatusCode.Forbidden, "InvalidSignatureException");
        Assert.StartsWith(SignatureMismatch, message, StringComparison.Ordinal);
        Assert.Contains("The Canonical String for this request should have been", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_access_key_is_an_unrecognized_client()
    {
        var reply = await (Call() with { Credentials = new BasicAWSCredentials("AKIDUNKNOWN000000000", CognitoEmulatorOptions.DefaultSecretAccessKey) }).SendAsync();

        Assert.Equal("The security token included in the request is invalid.", reply.AssertError(HttpStatusCode.Forbidden, "UnrecognizedClientException"));
    }

    [Fact]
    public async Task Credential_scoped_to_another_region_is_refused()
    {
        var reply = await (Call() with { Region = "eu-west-1" }).SendAsync();

        Assert.Equal("Credential should be scoped to a valid region, not 'eu-west-1'. ", reply.AssertError(HttpStatusCode.Forbidden, "InvalidSignatureException"));
    }

    [Fact]
    public async Task Credential_scoped_to_another_service_is_refused()
    {
        var reply = await (Call() with { Service = "cognito-identity" }).SendAsync();

        Assert.Equal("Credential should be scoped to correct service: 'cognito-idp'. ", reply.AssertError(HttpStatusCode.Forbidden, "InvalidSignatureException"));
    }

    [Fact]
    public async Task Signature_older_than_15_minutes_by_the_emulator_clock_has_expired()
    {
        var signedAt = _clock.GetUtcNow();
        _clock.Advance(TimeSpan.FromMinutes(15) + TimeSpan.FromSeconds(1));

        var reply = await (Call() with { SignedAt = signedAt }).SendAsync();

        Assert.Equal(
            "Signature expired: 20261126T120000Z is now earlier than 20261126T120001Z (20261126T121501Z - 15 min.)",
            reply.AssertError(HttpStatusCode.BadRequest, "InvalidSignatureException"));
    }

    [Fact]
    public async Task Signature_from_14_minutes_ago_is_still_accepted()
    {
        var signedAt = _clock.GetUtcNow();
        _clock.Advance(TimeSpan.FromMinutes(14));

        (await (Call() with { SignedAt = signedAt }).SendAsync()).AssertOk();
    }

    [Fact]
    public async Task Missing_authorization_is_a_missing_authentication_token()
    {
        var reply = await (Call() with { Sign = false }).SendAsync();

        Assert.Equal("Missing Authentication Token", reply.AssertError(HttpStatusCode.BadRequest, "MissingAuthenticationTokenException"));
    }

    [Fact]
    public async Task Body_changed_after_signing_is_refused_by_the_content_hash()
    {
        var reply = await (Call() with { AfterSigning = ReplaceBody(_body.Replace("5", "6", StringComparison.Ordinal)) }).SendAsync();

        Assert.Equal(
            "The provided 'x-amz-content-sha256' header does not match what was computed.",
            reply.AssertError(HttpStatusCode.BadRequest, "InvalidSignatureException"));
    }

    [Fact]
    public async Task Body_changed_after_signing_without_a_content_hash_header_is_a_signature_mismatch()
    {
        var tamper = ReplaceBody(_body.Replace("5", "6", StringComparison.Ordinal));
        var reply = await (Call() with
        {
            AfterSigning = request =>
            {
                tamper(request);
                request.Headers.Remove("X-Amz-Content-Sha256");
            },
        }).SendAsync();

        Assert.StartsWith(SignatureMismatch, reply.AssertError(HttpStatusCode.Forbidden, "InvalidSignatureException"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Signed_header_changed_after_signing_is_a_signature_mismatch()
    {
        var reply = await (Call() with
        {
            AfterSigning = request =>
            {
                request.Headers.Remove("X-Amz-Target");
                request.Headers.Add("X-Amz-Target", "AWSCognitoIdentityProviderService.DeleteResourceServer");
            },
        }).SendAsync();

        reply.AssertError(HttpStatusCode.Forbidden, "InvalidSignatureException");
    }

    [Fact]
    public async Task Signature_problems_are_answered_before_the_operation_is_looked_at()
    {
        var reply = await (Call() with { Target = "AWSCognitoIdentityProviderService.NoSuchOperation", Sign = false }).SendAsync();

        reply.AssertError(HttpStatusCode.BadRequest, "MissingAuthenticationTokenException");
    }

    private EmulatorCall Call() => EmulatorCall.For(_emulator, "ListResourceServers", _body) with { SignedAt = _clock.GetUtcNow() };

    private static Action<HttpRequestMessage> ReplaceBody(string body) => request =>
    {
        var contentType = request.Content!.Headers.ContentType;
        request.Content = new StringContent(body);
        request.Content.Headers.ContentType = contentType;
    };
}
