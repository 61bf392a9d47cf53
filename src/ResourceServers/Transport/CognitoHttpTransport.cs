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
/// No retries here, so the resilience layer above retries with a fresh signature; the one resend is the AWS SDKs'
/// clock-skew correction. Every answer is checked before use, and a redirect is never followed with signed headers:
/// docs/trusting-the-wire.md.
/// </remarks>
internal sealed class CognitoHttpTransport : ICognitoResourceServerApi
{
    internal const string SigningServiceName = "cognito-idp";
    internal const string JsonContentType = "application/x-amz-json-1.1";
    internal const string TargetHeader = "X-Amz-Target";

    // Bounds a credential chain stuck on an unreachable instance-metadata endpoint (the SDK's own default is 35 s).
    private static readonly TimeSpan CredentialResolutionTimeout = TimeSpan.FromSeconds(35);

    /// <summary>How far a response's <c>Date</c> may be from the local clock before a skew error corrects the clock offset.</summary>
    internal static readonly TimeSpan ClockSkewTolerance = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The largest clock offset a service's <c>Date</c> may set, either way: a day covers a clock set to local time
    /// as if it were UTC (at most 14 hours) and a machine resumed after hours; a clock further off is broken, and a
    /// <c>Date</c> further off (the year 9999) is not believed.
    /// </summary>
    internal static readonly TimeSpan MaxClockCorrection = TimeSpan.FromDays(1);

    private readonly Func<HttpClient> _httpClient;
    private readonly TimeProvider _timeProvider;
    private readonly Func<CancellationToken, Task<AWSCredentials>> _resolveCredentials;
    private readonly long _maxResponseBodyBytes;
    private Lazy<Task<AWSCredentials>> _credentials;

    // Added to the local clock when signing: what the service's Date said the last time a signature was refused for its time.
    private long _clockOffsetTicks;

