using System.Buffers;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using ResourceServers.Wire;

namespace ResourceServers.Testing;

/// <summary>
/// Serves one awsJson1_1 request: reads the body within the size limit, verifies SigV4, routes on
/// <c>X-Amz-Target</c>, and answers in the service's format (errors as <c>__type</c>/<c>message</c> with
/// <c>X-Amzn-ErrorType</c>, a request id on every response, never a stack trace).
/// </summary>
internal sealed partial class EmulatorRequestHandler
{
    public const string TargetPrefix = "AWSCognitoIdentityProviderService.";
    public const string JsonContentType = "application/x-amz-json-1.1";
    public const string RequestIdHeader = "x-amzn-RequestId";
    public const string ErrorTypeHeader = "X-Amzn-ErrorType";

    // The account in the ARNs the emulator makes up: the documentation's example account.
    public const string AccountId = "123456789012";

    // A body far over the limit is not drained for ever: past this, the connection is dropped instead.
    private const long MaxDrainBytes = 64L * 1024 * 1024;

    private static readonly EmulatorJsonContext Json = EmulatorJsonContext.Default;

    private readonly InMemoryCognito _cognito;
    private readonly SigV4Verifier _verifier;
    private readonly long _maxRequestBodyBytes;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly SecurityTokenService? _sts;

    public EmulatorRequestHandler(InMemoryCognito cognito, SigV4Verifier verifier, long maxRequestBodyBytes, ILogger logger, TimeProvider timeProvider, SecurityTokenService? sts = null)
    {
        _sts = sts;
        _timeProvider = timeProvider;
        _cognito = cognito;
        _verifier = verifier;
        _maxRequestBodyBytes = maxRequestBodyBytes;
        _logger = logger;
    }

    /// <summary>The range each request's added round-trip latency is drawn from; zero to zero adds none.</summary>
    public (TimeSpan Min, TimeSpan Max) Latency { get; init; }

    public async Task HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var cancellationToken = context.RequestAborted;
        context.Response.Headers[RequestIdHeader] = Guid.NewGuid().ToString();

