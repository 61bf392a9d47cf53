using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;
using ResourceServers.Wire;

namespace ResourceServers.Benchmarks;

/// <summary>
/// The baseline: the same signed AWS JSON 1.1 requests built by hand, as a careful user would write them without the
/// library — serialize with one System.Text.Json call, sign with the SDK's <see cref="AWSSigV4Signer"/> (same
/// credentials, region and service), set the same headers, send through a bare <see cref="HttpClient"/>, deserialize.
/// No validation, no resilience, no mapping to models: whatever the facade costs beyond this is its overhead.
/// </summary>
internal sealed class OverheadRawClient
{
    private const string ContentType = "application/x-amz-json-1.1";
    private const string DescribeTarget = "AWSCognitoIdentityProviderService.DescribeResourceServer";
    private const string UpdateTarget = "AWSCognitoIdentityProviderService.UpdateResourceServer";
    private const string ListTarget = "AWSCognitoIdentityProviderService.ListResourceServers";

    private static readonly OverheadRawJsonContext Json = OverheadRawJsonContext.Default;

    private readonly HttpClient _httpClient;
    private readonly Uri _serviceUrl;
    private readonly RegionEndpoint _region;
    private readonly AWSCredentials _credentials;

    public OverheadRawClient(HttpClient httpClient, Uri serviceUrl, RegionEndpoint region, AWSCredentials credentials)
    {
        _httpClient = httpClient;
        _serviceUrl = serviceUrl;
        _region = region;
        _credentials = credentials;
    }

    public Task<DescribeResourceServerResponse> DescribeAsync(DescribeResourceServerRequest request, CancellationToken cancellationToken = default) =>
        CallAsync(DescribeTarget, JsonSerializer.SerializeToUtf8Bytes(request, Json.DescribeResourceServerRequest), Json.DescribeResourceServerResponse, cancellationToken);

    public Task<UpdateResourceServerResponse> UpdateAsync(UpdateResourceServerRequest request, CancellationToken cancellationToken = default) =>
        CallAsync(UpdateTarget, JsonSerializer.SerializeToUtf8Bytes(request, Json.UpdateResourceServerRequest), Json.UpdateResourceServerResponse, cancellationToken);

    public Task<ListResourceServersResponse> ListAsync(ListResourceServersRequest request, CancellationToken cancellationToken = default) =>
        CallAsync(ListTarget, JsonSerializer.SerializeToUtf8Bytes(request, Json.ListResourceServersRequest), Json.ListResourceServersResponse, cancellationToken);

    /// <summary>A hand-written patch: read, add the scope when missing, write the whole state back.</summary>
    public async Task<UpdateResourceServerResponse> AddScopeAsync(string userPoolId, string identifier, ResourceServerScopeType scope, CancellationToken cancellationToken = default)
    {
        var current = (await DescribeAsync(new DescribeResourceServerRequest { UserPoolId = userPoolId, Identifier = identifier }, cancellationToken)).ResourceServer;
        var scopes = new List<ResourceServerScopeType>(current.Scopes ?? []);
        if (!scopes.Exists(s => string.Equals(s.ScopeName, scope.ScopeName, StringComparison.Ordinal)))
        {
            scopes.Add(scope);
        }

        return await UpdateAsync(
            new UpdateResourceServerRequest { UserPoolId = userPoolId, Identifier = identifier, Name = current.Name ?? string.Empty, Scopes = scopes },
            cancellationToken);
    }

    private async Task<TResponse> CallAsync<TResponse>(string target, byte[] body, JsonTypeInfo<TResponse> responseType, CancellationToken cancellationToken)
    {
        var signingRequest = new AWSSigningRequest { HttpMethod = HttpMethod.Post, RequestUri = _serviceUrl, Content = body };
        signingRequest.Headers["Content-Type"] = ContentType;
        signingRequest.Headers["X-Amz-Target"] = target;
        var signing = await AWSSigV4Signer.SignAsync(
            signingRequest,
            new AWSSigV4Parameters
            {
                Credentials = _credentials,
                Region = _region,
                Service = "cognito-idp",
                SignPayload = true,
                SignedAt = TimeProvider.System.GetUtcNow().UtcDateTime,
            },
            cancellationToken);

        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(ContentType);
        using var request = new HttpRequestMessage(HttpMethod.Post, _serviceUrl) { Content = content };
        request.Headers.TryAddWithoutValidation("X-Amz-Target", target);
        foreach (var (name, value) in signing.Headers)
        {
            if (!request.Headers.TryAddWithoutValidation(name, value))
            {
                content.Headers.TryAddWithoutValidation(name, value);
            }
        }

        // Headers-read, as the transport does: the canned body is then read straight from the handler's buffer.
        using var response = await _httpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        response.EnsureSuccessStatusCode();
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        await using (stream)
        {
            return await JsonSerializer.DeserializeAsync(stream, responseType, cancellationToken)
                ?? throw new InvalidOperationException($"{target} answered null.");
        }
    }
}
