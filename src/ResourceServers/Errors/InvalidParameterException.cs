using System.Net;

namespace ResourceServers.Errors;

/// <summary>The service rejected a parameter, including a create of a resource server that already exists and a scope list over the limit. Not retried.</summary>
public sealed class InvalidParameterException : CognitoServiceException
{
    /// <summary>The service error code this type stands for.</summary>
    public const string Code = "InvalidParameterException";

    /// <summary>Creates the error.</summary>
    /// <param name="message">The service's message, if any.</param>
    /// <param name="statusCode">The HTTP status of the response.</param>
    /// <param name="requestId">The <c>x-amzn-RequestId</c>, if any.</param>
    /// <param name="innerException">The cause, if any.</param>
    public InvalidParameterException(string? message, HttpStatusCode statusCode = HttpStatusCode.BadRequest, string? requestId = null, Exception? innerException = null)
        : base(Code, message, statusCode, requestId, isRetryable: false, innerException)
    {
    }
}