        // The emulator's clock, not the web server's: SDKs correct their clock skew from this Date, so a test that sets
        // the emulator's clock ahead sees what a client with a slow clock sees against AWS.
        context.Response.Headers.Date = _timeProvider.GetUtcNow().ToString("r", CultureInfo.InvariantCulture);
        string? operation = null;
        try
        {
            var latency = Latency.Min + ((Latency.Max - Latency.Min) * Random.Shared.NextDouble());
            if (latency > TimeSpan.Zero)
            {
                // Half on the way in, half on the way back: the service counts a call mid-round-trip, as over a network.
                var inbound = latency / 2;
                context.Response.OnStarting(() => Task.Delay(latency - inbound, _timeProvider, CancellationToken.None));
                await Task.Delay(inbound, _timeProvider, cancellationToken).ConfigureAwait(false);
            }

            var body = await ReadBodyAsync(context.Request, cancellationToken).ConfigureAwait(false);
            if (body is null)
            {
                throw new EmulatorProtocolException(HttpStatusCode.RequestEntityTooLarge, "RequestEntityTooLargeException",
                    string.Create(CultureInfo.InvariantCulture, $"The request body is larger than the limit of {_maxRequestBodyBytes} bytes."));
            }

            var (rawPath, rawQuery) = SplitTarget(context);
            var request = new SigV4Request(context.Request.Method, rawPath, rawQuery, CollectHeaders(context.Request.Headers), body);

            // STS's Query protocol (form-encoded) shares the URL, as a test points AWS_ENDPOINT_URL_STS here too.
            if (_sts is not null && SecurityTokenService.IsStsRequest(context.Request))
            {
                var (status, xml) = _sts.Handle(request, context.Response.Headers[RequestIdHeader].ToString());
                await WriteAsync(context.Response, status, "text/xml", Encoding.UTF8.GetBytes(xml), cancellationToken).ConfigureAwait(false);
                return;
            }

            if (_sts is not null && SecurityTokenService.IsSsoRoleCredentialsRequest(context.Request))
            {
                var (status, json) = _sts.HandleSsoRoleCredentials(context.Request);
                await WriteAsync(context.Response, status, "application/json", Encoding.UTF8.GetBytes(json), cancellationToken).ConfigureAwait(false);
                return;
            }

            var failure = _verifier.Verify(request);
            if (failure is not null)
            {
                throw new EmulatorProtocolException(failure.StatusCode, failure.ErrorCode, failure.Message);
            }

            if (!HttpMethods.IsPost(context.Request.Method) || rawPath != "/")
            {
                throw new EmulatorProtocolException(HttpStatusCode.NotFound, "UnknownOperationException",
                    "The emulator serves the awsJson1_1 protocol only: POST / with an X-Amz-Target header.");
            }

            operation = ReadOperation(context.Request.Headers);
            var root = ParseBody(body);
            var responseBody = await DispatchAsync(operation, root, cancellationToken).ConfigureAwait(false);
            await WriteAsync(context.Response, HttpStatusCode.OK, JsonContentType, responseBody, cancellationToken).ConfigureAwait(false);
        }
        catch (EmulatorProtocolException ex)
        {
            LogRefused(_logger, operation, ex.ErrorCode, (int)ex.StatusCode);
            await WriteErrorAsync(context.Response, ex.StatusCode, ex.ErrorCode, ex.Message, cancellationToken).ConfigureAwait(false);
        }
        catch (InjectedConnectionDropException)
        {
            LogInjected(_logger, operation, "dropped connection");
            context.Abort();
        }
        catch (InjectedHtmlErrorPageException)
        {
            LogInjected(_logger, operation, "HTML error page");
            await WriteAsync(context.Response, HttpStatusCode.InternalServerError, "text/html; charset=utf-8", HtmlErrorPage, cancellationToken).ConfigureAwait(false);
        }
        catch (CognitoServiceException ex)
        {
            var status = ex.StatusCode is { } code && (int)code >= 400 ? code : HttpStatusCode.BadRequest;
            LogRefused(_logger, operation, ex.ErrorCode, (int)status);
            await WriteErrorAsync(context.Response, status, ex.ErrorCode, ex.ServiceMessage, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client went away; there is no one to answer.
        }
        catch (Exception ex) when (!context.Response.HasStarted)
        {
            // A bug in the emulator or the in-memory Cognito: answer like the service would, keep the details in the log.
            LogFailed(_logger, ex, operation);
            await WriteErrorAsync(context.Response, HttpStatusCode.InternalServerError, CognitoErrorCodes.InternalError,
                $"The emulator failed to process the request ({ex.GetType().Name}).", cancellationToken).ConfigureAwait(false);
        }
    }

    private static ReadOnlyMemory<byte> HtmlErrorPage { get; } = Encoding.UTF8.GetBytes(InjectedHtmlErrorPageException.Html);

