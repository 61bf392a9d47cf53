using System.Net;

namespace ResourceServers.Errors;

/// <summary>The request rate exceeded Cognito's quota for the operation. Retried with backoff by the default pipeline.</summary>
public sealed class TooManyRequestsException : CognitoServiceException
{
    /// <summary>The service error code this type stands for.</summary>
    public const string Code = "TooManyRequestsException";

    /// <summary>Creates the error.</summary>
    /// <param name="message">The service's message, if any.</param>
    /// <param name="statusCode">The HTTP status of the response.</param>
    /// <param name="requestId">The <c>x-amzn-RequestId</c>, if any.</param>
    /// <param name="innerException">The cause, if any.</param>
    public TooManyRequestsException(string? message, HttpStatusCode statusCode = HttpStatusCode.BadRequest, string? requestId = null, Exception? innerException = null)
        : base(Code, message, statusCode, requestId, isRetryable: true, innerException)
    {
    }
}
