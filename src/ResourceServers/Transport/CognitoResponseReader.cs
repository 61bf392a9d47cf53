using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace ResourceServers;

/// <summary>Turns Cognito's HTTP responses into wire shapes or typed exceptions.</summary>
internal static class CognitoResponseReader
{
    /// <summary>The code given to a 2xx response whose body is not the JSON the operation answers with.</summary>
    internal const string MalformedResponseCode = CognitoErrorCodes.MalformedResponse;

    /// <summary>
    /// How much of an error body is read. Real error bodies are a few hundred bytes; a proxy's HTML page or a
    /// runaway body must not be buffered whole just to find a code in it.
    /// </summary>
    internal const int MaxErrorBodyBytes = 64 * 1024;

    /// <summary>
    /// Success bodies up to this size whose length is announced are read whole and then parsed from memory:
    /// System.Text.Json's synchronous reader is markedly faster than its resumable stream reader, and Cognito's
    /// answers are a few kilobytes. Larger or unannounced bodies are parsed as they stream in.
    /// </summary>
    internal const int MaxBufferedSuccessBodyBytes = 1024 * 1024;

    /// <summary>
    /// How much of an answer that must be empty (a delete's: nothing, or <c>{}</c>) is read; anything longer is not
    /// such an answer, whatever follows.
    /// </summary>
    internal const int MaxEmptyBodyBytes = 1024;

    private const string ErrorTypeHeader = "X-Amzn-ErrorType";
    internal const string RequestIdHeader = "x-amzn-RequestId";

    // AWS's are 36-character UUIDs; anything longer is not a request id worth a log field.
    private const int MaxRequestIdLength = 128;

    /// <summary>The response's request id, sanitized (it is the server's string, bound for logs and spans).</summary>
    internal static string? RequestId(HttpResponseMessage response) => UntrustedText.Sanitize(RawRequestId(response), MaxRequestIdLength);

    /// <summary>The response's request id as the server sent it; only for redaction, before <see cref="RequestId"/> sanitizes it.</summary>
    internal static string? RawRequestId(HttpResponseMessage response) => FirstHeader(response, RequestIdHeader);

    /// <summary>
    /// Reads a 2xx body as <typeparamref name="T"/>, never more than <paramref name="maxBodyBytes"/> of it; any body
    /// that is not such a JSON object, or is longer, is a <see cref="MalformedResponseCode"/> error.
    /// </summary>
    internal static async Task<T> ReadSuccessAsync<T>(HttpResponseMessage response, JsonTypeInfo<T> typeInfo, long maxBodyBytes, CancellationToken cancellationToken)
        where T : class
    {
        // An announced length past the cap is refused before a byte of the body is read.
        if (response.Content.Headers.ContentLength is { } announced && announced > maxBodyBytes)
        {
            throw TooLarge<T>(response, maxBodyBytes);
        }

        T? result;
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            try
            {
                result = response.Content.Headers.ContentLength is { } length and <= MaxBufferedSuccessBodyBytes
                    ? await DeserializeBufferedAsync(stream, (int)length, typeInfo, cancellationToken).ConfigureAwait(false)
                    : await DeserializeCappedAsync(stream, maxBodyBytes, typeInfo, cancellationToken).ConfigureAwait(false);
            }
            catch (JsonException ex)
            {
                throw Malformed<T>(response, ex);
            }
            catch (CappedReadStream.LimitExceededException)
            {
                throw TooLarge<T>(response, maxBodyBytes);
            }
        }

