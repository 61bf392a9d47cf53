using System.Net;

namespace ResourceServers.Errors;

/// <summary>The user pool or resource server does not exist. Not retried.</summary>
public sealed class ResourceNotFoundException : CognitoServiceException
{
    /// <summary>The service error code this type stands for.</summary>
    public const string Code = "ResourceNotFoundException";

    /// <summary>Creates the error.</summary>
    /// <param name="message">The service's message, if any.</param>
    /// <param name="statusCode">The HTTP status of the response.</param>
    /// <param name="requestId">The <c>x-amzn-RequestId</c>, if any.</param>
    /// <param name="innerException">The cause, if any.</param>
    public ResourceNotFoundException(string? message, HttpStatusCode statusCode = HttpStatusCode.BadRequest, string? requestId = null, Exception? innerException = null)
        : base(Code, message, statusCode, requestId, isRetryable: false, innerException)
    {
    }
}
