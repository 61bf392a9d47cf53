using System.Net;

namespace ResourceServers.Errors;

/// <summary>Turns a service error code into the typed exception callers branch on.</summary>
public static class CognitoErrorFactory
{
    /// <summary>
    /// Creates the exception for an error code as the service sent it. Decorated forms are normalized first:
    /// the part before the first <c>:</c>, then the part after the last <c>#</c>
    /// (<c>aws.cognito#NotAuthorizedException:http://...</c> is <c>NotAuthorizedException</c>).
    /// </summary>
    /// <param name="rawErrorCode">The code from the body's <c>__type</c> or the <c>X-Amzn-ErrorType</c> header; null or empty when the response named none.</param>
    /// <param name="message">The service's message, if any.</param>
    /// <param name="statusCode">The HTTP status of the response.</param>
    /// <param name="requestId">The <c>x-amzn-RequestId</c>, if any.</param>
    /// <param name="innerException">The cause, if any (for example a body that was not JSON).</param>
    /// <returns>A subtype for the six modelled errors; otherwise the base type, retryable when the status is 5xx.</returns>
    public static CognitoServiceException Create(string? rawErrorCode, string? message, HttpStatusCode statusCode, string? requestId, Exception? innerException = null)
    {
        var code = NormalizeCode(rawErrorCode);
        return code switch
        {
            ResourceNotFoundException.Code => new ResourceNotFoundException(message, statusCode, requestId, innerException),
            InvalidParameterException.Code => new InvalidParameterException(message, statusCode, requestId, innerException),
            NotAuthorizedException.Code => new NotAuthorizedException(message, statusCode, requestId, innerException),
            TooManyRequestsException.Code => new TooManyRequestsException(message, statusCode, requestId, innerException),
            LimitExceededException.Code => new LimitExceededException(message, statusCode, requestId, innerException),
            InternalErrorException.Code => new InternalErrorException(message, statusCode, requestId, innerException),
            // Unmodelled codes: only a server-side failure (5xx) or a throttle answered by the front end can be retried.
            _ => new CognitoServiceException(
                string.IsNullOrEmpty(code) ? "Unknown" : code,
                message,
                statusCode,
                requestId,
                isRetryable: (int)statusCode >= 500 || statusCode == HttpStatusCode.TooManyRequests || code is "ThrottlingException" or "RequestLimitExceeded" or "ServiceUnavailableException",
                innerException),
        };
    }

    /// <summary>Strips the decorations AWS puts around an error code; returns an empty string for null or blank input.</summary>
    /// <param name="rawErrorCode">The code as sent.</param>
    /// <returns>The bare code.</returns>
    public static string NormalizeCode(string? rawErrorCode)
    {
        if (string.IsNullOrWhiteSpace(rawErrorCode))
        {
            return string.Empty;
        }

        var span = rawErrorCode.AsSpan().Trim();
        var colon = span.IndexOf(':');
        if (colon >= 0)
        {
            span = span[..colon];
        }

        var hash = span.LastIndexOf('#');
        if (hash >= 0)
        {
            span = span[(hash + 1)..];
        }

        return span.Trim().ToString();
    }
}