    private async Task<ReadOnlyMemory<byte>?> DispatchAsync(string operation, JsonElement root, CancellationToken cancellationToken)
    {
        // DescribeUserPoolClient answers with the client's secret, as the service does, so clients can be tested for
        // dropping it; the library's shape has no member for it.
        if (operation == CognitoOperation.DescribeUserPoolClient.Name)
        {
            RequireMembers(root, false, "UserPoolId", "ClientId");
            var client = await _cognito.DescribeStoredUserPoolClientAsync((DescribeUserPoolClientRequest)Read(root, CognitoOperation.DescribeUserPoolClient.RequestJson), cancellationToken).ConfigureAwait(false);
            return Serialize(new UserPoolClientOutput(UserPoolClientShape.Of(client)), Json.UserPoolClientOutput);
        }

        // The library's operations route on their descriptors; the user-pool operations below are the emulator's own.
        if (CognitoOperation.Find(operation) is { } described)
        {
            var shape = RequestShape.Of(described);
            RequireMembers(root, shape.HasScopes, shape.Required);
            var response = await described.SendAsync(_cognito, Read(root, described.RequestJson), cancellationToken).ConfigureAwait(false);
            return described.AnswersEmpty ? null : JsonSerializer.SerializeToUtf8Bytes(response, described.ResponseJson);
        }

        switch (operation)
        {
            case "CreateUserPoolClient":
                RequireMembers(root, false, "UserPoolId", "ClientName");
                var clientInput = Read(root, Json.CreateUserPoolClientInput);
                var created = await _cognito.CreateUserPoolClientAsync(clientInput.UserPoolId, clientInput.ClientName, clientInput.AllowedOAuthScopes, clientInput.GenerateSecret ?? false, cancellationToken).ConfigureAwait(false);
                return Serialize(new UserPoolClientOutput(UserPoolClientShape.Of(created)), Json.UserPoolClientOutput);
            case "DeleteUserPoolClient":
                RequireMembers(root, false, "UserPoolId", "ClientId");
                var deleted = Read(root, Json.UserPoolClientIdInput);
                await _cognito.DeleteUserPoolClientAsync(deleted.UserPoolId, deleted.ClientId, cancellationToken).ConfigureAwait(false);
                return null;
            case "CreateUserPool":
                RequireMembers(root, false, "PoolName");
                var pool = await _cognito.CreateUserPoolAsync(Read(root, Json.CreateUserPoolInput).PoolName, cancellationToken).ConfigureAwait(false);
                return Serialize(new UserPoolOutput(ToShape(pool)), Json.UserPoolOutput);
            case "DescribeUserPool":
                RequireMembers(root, false, "UserPoolId");
                var found = await _cognito.DescribeUserPoolAsync(Read(root, Json.UserPoolIdInput).UserPoolId, cancellationToken).ConfigureAwait(false);
                return Serialize(new UserPoolOutput(ToShape(found)), Json.UserPoolOutput);
            case "DeleteUserPool":
                RequireMembers(root, false, "UserPoolId");
                await _cognito.DeleteUserPoolAsync(Read(root, Json.UserPoolIdInput).UserPoolId, cancellationToken).ConfigureAwait(false);
                return null;
            default:
                throw new EmulatorProtocolException(HttpStatusCode.BadRequest, "UnknownOperationException",
                    $"The operation '{operation}' is not served by the emulator.");
        }
    }

    private UserPoolShape ToShape(UserPool pool) => new(
        pool.Id,
        pool.Name,
        $"arn:aws:cognito-idp:{_cognito.Region}:{AccountId}:userpool/{pool.Id}",
        EpochSeconds(pool.CreationDate),
        EpochSeconds(pool.LastModifiedDate),
        new UserPoolPoliciesShape(new PasswordPolicyShape()),
        new LambdaConfigShape(),
        DeletionProtection: "INACTIVE",
        MfaConfiguration: "OFF",
        EstimatedNumberOfUsers: 0,
        new AdminCreateUserConfigShape());


    // awsJson1_1 timestamps are epoch seconds; the service sends milliseconds as the fraction.
    private static decimal EpochSeconds(DateTimeOffset time) => time.ToUnixTimeMilliseconds() / 1000m;

    private static string ReadOperation(IHeaderDictionary headers)
    {
        var target = headers["X-Amz-Target"].ToString();
        if (!target.StartsWith(TargetPrefix, StringComparison.Ordinal) || target.Length == TargetPrefix.Length)
        {
            throw new EmulatorProtocolException(HttpStatusCode.BadRequest, "UnknownOperationException",
                string.IsNullOrEmpty(target)
                    ? "The request has no X-Amz-Target header."
                    : $"X-Amz-Target must be '{TargetPrefix}<Operation>'.");
        }

        return target[TargetPrefix.Length..];
    }

