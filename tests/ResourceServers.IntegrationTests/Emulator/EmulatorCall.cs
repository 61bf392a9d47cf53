using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;
using ResourceServers.Testing;

namespace ResourceServers.IntegrationTests.Emulator;

/// <summary>
/// Sends one awsJson1_1 request to an emulator, signed by AWSSDK.Core's SigV4 signer: a signer written by others,
/// so the emulator's verifier is checked against an independent implementation rather than against itself.
/// </summary>
internal sealed record EmulatorCall
{
    private static readonly HttpClient Http = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromSeconds(1) });

    public required Uri ServiceUrl { get; init; }

    public required string Operation { get; init; }

    public string Body { get; init; } = "{}";

    public required AWSCredentials Credentials { get; init; }

    public string Region { get; init; } = "us-east-1";

    public string Service { get; init; } = CognitoEmulator.SigningServiceName;

    public DateTimeOffset? SignedAt { get; init; }

    /// <summary>Changes the request after it was signed (tampering, removing headers).</summary>
    public Action<HttpRequestMessage>? AfterSigning { get; init; }

    public bool Sign { get; init; } = true;

    /// <summary>The X-Amz-Target value; null derives it from <see cref="Operation"/>. Signed like any other header.</summary>
    public string? Target { get; init; }

    /// <summary>Sends no X-Amz-Target at all.</summary>
    public bool OmitTarget { get; init; }

    public HttpMethod Method { get; init; } = HttpMethod.Post;

    public static EmulatorCall For(CognitoEmulator emulator, string operation, string body = "{}") => new()
    {
        ServiceUrl = emulator.ServiceUrl,
        Operation = operation,
        Body = body,
        Credentials = emulator.Credentials,
        Region = emulator.Region,
    };

    public async Task<EmulatorReply> SendAsync()
    {
        var bytes = Encoding.UTF8.GetBytes(Body);
        using var request = new HttpRequestMessage(Method, ServiceUrl);
        request.Content = new ByteArrayContent(bytes);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-amz-json-1.1");
        var target = Target ?? $"AWSCognitoIdentityProviderService.{Operation}";
        if (!OmitTarget)
        {
            request.Headers.Add("X-Amz-Target", target);
        }

        if (Sign)
        {
            var signingRequest = new AWSSigningRequest
            {
                HttpMethod = Method,
                RequestUri = ServiceUrl,
                Content = bytes,
            };
            signingRequest.Headers["Content-Type"] = "application/x-amz-json-1.1";
            if (!OmitTarget)
            {
                signingRequest.Headers["X-Amz-Target"] = target;
            }
            var result = await AWSSigV4Signer.SignAsync(signingRequest, new AWSSigV4Parameters
            {
                Credentials = Credentials,
                Region = RegionEndpoint.GetBySystemName(Region),
                Service = Service,
                SignedAt = SignedAt?.UtcDateTime,
            });
            foreach (var (name, value) in result.Headers)
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }
        }

        AfterSigning?.Invoke(request);
        using var response = await Http.SendAsync(request);
        return new EmulatorReply(
            response.StatusCode,
            response.Content.Headers.ContentType?.ToString(),
            response.Headers.TryGetValues("x-amzn-RequestId", out var ids) ? ids.Single() : null,
            response.Headers.TryGetValues("X-Amzn-ErrorType", out var types) ? types.Single() : null,
            await response.Content.ReadAsStringAsync());
    }
}

/// <summary>What came back.</summary>
internal sealed record EmulatorReply(HttpStatusCode StatusCode, string? ContentType, string? RequestId, string? ErrorTypeHeader, string Body)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    /// <summary>Asserts the response is an error in the service's format, exactly, and returns its message.</summary>
    public string AssertError(HttpStatusCode status, string code)
    {
        Assert.Equal(status, StatusCode);
        Assert.Equal("application/x-amz-json-1.1", ContentType);
        Assert.Equal(code, ErrorTypeHeader);
        Assert.True(Guid.TryParse(RequestId, out _), $"x-amzn-RequestId '{RequestId}' is not a GUID");
        var members = Json.EnumerateObject().Select(p => p.Name).ToList();
        Assert.Equal(["__type", "message"], members);
        Assert.Equal(code, Json.GetProperty("__type").GetString());
        var message = Json.GetProperty("message").GetString();
        Assert.False(string.IsNullOrEmpty(message));
        Assert.DoesNotContain("   at ", message, StringComparison.Ordinal);
        return message!;
    }

    public void AssertOk()
    {
        Assert.True(StatusCode == HttpStatusCode.OK, $"Expected 200, got {(int)StatusCode}: {Body}");
        Assert.Equal("application/x-amz-json-1.1", ContentType);
        Assert.True(Guid.TryParse(RequestId, out _), $"x-amzn-RequestId '{RequestId}' is not a GUID");
        Assert.Null(ErrorTypeHeader);
    }
}