    /// <summary>Creates the transport; <paramref name="httpClientSource"/> is asked for a client per request, so <c>IHttpClientFactory</c> can rotate handlers.</summary>
    /// <param name="httpClientSource">Gives the client each request is sent with; the clients are not disposed by the transport.</param>
    /// <param name="endpoint">Where requests go and the region they are signed for.</param>
    /// <param name="resolveCredentials">Finds the credentials when first needed (<see cref="CognitoConnection.ResolveCredentialsAsync"/>); asked again only after a failure.</param>
    /// <param name="timeProvider">The clock requests are signed with; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="maxResponseBodyBytes">The longest response body read (<see cref="ResourceServerClientOptions.MaxResponseBodyBytes"/>).</param>
    public CognitoHttpTransport(Func<HttpClient> httpClientSource, CognitoEndpoint endpoint, Func<CancellationToken, Task<AWSCredentials>> resolveCredentials, TimeProvider? timeProvider, long maxResponseBodyBytes)
    {
        ArgumentNullException.ThrowIfNull(httpClientSource);
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(resolveCredentials);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxResponseBodyBytes, ResourceServerClientOptions.MinMaxResponseBodyBytes);
        _maxResponseBodyBytes = maxResponseBodyBytes;
        _httpClient = httpClientSource;
        Endpoint = endpoint;
        _resolveCredentials = resolveCredentials;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _credentials = NewCredentialsLazy();
    }

    /// <summary>Where requests go and the region they are signed for.</summary>
    public CognitoEndpoint Endpoint { get; }

    /// <summary>What is added to the local clock when signing; zero until the service's <c>Date</c> has corrected it.</summary>
    internal TimeSpan ClockOffset => TimeSpan.FromTicks(Interlocked.Read(ref _clockOffsetTicks));

    /// <inheritdoc />
    public async Task<TResponse> SendAsync<TRequest, TResponse>(CognitoOperation<TRequest, TResponse> operation, TRequest request, CancellationToken cancellationToken = default)
        where TRequest : class
        where TResponse : CognitoResponse
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(request);
        var body = JsonSerializer.SerializeToUtf8Bytes(request, operation.TypedRequestJson);
        using var response = await SendSignedAsync(operation, body, cancellationToken).ConfigureAwait(false);
        if (operation.AnswersEmpty)
        {
            // Only an empty body or {} says it was done; a proxy's page, an error or another operation's answer does not.
            await CognitoResponseReader.ReadEmptyAsync(response, operation.Name, cancellationToken).ConfigureAwait(false);
            var empty = operation.TypedResponseJson.CreateObject?.Invoke() ?? throw new InvalidOperationException($"{typeof(TResponse).Name} has no parameterless constructor.");
            return empty with { RequestId = CognitoResponseReader.RequestId(response) };
        }

        var result = await CognitoResponseReader.ReadSuccessAsync(response, CognitoResponseJson.For<TResponse>(), _maxResponseBodyBytes, cancellationToken).ConfigureAwait(false);
        if (result.ErrorType is { } errorType)
        {
            throw CognitoResponseReader.ErrorUnderSuccess(response, typeof(TResponse).Name, errorType);
        }

        if (operation.AnswerProblem(result, request) is { } found)
        {
            throw CognitoResponseReader.Unusable<TResponse>(response, found);
        }

        return result with { RequestId = CognitoResponseReader.RequestId(response) };
    }

    /// <summary>Signs and sends one request; returns the response when it is 2xx, else throws the service error.</summary>
    /// <remarks>The private steps return <see cref="ValueTask{TResult}"/>: they usually complete synchronously
    /// (credentials resolved, in particular), and then allocate no task per call.</remarks>
    private async ValueTask<HttpResponseMessage> SendSignedAsync(CognitoOperation operation, byte[] body, CancellationToken cancellationToken)
    {
        // Stryker disable once Update : equivalent: counting down also leaves every send after the first unequal to 1.
        for (var send = 1; ; send++)
        {
            var (credentials, signed) = await SignAsync(operation.Target, body, cancellationToken).ConfigureAwait(false);
            using var request = signed;
            var response = await _httpClient().SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            await ScrubRequestIdAsync(response, request, credentials).ConfigureAwait(false);
            if (RedirectProblem(response) is { } redirect)
            {
                using (response)
                {
                    throw CognitoServiceException.FromErrorCode(CognitoErrorCodes.MalformedResponse, redirect, response.StatusCode, CognitoResponseReader.RequestId(response));
                }
            }

            if (response.IsSuccessStatusCode)
            {
                if (CognitoResponseReader.ErrorTypeHeaderOf(response) is { } errorType)
                {
                    using (response)
                    {
                        throw CognitoResponseReader.ErrorUnderSuccess(response, operation.Name + " answer", errorType);
                    }
                }

                ForgetClockOffsetWhenAgreeing(response.Headers.Date);
                return response;
            }

            using (response)
            {
                var secrets = await SecretsOfAsync(request, credentials).ConfigureAwait(false);
                var error = await CognitoResponseReader.ReadErrorAsync(response, secrets, cancellationToken).ConfigureAwait(false);

                // Once per call, as the AWS SDKs do: a second refusal with the corrected clock is the answer.
                if (send == 1 && FailureClassification.IsClockSkew(error) && TryCorrectClock(response.Headers.Date))
                {
                    continue;
                }

                throw error;
            }
        }
    }

    /// <summary>Resolves the credentials (refreshing them if they expire) and signs; a failure to get them is the call's answer, with nothing sent.</summary>
    private async ValueTask<(AWSCredentials Credentials, HttpRequestMessage Request)> SignAsync(string target, byte[] body, CancellationToken cancellationToken)
    {
        try
        {
            var credentials = await GetCredentialsAsync(cancellationToken).ConfigureAwait(false);
            return (credentials, await CreateSignedRequestAsync(target, body, credentials, cancellationToken).ConfigureAwait(false));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw CognitoServiceException.NoAnswer(
                CognitoErrorCodes.CredentialsUnavailable,
                $"No AWS credentials could be resolved for Cognito at {Endpoint.ServiceUrl.Authority}: {e.Message.TrimEnd()}",
                isRetryable: false,
                e);
        }
    }

    /// <summary>
    /// The request id is the one string a success answer hands to logs and spans unchecked, so the server could echo a
    /// secret in it: any id that is not the UUID AWS sends is scrubbed of this request's secrets, in place, before
    /// anything reads it. (A UUID cannot hold one: only hex digits and dashes, 36 characters.)
    /// </summary>
    private static async ValueTask ScrubRequestIdAsync(HttpResponseMessage response, HttpRequestMessage request, AWSCredentials credentials)
    {
        // The raw value: redacted before it is capped, so no cut can leave part of a secret behind.
        if (CognitoResponseReader.RawRequestId(response) is not { } id || IsUuid(id))
        {
            return;
        }

        var secrets = await SecretsOfAsync(request, credentials).ConfigureAwait(false);
        response.Headers.Remove(CognitoResponseReader.RequestIdHeader);
        response.Headers.TryAddWithoutValidation(CognitoResponseReader.RequestIdHeader, secrets.Redact(id));
    }

    // Stryker disable once Equality,String : equivalent: each sends UUIDs through the scrubber too, which finds no secret in them.
    private static bool IsUuid(string value) =>
        value.Length == 36 && Guid.TryParseExact(value, "D", out _);

    /// <summary>Why <paramref name="response"/> is a redirect rather than the service's answer, or null.</summary>
    private string? RedirectProblem(HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        if (status is >= 300 and <= 399)
        {
            // Only the target's scheme and authority: a path or query could carry anything the server put there.
            var location = response.Headers.Location is { IsAbsoluteUri: true } to ? $" to {to.Scheme}://{to.Authority}" : string.Empty;
            return $"HTTP {status} redirected the request{location}; a signed request is never followed to another address, so nothing was done. Check the service URL ({Endpoint.ServiceUrl}) and any proxy in between.";
        }

        // The request was sent to the endpoint's own Uri instance; a handler that followed a redirect put another one
        // there. Comparing references first spares every ordinary answer Uri's costly equality.
        var final = response.RequestMessage?.RequestUri;
        if (final is not null && !ReferenceEquals(final, Endpoint.ServiceUrl) && final != Endpoint.ServiceUrl)
        {
            return $"The HttpClient's handler followed a redirect to {final.Scheme}://{final.Authority}, so that host received the signed headers, the session token among them, and possibly the body; its answer is not used. Give the client an HttpClient whose handler has AllowAutoRedirect = false (or none: the library's own follows no redirect), and check the service URL ({Endpoint.ServiceUrl}).";
        }

        return null;
    }

    /// <summary>
    /// Sets the clock offset from the service's <c>Date</c> when the offset in force is off from it by more than the
    /// tolerance; false when it is not, or when the <c>Date</c> is more than <see cref="MaxClockCorrection"/> from the
    /// local clock (the error then stands). A <c>Date</c> within the tolerance of the local clock sets the offset back to zero.
    /// </summary>
    private bool TryCorrectClock(DateTimeOffset? serverDate)
    {
        if (serverDate is not { } date)
        {
            return false;
        }

        // Two in-range instants differ by at most 10,000 years, far inside TimeSpan's range: no overflow here.
        var offset = date - _timeProvider.GetUtcNow();
        if (offset.Duration() > MaxClockCorrection || (offset - ClockOffset).Duration() <= ClockSkewTolerance)
        {
            return false;
        }

        Interlocked.Exchange(ref _clockOffsetTicks, offset.Duration() <= ClockSkewTolerance ? 0 : offset.Ticks);
        return true;
    }

    /// <summary>A corrected client recovers: an answer whose <c>Date</c> agrees with the local clock again sets the offset back to zero.</summary>
    private void ForgetClockOffsetWhenAgreeing(DateTimeOffset? serverDate)
    {
        // Most clients never correct: one read, and the Date header is not even parsed.
        if (Interlocked.Read(ref _clockOffsetTicks) != 0
            && serverDate is { } date
            && (date - _timeProvider.GetUtcNow()).Duration() <= ClockSkewTolerance)
        {
            Interlocked.Exchange(ref _clockOffsetTicks, 0);
        }
    }

    /// <summary>The local clock plus the offset; the local clock alone where the sum would leave the calendar (a clock near year 1 or 9999).</summary>
    private DateTime SigningTime()
    {
        var now = _timeProvider.GetUtcNow().UtcDateTime;
        var offset = Interlocked.Read(ref _clockOffsetTicks);
        return offset > DateTime.MaxValue.Ticks - now.Ticks || offset < DateTime.MinValue.Ticks - now.Ticks
            ? now
            : now.AddTicks(offset);
    }

    private static async ValueTask<SignedSecrets> SecretsOfAsync(HttpRequestMessage request, AWSCredentials credentials)
    {
        var immutable = await credentials.GetCredentialsAsync().ConfigureAwait(false);
        return new SignedSecrets(
            // Stryker disable once Linq : equivalent: a header TryGetValues finds has a value.
            request.Headers.TryGetValues("Authorization", out var authorization) ? authorization.FirstOrDefault() : null,
            // Stryker disable once Linq : equivalent: a header TryGetValues finds has a value.
            request.Headers.TryGetValues("X-Amz-Security-Token", out var token) ? token.FirstOrDefault() : immutable?.Token,
            immutable?.SecretKey);
    }

    private async ValueTask<HttpRequestMessage> CreateSignedRequestAsync(string target, byte[] body, AWSCredentials credentials, CancellationToken cancellationToken)
    {

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
                SignedAt = SigningTime(),
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
}