    private static JsonElement ParseBody(ReadOnlyMemory<byte> body)
    {
        if (body.IsEmpty)
        {
            // An operation with no input members may be sent without a body.
            return JsonElement.Parse("{}"u8);
        }

        try
        {
            var root = JsonElement.Parse(body.Span);
            return root.ValueKind == JsonValueKind.Object
                ? root
                : throw new EmulatorProtocolException($"The request body must be a JSON object, not {root.ValueKind}.");
        }
        catch (JsonException ex)
        {
            throw new EmulatorProtocolException(
                string.Create(CultureInfo.InvariantCulture, $"The request body is not valid JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1})."), ex);
        }
    }

    /// <summary>
    /// Checks the model's required members (and, when <paramref name="hasScopes"/>, the required members of each
    /// scope), answering like the service: InvalidParameterException counting every violation and listing the first ten.
    /// </summary>
    private static void RequireMembers(JsonElement root, bool hasScopes, params ReadOnlySpan<string> names)
    {
        // A hostile body of many empty scopes must not make one message per scope: the list length is checked first,
        // and only the first few violations are spelled out.
        const int MaxListedViolations = 10;
        if (hasScopes && root.TryGetProperty("Scopes", out var scopeList) && scopeList.ValueKind == JsonValueKind.Array
            && scopeList.GetArrayLength() > ResourceServerValidator.MaxScopes)
        {
            throw WireRequestValidator.Invalid(
                "Scopes",
                string.Create(CultureInfo.InvariantCulture, $"at most {ResourceServerValidator.MaxScopes} scopes (count was {scopeList.GetArrayLength()})"),
                requestId: null);
        }

        var violations = new List<string>();
        var total = 0;
        foreach (var name in names)
        {
            if (IsMissing(root, name))
            {
                Add(MustNotBeNull(Camel(name)));
            }
        }

        if (hasScopes && root.TryGetProperty("Scopes", out var scopes) && scopes.ValueKind == JsonValueKind.Array)
        {
            var index = 0;
            foreach (var scope in scopes.EnumerateArray())
            {
                index++;
                if (scope.ValueKind != JsonValueKind.Object)
                {
                    continue;
                }

                foreach (var member in (ReadOnlySpan<string>)["ScopeName", "ScopeDescription"])
                {
                    if (IsMissing(scope, member))
                    {
                        Add(MustNotBeNull(string.Create(CultureInfo.InvariantCulture, $"scopes.{index}.member.{Camel(member)}")));
                    }
                }
            }
        }

        if (total > 0)
        {
            var count = total == 1 ? "1 validation error" : string.Create(CultureInfo.InvariantCulture, $"{total} validation errors");
            var more = total > violations.Count ? string.Create(CultureInfo.InvariantCulture, $"; and {total - violations.Count} more") : string.Empty;
            throw new EmulatorProtocolException(HttpStatusCode.BadRequest, CognitoErrorCodes.InvalidParameter, $"{count} detected: {string.Join("; ", violations)}{more}");
        }

        // Counts every violation, keeps the first few.
        void Add(string violation)
        {
            if (total++ < MaxListedViolations)
            {
                violations.Add(violation);
            }
        }

        static bool IsMissing(JsonElement element, string name) =>
            !element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null;

        static string MustNotBeNull(string path) => $"Value null at '{path}' failed to satisfy constraint: Member must not be null";

        static string Camel(string name) => string.Concat(name[..1].ToLowerInvariant(), name.AsSpan(1));
    }

    private static object Read(JsonElement root, JsonTypeInfo typeInfo)
    {
        try
        {
            return root.Deserialize(typeInfo) ?? throw new EmulatorProtocolException("The request body is empty.");
        }
        catch (JsonException ex)
        {
            var where = string.IsNullOrEmpty(ex.Path) ? "the request body" : $"'{ex.Path}'";
            throw new EmulatorProtocolException($"The value at {where} does not have the type the operation expects.", ex);
        }
    }

