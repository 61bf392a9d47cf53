using System.Net;

namespace ResourceServers.Errors;

/// <summary>
/// An error answered by Cognito (or by the AWS front end before it). The base of every service error this library
/// raises; subtypes exist for the codes callers branch on.
/// </summary>
/// <remarks>
/// The message carries the service's own message, the code and the request id; never a request body, credential,
/// token or signature.
/// </remarks>
public class CognitoServiceException : Exception
{
    /// <summary>Creates a service error.</summary>
    /// <param name="errorCode">The service error code, e.g. <c>ResourceNotFoundException</c>; <c>Unknown</c> when the response named none.</param>
    /// <param name="message">The service's message, if it sent one.</param>
    /// <param name="statusCode">The HTTP status of the response.</param>
    /// <param name="requestId">The <c>x-amzn-RequestId</c> of the response, if any.</param>
    /// <param name="isRetryable">Whether retrying the same request could succeed.</param>
    /// <param name="innerException">The cause, if any.</param>
    public CognitoServiceException(string errorCode, string? message, HttpStatusCode statusCode, string? requestId, bool isRetryable, Exception? innerException = null)
        : base(Describe(errorCode, WithoutSignedMaterial(message), statusCode, requestId), innerException)
    {
        ErrorCode = errorCode;
        ServiceMessage = WithoutSignedMaterial(message);
        StatusCode = statusCode;
        RequestId = requestId;
        IsRetryable = isRetryable;
    }

    /// <summary>The service error code with any namespace prefix or URL suffix removed, e.g. <c>TooManyRequestsException</c>.</summary>
    public string ErrorCode { get; }

    /// <summary>The message the service sent, if any.</summary>
    public string? ServiceMessage { get; }

    /// <summary>The HTTP status code of the response.</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary>The AWS request id (<c>x-amzn-RequestId</c>), for AWS support; null when the response had none.</summary>
    public string? RequestId { get; }

    /// <summary>Whether retrying the same request could succeed (throttling, internal errors, unmodelled 5xx).</summary>
    public bool IsRetryable { get; }

    // AWS front ends answer a signature mismatch with the canonical request and string to sign they expected, which
    // quote the signed headers, X-Amz-Security-Token among them: that part never reaches a message or a log.
    private static string? WithoutSignedMaterial(string? message)
    {
        var cut = message?.IndexOf("The Canonical String", StringComparison.OrdinalIgnoreCase) ?? -1;
        if (cut < 0)
        {
            cut = message?.IndexOf("The String-to-Sign", StringComparison.OrdinalIgnoreCase) ?? -1;
        }

        return cut < 0 ? message : message![..cut].TrimEnd();
    }

    private static string Describe(string errorCode, string? message, HttpStatusCode statusCode, string? requestId)
    {
        var text = string.IsNullOrEmpty(message) ? errorCode : $"{errorCode}: {message}";
        return requestId is null
            ? $"{text} (HTTP {(int)statusCode})"
            : $"{text} (HTTP {(int)statusCode}, request id {requestId})";
    }
}
