using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Amazon.Runtime;
using Amazon.Runtime.Signing;
using ResourceServers.Wire;

namespace ResourceServers;

/// <summary>
/// The wire port over HTTP: each operation is one signed <c>POST /</c> in the AWS JSON 1.1 protocol, as the AWS CLI
/// sends it. Thread-safe; share one instance.
/// </summary>
/// <remarks>
/// <para>
/// No retries happen here: every call is exactly one HTTP request, signed afresh, so a resilience layer above it
/// can retry with a fresh signature. Service errors become <see cref="CognitoServiceException"/> (or a subtype);
/// a 2xx with a body that is not the expected JSON becomes one with code <c>MalformedResponse</c>. Network
/// failures (<see cref="HttpRequestException"/>, <see cref="IOException"/>) and cancellation propagate unchanged.
/// </para>
/// <para>
/// The <see cref="HttpClient"/> is not owned: the caller (or <c>IHttpClientFactory</c>) disposes it. It should not
/// follow redirects, since a redirected request is not re-signed.
/// </para>
/// <para>Each response carries its <c>x-amzn-RequestId</c> back in <see cref="CognitoResponse.RequestId"/>.</para>
/// </remarks>
internal sealed class CognitoHttpTransport : ICognitoResourceServerApi
{
    internal const string SigningServiceName = "cognito-idp";
    internal const string JsonContentType = "application/x-amz-json-1.1";
    internal const string TargetPrefix = "AWSCognitoIdentityProviderService.";
    internal const string TargetHeader = "X-Amz-Target";

    // Whole header values, so no call builds the string again.
    private const string CreateTarget = TargetPrefix + nameof(CognitoOperation.CreateResourceServer);
    private const string DescribeTarget = TargetPrefix + nameof(CognitoOperation.DescribeResourceServer);
    private const string ListTarget = TargetPrefix + nameof(CognitoOperation.ListResourceServers);
    private const string UpdateTarget = TargetPrefix + nameof(CognitoOperation.UpdateResourceServer);
    private const string DeleteTarget = TargetPrefix + nameof(CognitoOperation.DeleteResourceServer);

    // Bounds a credential chain stuck on an unreachable instance-metadata endpoint (the SDK's own default is 35 s).
    private static readonly TimeSpan CredentialResolutionTimeout = TimeSpan.FromSeconds(35);

    private static readonly CognitoJsonContext Json = CognitoJsonContext.Default;

    private readonly Func<HttpClient> _httpClient;
    private readonly TimeProvider _timeProvider;
    private readonly Func<CancellationToken, Task<AWSCredentials>> _resolveCredentials;
    private Lazy<Task<AWSCredentials>> _credentials;

    /// <summary>Creates the transport for the settings of <paramref name="options"/> (no <c>AWSOptions</c>).</summary>
    /// <param name="httpClient">The client requests are sent with; not disposed by the transport.</param>
    /// <param name="options">Region, endpoint and credentials. Read once, here; later changes are not seen.</param>
    /// <param name="timeProvider">The clock requests are signed with; <see cref="TimeProvider.System"/> when null.</param>
    public CognitoHttpTransport(HttpClient httpClient, ResourceServerClientOptions options, TimeProvider? timeProvider = null)
        : this(Fixed(httpClient), CognitoConnection.Resolve(options, aws: null), timeProvider)
    {
    }

    /// <summary>Creates the transport; <paramref name="httpClientSource"/> is asked for a client per request, so <c>IHttpClientFactory</c> can rotate handlers.</summary>
    public CognitoHttpTransport(Func<HttpClient> httpClientSource, CognitoConnection connection, TimeProvider? timeProvider)
        : this(httpClientSource, connection.Endpoint, connection.ResolveCredentialsAsync, timeProvider)
    {
    }

    public CognitoHttpTransport(HttpClient httpClient, CognitoEndpoint endpoint, Func<CancellationToken, Task<AWSCredentials>> resolveCredentials, TimeProvider? timeProvider)
        : this(Fixed(httpClient), endpoint, resolveCredentials, timeProvider)
    {
    }

    private CognitoHttpTransport(Func<HttpClient> httpClientSource, CognitoEndpoint endpoint, Func<CancellationToken, Task<AWSCredentials>> resolveCredentials, TimeProvider? timeProvider)
    {
        ArgumentNullException.ThrowIfNull(httpClientSource);
        ArgumentNullException.ThrowIfNull(endpoint);
        _httpClient = httpClientSource;
        Endpoint = endpoint;
        _resolveCredentials = resolveCredentials;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _credentials = NewCredentialsLazy();
    }

    /// <summary>Where requests go and the region they are signed for.</summary>
    public CognitoEndpoint Endpoint { get; }

