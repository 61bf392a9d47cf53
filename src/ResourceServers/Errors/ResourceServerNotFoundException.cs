using System.Net;

namespace ResourceServers;

/// <summary>
/// The user pool or the resource server does not exist (the service's <c>ResourceNotFoundException</c>). Not retried.
/// Where absence is an ordinary outcome, <see cref="IResourceServerClient.FindAsync"/> and
/// <see cref="IResourceServerClient.DeleteIfExistsAsync"/> say so without an exception.
/// </summary>
public sealed class ResourceServerNotFoundException : CognitoServiceException
{
    internal ResourceServerNotFoundException(string? message, HttpStatusCode statusCode, string? requestId, Exception? innerException)
        : base(CognitoErrorCodes.ResourceNotFound, message, statusCode, requestId, isRetryable: false, innerException)
    {
    }
}
