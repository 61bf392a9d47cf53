using System.Net;

namespace ResourceServers.Errors;

/// <summary>Cognito failed internally (HTTP 500). Retried with backoff by the default pipeline.</summary>
public sealed class InternalErrorException : CognitoServiceException
{
    /// <summary>The service error code this type stands for.</summary>
    public const string Code = "InternalErrorException";

    /// <summary>Creates the error.</summary>
    /// <param name="message">The service's message, if any.</param>
    /// <param name="statusCode">The HTTP status of the response.</param>
    /// <param name="requestId">The <c>x-amzn-RequestId</c>, if any.</param>
    /// <param name="innerException">The cause, if any.</param>
    public InternalErrorException(string? message, HttpStatusCode statusCode = HttpStatusCode.InternalServerError, string? requestId = null, Exception? innerException = null)
        : base(Code, message, statusCode, requestId, isRetryable: true, innerException)
    {
    }
}