        return result ?? throw Malformed<T>(response, innerException: null);
    }

    /// <summary>
    /// Reads a 2xx answer that must carry nothing: an empty body, or an empty JSON object (white space around it
    /// allowed). Anything else, an error body included, is a <see cref="MalformedResponseCode"/> error naming <paramref name="operation"/>.
    /// </summary>
    internal static async Task ReadEmptyAsync(HttpResponseMessage response, string operation, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentLength is > MaxEmptyBodyBytes)
        {
            throw NotEmpty(response, operation, innerException: null);
        }

        var buffer = ArrayPool<byte>.Shared.Rent(MaxEmptyBodyBytes + 1);
        try
        {
            int read;
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                read = await stream.ReadAtLeastAsync(buffer.AsMemory(0, MaxEmptyBodyBytes + 1), MaxEmptyBodyBytes + 1, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            }

            if (read > MaxEmptyBodyBytes)
            {
                throw NotEmpty(response, operation, innerException: null);
            }

            var body = buffer.AsSpan(0, read);
            if (body.StartsWith(Utf8ByteOrderMark))
            {
                body = body[Utf8ByteOrderMark.Length..];
            }

            if (!IsEmptyAnswer(body, out var errorCode, out var problem))
            {
                throw errorCode is null ? NotEmpty(response, operation, problem) : ErrorUnderSuccess(response, operation + " answer", errorCode);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// The error for a 2xx answer that names an error, in the <c>X-Amzn-ErrorType</c> header or a <c>__type</c>: the
    /// status says success and the body says failure, so neither is believed. The code is named only when it is one
    /// the service or AWS uses (a server's own string could carry anything).
    /// </summary>
    internal static CognitoServiceException ErrorUnderSuccess(HttpResponseMessage response, string answer, string errorCode)
    {
        var code = CognitoServiceException.NormalizeCode(errorCode);
        var named = CognitoErrorCodes.IsKnown(code) ? code : "a code no Cognito error has";
        return CognitoServiceException.FromErrorCode(
            MalformedResponseCode,
            $"HTTP {(int)response.StatusCode} answered an error ({named}) instead of a {answer}; a success status with an error body is neither, so nothing is taken from it.",
            response.StatusCode,
            RequestId(response));
    }

    /// <summary>The error code the <c>X-Amzn-ErrorType</c> header of <paramref name="response"/> names, or null.</summary>
    internal static string? ErrorTypeHeaderOf(HttpResponseMessage response) => FirstHeader(response, ErrorTypeHeader);

    // Empty, or {} with white space around; else false, with the error code a body names (__type or code), or why it is not.
    private static bool IsEmptyAnswer(ReadOnlySpan<byte> body, out string? errorCode, out Exception? problem)
    {
        errorCode = null;
        problem = null;
        var trimmed = body.Trim(" \t\r\n"u8);
        if (trimmed.IsEmpty)
        {
            return true;
        }

        try
        {
            var reader = new Utf8JsonReader(trimmed);
            if (reader.Read() && reader.TokenType == JsonTokenType.StartObject && reader.Read() && reader.TokenType == JsonTokenType.EndObject && !reader.Read())
            {
                return true;
            }

            var error = ParseErrorBody(trimmed);
            errorCode = error.Type ?? error.Code;
        }
        catch (JsonException e)
        {
            problem = e;
        }

        return false;
    }

    private static CognitoServiceException NotEmpty(HttpResponseMessage response, string operation, Exception? innerException) =>
        CognitoServiceException.FromErrorCode(
            MalformedResponseCode,
            $"HTTP {(int)response.StatusCode} answered {operation} with a body that is neither empty nor {{}}, so whether it was done is not known.",
            response.StatusCode,
            RequestId(response),
            innerException);

    /// <summary>The error for a 2xx answer that parsed but does not answer the request (<see cref="CognitoResponseChecks"/>).</summary>
    internal static CognitoServiceException Unusable<T>(HttpResponseMessage response, string problem) =>
        CognitoServiceException.FromErrorCode(
            MalformedResponseCode,
            $"HTTP {(int)response.StatusCode} answered a {typeof(T).Name} that does not answer the request: {problem}.",
            response.StatusCode,
            RequestId(response));

    private static async ValueTask<T?> DeserializeCappedAsync<T>(Stream stream, long maxBodyBytes, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        var capped = new CappedReadStream(stream, maxBodyBytes);
        await using (capped.ConfigureAwait(false))
        {
            return await JsonSerializer.DeserializeAsync(capped, typeInfo, cancellationToken).ConfigureAwait(false);
        }
    }

    private static CognitoServiceException TooLarge<T>(HttpResponseMessage response, long maxBodyBytes) =>
        // Not retryable: the same answer would be as large again. The setting is named so the fix is findable.
        CognitoServiceException.FromErrorCode(
            MalformedResponseCode,
            string.Create(
                System.Globalization.CultureInfo.InvariantCulture,
                $"HTTP {(int)response.StatusCode} answered a {typeof(T).Name} body longer than {maxBodyBytes} bytes ({ResourceServerClientOptions.SectionName}:{nameof(ResourceServerClientOptions.MaxResponseBodyBytes)}); reading stopped there."),
            response.StatusCode,
            RequestId(response));

    private static ReadOnlySpan<byte> Utf8ByteOrderMark => [0xEF, 0xBB, 0xBF];

    private static async ValueTask<T?> DeserializeBufferedAsync<T>(Stream stream, int announcedLength, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        // One byte more than announced is asked for, so a body longer than its Content-Length is noticed.
        var buffer = ArrayPool<byte>.Shared.Rent(announcedLength + 1);
        try
        {
            var read = await stream.ReadAtLeastAsync(buffer.AsMemory(0, announcedLength + 1), announcedLength + 1, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            if (read > announcedLength)
            {
                throw new JsonException("The response body is longer than its Content-Length.");
            }

            // A shorter body is parsed as it is: cut-off JSON fails as it would when streamed. The stream reader skips
            // a UTF-8 byte order mark and the span reader does not, so it is skipped here.
            var body = buffer.AsSpan(0, read);
            return JsonSerializer.Deserialize(body.StartsWith(Utf8ByteOrderMark) ? body[Utf8ByteOrderMark.Length..] : body, typeInfo);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Builds the exception for a non-2xx response. Never throws for a bad body; cancellation still propagates.</summary>
    /// <param name="response">The non-2xx response.</param>
    /// <param name="secrets">What the request was signed with; scrubbed from every string the response supplies.</param>
    /// <param name="cancellationToken">Cancels reading the body.</param>
    internal static async Task<CognitoServiceException> ReadErrorAsync(HttpResponseMessage response, SignedSecrets secrets, CancellationToken cancellationToken)
    {
        var status = response.StatusCode;
        var requestId = RequestId(response);
        var headerCode = FirstHeader(response, ErrorTypeHeader);

        ErrorBody body;
        Exception? bodyProblem = null;
        try
        {
            body = await ReadErrorBodyAsync(response.Content, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException or JsonException)
        {
            // The status line already says the call failed; a body that breaks off or is not JSON only loses detail.
            body = default;
            bodyProblem = ex;
        }

        // Precedence as the awsJson protocols define it: the header, then the body's "code", then "__type".
        var code = !string.IsNullOrWhiteSpace(headerCode) ? headerCode : body.Code ?? body.Type;
        return CognitoServiceException.FromErrorCode(
            secrets.Redact(code),
            secrets.Redact(body.Message),
            status,
            requestId,
            bodyProblem);
    }

    private static async Task<ErrorBody> ReadErrorBodyAsync(HttpContent content, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(MaxErrorBodyBytes);
        try
        {
            var length = 0;
            var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                // The read is a statement of its own rather than part of the loop condition, so every mutant of
                // this loop compiles and mutation testing can judge it (eng/mutation.sh).
                while (length < MaxErrorBodyBytes)
                {
                    var read = await stream.ReadAsync(buffer.AsMemory(length, MaxErrorBodyBytes - length), cancellationToken).ConfigureAwait(false);
                    if (read == 0)
                    {
                        break;
                    }

                    length += read;
                }
            }

            return ParseErrorBody(buffer.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Picks the top-level string members <c>__type</c>, <c>code</c>, <c>message</c>/<c>Message</c>; an empty body names nothing.</summary>
    /// <exception cref="JsonException">The body is not a complete JSON document.</exception>
    internal static ErrorBody ParseErrorBody(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Trim(" \t\r\n"u8).IsEmpty)
        {
            return default;
        }

        // The default options read strict JSON, as the success bodies are read: a comment or a trailing comma makes the
        // body broken, and then only the header can name the error.
        var reader = new Utf8JsonReader(utf8);
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            // Valid JSON that is not an object (a bare string, an array): it names no error.
            reader.Skip();
            return default;
        }

        string? type = null, code = null, message = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isType = reader.ValueTextEquals("__type"u8);
            var isCode = reader.ValueTextEquals("code"u8);
            var isMessage = reader.ValueTextEquals("message"u8) || reader.ValueTextEquals("Message"u8);
            reader.Read();
            if (reader.TokenType == JsonTokenType.String)
            {
                var value = ReadString(ref reader);
                if (isType)
                {
                    type = value;
                }
                else if (isCode)
                {
                    code = value;
                }
                else if (isMessage)
                {
                    message ??= value;
                }
            }
            else
            {
                reader.Skip();
            }
        }

        // Anything after the object means the body is not the document it claims to be (throws on trailing data).
        while (reader.Read())
        {
        }

        return new ErrorBody(type, code, message);
    }

    private static string? ReadString(ref Utf8JsonReader reader)
    {
        try
        {
            return reader.GetString();
        }
        catch (InvalidOperationException ex)
        {
            // The reader checks structure, not UTF-8, until a string is decoded: invalid bytes are a broken body too.
            throw new JsonException("The error body holds a string that is not valid UTF-8.", ex);
        }
    }

    private static CognitoServiceException Malformed<T>(HttpResponseMessage response, Exception? innerException) =>
        // Not retryable: the service answered success, so a create or update may already have happened, and a
        // body that does not parse (a proxy page, another service) will not parse the next time either. (An unmodelled
        // code with a 2xx status is never retryable.)
        CognitoServiceException.FromErrorCode(
            MalformedResponseCode,
            $"HTTP {(int)response.StatusCode} answered with a body that is not a {typeof(T).Name} JSON object.",
            response.StatusCode,
            RequestId(response),
            innerException);

    private static string? FirstHeader(HttpResponseMessage response, string name)
    {
        if (response.Headers.TryGetValues(name, out var values))
        {
            foreach (var value in values)
            {
                if (!string.IsNullOrWhiteSpace(value))
                {
                    return value.Trim();
                }
            }
        }

        return null;
    }

    internal readonly record struct ErrorBody(string? Type, string? Code, string? Message);
}