    /// <inheritdoc />
    public Task<CreateResourceServerResponse> CreateResourceServerAsync(CreateResourceServerRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return InvokeAsync(
            CreateTarget,
            JsonSerializer.SerializeToUtf8Bytes(request, Json.CreateResourceServerRequest),
            Json.CreateResourceServerResponse,
            static r => IsComplete(r.ResourceServer),
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<DescribeResourceServerResponse> DescribeResourceServerAsync(DescribeResourceServerRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return InvokeAsync(
            DescribeTarget,
            JsonSerializer.SerializeToUtf8Bytes(request, Json.DescribeResourceServerRequest),
            Json.DescribeResourceServerResponse,
            static r => IsComplete(r.ResourceServer),
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<ListResourceServersResponse> ListResourceServersAsync(ListResourceServersRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return InvokeAsync(
            ListTarget,
            JsonSerializer.SerializeToUtf8Bytes(request, Json.ListResourceServersRequest),
            Json.ListResourceServersResponse,
            static r => IsComplete(r.ResourceServers),
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<UpdateResourceServerResponse> UpdateResourceServerAsync(UpdateResourceServerRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return InvokeAsync(
            UpdateTarget,
            JsonSerializer.SerializeToUtf8Bytes(request, Json.UpdateResourceServerRequest),
            Json.UpdateResourceServerResponse,
            static r => IsComplete(r.ResourceServer),
            cancellationToken);
    }

    /// <inheritdoc />
    public async Task<DeleteResourceServerResponse> DeleteResourceServerAsync(DeleteResourceServerRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = JsonSerializer.SerializeToUtf8Bytes(request, Json.DeleteResourceServerRequest);

        // The service answers an empty body or {}; nothing in it is needed but the request id.
        using var response = await SendAsync(DeleteTarget, body, cancellationToken).ConfigureAwait(false);
        return new DeleteResourceServerResponse { RequestId = CognitoResponseReader.RequestId(response) };
    }

    // The model marks nothing inside ResourceServerType as required, but a null item or a scope without its two
    // required members cannot become a model: such a body is malformed, not a NullReferenceException further up.
    // Plain loops: this runs on every response, and a LINQ check would allocate on each.
    private static bool IsComplete(ResourceServerType? server)
    {
        if (server is null)
        {
            return false;
        }

        if (server.Scopes is { } scopes)
        {
            for (var i = 0; i < scopes.Count; i++)
            {
                if (scopes[i] is not { ScopeName: not null, ScopeDescription: not null })
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static bool IsComplete(IReadOnlyList<ResourceServerType>? servers)
    {
        if (servers is null)
        {
            return false;
        }

        for (var i = 0; i < servers.Count; i++)
        {
            if (!IsComplete(servers[i]))
            {
                return false;
            }
        }

        return true;
    }

    private async Task<TResponse> InvokeAsync<TResponse>(string target, byte[] body, JsonTypeInfo<TResponse> responseType, Func<TResponse, bool> isComplete, CancellationToken cancellationToken)
        where TResponse : CognitoResponse
    {
        using var response = await SendAsync(target, body, cancellationToken).ConfigureAwait(false);
        var result = await CognitoResponseReader.ReadSuccessAsync(response, responseType, isComplete, cancellationToken).ConfigureAwait(false);
        return result with { RequestId = CognitoResponseReader.RequestId(response) };
    }

    /// <summary>Signs and sends one request; returns the response when it is 2xx, else throws the service error.</summary>
    /// <remarks>The private steps return <see cref="ValueTask{TResult}"/>: they usually complete synchronously
    /// (credentials resolved, in particular), and then allocate no task per call.</remarks>
    private async ValueTask<HttpResponseMessage> SendAsync(string target, byte[] body, CancellationToken cancellationToken)
    {
        using var request = await CreateSignedRequestAsync(target, body, cancellationToken).ConfigureAwait(false);
        var response = await _httpClient().SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            throw await CognitoResponseReader.ReadErrorAsync(response, cancellationToken).ConfigureAwait(false);
        }
    }

    private async ValueTask<HttpRequestMessage> CreateSignedRequestAsync(string target, byte[] body, CancellationToken cancellationToken)
    {
        var credentials = await GetCredentialsAsync(cancellationToken).ConfigureAwait(false);

        var signingRequest = new AWSSigningRequest
        {
            HttpMethod = HttpMethod.Post,
            RequestUri = Endpoint.ServiceUrl,
            Content = body,
        };

        // Signed exactly as they go on the wire, so the service's canonical request matches ours.
        signingRequest.Headers["Content-Type"] = JsonContentType;
        signingRequest.Headers[TargetHeader] = target;

        var signing = await AWSSigV4Signer.SignAsync(
            signingRequest,
            new AWSSigV4Parameters
            {
                Credentials = credentials,
                Region = Endpoint.Region,
                Service = SigningServiceName,
                SignPayload = true,
                SignedAt = _timeProvider.GetUtcNow().UtcDateTime,
            },
            cancellationToken).ConfigureAwait(false);

        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(JsonContentType);
        var request = new HttpRequestMessage(HttpMethod.Post, Endpoint.ServiceUrl) { Content = content };
        try
        {
            request.Headers.TryAddWithoutValidation(TargetHeader, target);

            // Every header the signer returns is covered by (or is) the signature; dropping one fails the request.
            foreach (var (name, value) in signing.Headers)
            {
                request.Headers.Remove(name);
                if (!request.Headers.TryAddWithoutValidation(name, value))
                {
                    content.Headers.Remove(name);
                    content.Headers.TryAddWithoutValidation(name, value);
                }
            }

            return request;
        }
        catch
        {
            request.Dispose();
            throw;
        }
    }

    private async ValueTask<AWSCredentials> GetCredentialsAsync(CancellationToken cancellationToken)
    {
        var current = Volatile.Read(ref _credentials);
        var task = current.Value;
        try
        {
            return await task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch when (task.IsFaulted || task.IsCanceled)
        {
            // A failed resolution (no credentials yet, metadata endpoint down) is not cached: the next call tries again.
            Interlocked.CompareExchange(ref _credentials, NewCredentialsLazy(), current);
            throw;
        }
    }

    private Lazy<Task<AWSCredentials>> NewCredentialsLazy() =>
        new(ResolveCredentialsOnceAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    private async Task<AWSCredentials> ResolveCredentialsOnceAsync()
    {
        // Shared by concurrent callers, so no single caller's token may cancel it; bounded instead.
        using var timeout = new CancellationTokenSource(CredentialResolutionTimeout, _timeProvider);
        return await _resolveCredentials(timeout.Token).ConfigureAwait(false);
    }

    private static Func<HttpClient> Fixed(HttpClient httpClient)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        return () => httpClient;
    }
}
