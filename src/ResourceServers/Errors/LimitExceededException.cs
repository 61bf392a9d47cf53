using System.Net;

namespace ResourceServers.Errors;

/// <summary>A hard quota was reached, such as the number of resource servers in a user pool. Retrying cannot succeed, so it is never retried.</summary>
public sealed class LimitExceededException : CognitoServiceException
{
    /// <summary>The service error code this type stands for.</summary>
    public const string Code = "LimitExceededException";

    /// <summary>Creates the error.</summary>
    /// <param name="message">The service's message, if any.</param>
    /// <param name="statusCode">The HTTP status of the response.</param>
    /// <param name="requestId">The <c>x-amzn-RequestId</c>, if any.</param>
    /// <param name="innerException">The cause, if any.</param>
    public LimitExceededException(string? message, HttpStatusCode statusCode = HttpStatusCode.BadRequest, string? requestId = null, Exception? innerException = null)
        : base(Code, message, statusCode, requestId, isRetryable: false, innerException)
    {
    }
}