    private static T Read<T>(JsonElement root, JsonTypeInfo<T> typeInfo) => (T)Read(root, (JsonTypeInfo)typeInfo);

    private static ReadOnlyMemory<byte> Serialize<T>(T value, JsonTypeInfo<T> typeInfo) => JsonSerializer.SerializeToUtf8Bytes(value, typeInfo);

    private async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var tooLarge = request.ContentLength > _maxRequestBodyBytes;
        using var buffer = new MemoryStream();
        var chunk = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            long total = 0;
            int read;
            // A refused body is still read to its end, so the client sees the answer rather than a reset connection.
            while ((read = await request.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                total += read;
                tooLarge |= total > _maxRequestBodyBytes;
                if (!tooLarge)
                {
                    buffer.Write(chunk, 0, read);
                }
                else if (total > MaxDrainBytes)
                {
                    break;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        return tooLarge ? null : buffer.ToArray();
    }

    private static (string RawPath, string RawQuery) SplitTarget(HttpContext context)
    {
        var rawTarget = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (string.IsNullOrEmpty(rawTarget))
        {
            return (context.Request.PathBase + context.Request.Path, context.Request.QueryString.Value?.TrimStart('?') ?? string.Empty);
        }

        if (!rawTarget.StartsWith('/') && Uri.TryCreate(rawTarget, UriKind.Absolute, out var absolute))
        {
            rawTarget = absolute.PathAndQuery;
        }

        var question = rawTarget.IndexOf('?', StringComparison.Ordinal);
        return question < 0 ? (rawTarget, string.Empty) : (rawTarget[..question], rawTarget[(question + 1)..]);
    }

    private static Dictionary<string, IReadOnlyList<string>> CollectHeaders(IHeaderDictionary headers)
    {
        var collected = new Dictionary<string, IReadOnlyList<string>>(headers.Count, StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in headers)
        {
            collected[name] = [.. values.OfType<string>()];
        }

        return collected;
    }

    private static Task WriteErrorAsync(HttpResponse response, HttpStatusCode status, string code, string? message, CancellationToken cancellationToken)
    {
        response.Headers[ErrorTypeHeader] = code;
        return WriteAsync(response, status, JsonContentType, Serialize(new ErrorBody(code, message), Json.ErrorBody), cancellationToken);
    }

    private static async Task WriteAsync(HttpResponse response, HttpStatusCode status, string contentType, ReadOnlyMemory<byte>? body, CancellationToken cancellationToken)
    {
        response.StatusCode = (int)status;
        response.ContentType = contentType;
        response.ContentLength = body?.Length ?? 0;
        if (body is { Length: > 0 } bytes)
        {
            await response.Body.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Refused {Operation}: {ErrorCode} (HTTP {StatusCode})")]
    private static partial void LogRefused(ILogger logger, string? operation, string errorCode, int statusCode);

    [LoggerMessage(Level = LogLevel.Information, Message = "Injected fault on {Operation}: {Fault}")]
    private static partial void LogInjected(ILogger logger, string? operation, string fault);

    [LoggerMessage(Level = LogLevel.Error, Message = "The emulator failed on {Operation}")]
    private static partial void LogFailed(ILogger logger, Exception exception, string? operation);

    /// <summary>The members a request shape requires (C# <c>required</c>, as the service model marks them) and whether it holds scopes; read once per operation.</summary>
    private sealed record RequestShape(bool HasScopes, string[] Required)
    {
        private static readonly System.Collections.Concurrent.ConcurrentDictionary<CognitoOperation, RequestShape> Shapes = new();

        public static RequestShape Of(CognitoOperation operation) => Shapes.GetOrAdd(operation, static o => new RequestShape(
            o.RequestJson.Properties.Any(static p => p.Name == "Scopes"),
            [.. o.RequestJson.Properties.Where(static p => p.IsRequired).Select(static p => p.Name)]));
    }
}
