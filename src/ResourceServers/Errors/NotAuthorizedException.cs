using System.Net;

namespace ResourceServers.Errors;

/// <summary>The caller is not authorized for the operation. Not retried.</summary>
public sealed class NotAuthorizedException : CognitoServiceException
{
    /// <summary>The service error code this type stands for.</summary>
    public const string Code = "NotAuthorizedException";

    /// <summary>Creates the error.</summary>
    /// <param name="message">The service's message, if any.</param>
    /// <param name="statusCode">The HTTP status of the response.</param>
    /// <param name="requestId">The <c>x-amzn-RequestId</c>, if any.</param>
    /// <param name="innerException">The cause, if any.</param>
    public NotAuthorizedException(string? message, HttpStatusCode statusCode = HttpStatusCode.BadRequest, string? requestId = null, Exception? innerException = null)
        : base(Code, message, statusCode, requestId, isRetryable: false, innerException)
    {
    }
}
