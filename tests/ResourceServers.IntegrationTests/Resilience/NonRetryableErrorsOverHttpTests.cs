using System.Net;
using System.Text;
using Amazon.Runtime;
using ResourceServers.Testing;
using ResourceServers.Wire;

namespace ResourceServers.IntegrationTests.Resilience;

/// <summary>Errors a repeat cannot fix surface after exactly one request, however the pipeline is configured to retry.</summary>
public class NonRetryableErrorsOverHttpTests : IAsyncLifetime
{
    private HttpResilienceHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await HttpResilienceHarness.StartAsync();

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task Invalid_parameter_from_the_service_surfaces_after_one_request()
    {
        // Passes the client's own validation; only the service knows the identifier is taken.
        var duplicate = _harness.Existing with { Name = "other" };

        var error = await AssertCognito.ThrowsAsync(CognitoErrorCodes.InvalidParameter, () => _harness.Client.CreateAsync(duplicate));

        Assert.Contains("already exists", error.ServiceMessage, StringComparison.Ordinal);
        Assert.Equal(1, _harness.Statistics.TotalReceived);
        Assert.Equal(1, _harness.Requests.Count);
    }

    [Fact]
    public async Task Resource_not_found_surfaces_after_one_request()
    {
        await Assert.ThrowsAsync<ResourceServerNotFoundException>(() => _harness.Client.GetAsync(_harness.UserPoolId, "https://missing.example.com"));
        await Assert.ThrowsAsync<ResourceServerNotFoundException>(() =>
            _harness.Client.UpdateAsync(new ResourceServer(_harness.UserPoolId, "https://missing.example.com", "missing")));

        Assert.Equal(1, _harness.Statistics.GetReceived(CognitoOperation.DescribeResourceServer));
        Assert.Equal(1, _harness.Statistics.GetReceived(CognitoOperation.UpdateResourceServer));
        Assert.Equal(2, _harness.Requests.Count);
    }

    [Fact]
    public async Task Limit_exceeded_on_the_26th_create_surfaces_after_one_request()
    {
        // The pool holds one already; fill it to the service's 25.
        for (var i = 1; i < 25; i++)
        {
            await _harness.Cognito.CreateResourceServerAsync(new CreateResourceServerRequest
            {
                UserPoolId = _harness.UserPoolId,
                Identifier = $"https://api{i}.example.com",
                Name = $"api{i}",
            });
        }

        _harness.Statistics.Reset();

        await AssertCognito.ThrowsAsync(CognitoErrorCodes.LimitExceeded, () =>
            _harness.Client.CreateAsync(new ResourceServer(_harness.UserPoolId, "https://api26.example.com", "api26")));

        Assert.Equal(1, _harness.Statistics.TotalReceived);
        Assert.Equal(1, _harness.Requests.Count);
        Assert.Equal(25, await _harness.Client.ListAsync(_harness.UserPoolId).CountAsync());
    }

    [Fact]
    public async Task Not_authorized_surfaces_after_one_request()
    {
        // The emulator has no IAM to deny a call, so the answer is the one the service sends, served at the socket.
        _harness.Requests.Responder = _ => new HttpResponseMessage(HttpStatusCode.BadRequest)
        {
            Headers = { { "x-amzn-RequestId", Guid.NewGuid().ToString() } },
            Content = new StringContent(
                """{"__type":"NotAuthorizedException","message":"User is not authorized to perform: cognito-idp:UpdateResourceServer"}""",
                Encoding.UTF8,
                "application/x-amz-json-1.1"),
        };

        await AssertCognito.ThrowsAsync(CognitoErrorCodes.NotAuthorized, () => _harness.Client.UpdateAsync(_harness.Existing with { Name = "denied" }));

        Assert.Equal(1, _harness.Requests.Count);
    }

    [Theory]
    [InlineData(CognitoEmulatorOptions.DefaultAccessKeyId, "not-the-secret", "InvalidSignatureException")]
    [InlineData("AKIDUNKNOWNEXAMPLE00", CognitoEmulatorOptions.DefaultSecretAccessKey, "UnrecognizedClientException")]
    public async Task Signature_errors_from_wrong_credentials_surface_after_one_request(string accessKey, string secret, string code)
    {
        await using var wrong = await HttpResilienceHarness.StartAsync(credentials: new BasicAWSCredentials(accessKey, secret));

        var error = await Assert.ThrowsAsync<CognitoServiceException>(() =>
            wrong.Client.GetAsync(wrong.UserPoolId, HttpResilienceHarness.ExistingIdentifier));

        Assert.Equal(code, error.ErrorCode);
        Assert.False(error.IsRetryable);
        Assert.Equal(1, wrong.Requests.Count);

        // Refused at the front door: the service behind it never saw the call.
        Assert.Equal(0, wrong.Statistics.TotalReceived);
    }
}
