using System.Net;

namespace ResourceServers;

/// <summary>
/// The user pool or the resource server does not exist (the service's <c>ResourceNotFoundException</c>). Not retried.
/// Where absence is an ordinary outcome, <see cref="IResourceServerClient.FindAsync"/> and
/// <see cref="IResourceServerClient.DeleteIfExistsAsync"/> say so without an exception.
/// </summary>
public sealed class ResourceServerNotFoundException : CognitoServiceException
{
    /// <summary>Creates the error as the service answers it (HTTP 400); for fakes and mocks that answer "not found".</summary>
    /// <param name="message">The service's message, e.g. <c>Resource server orders does not exist.</c></param>
    /// <param name="requestId">The <c>x-amzn-RequestId</c>, if any.</param>
    public ResourceServerNotFoundException(string? message = null, string? requestId = null)
        : this(message, HttpStatusCode.BadRequest, requestId, innerException: null)
    {
    }

    internal ResourceServerNotFoundException(string? message, HttpStatusCode statusCode, string? requestId, Exception? innerException)
        : base(CognitoErrorCodes.ResourceNotFound, message, statusCode, requestId, isRetryable: false, innerException)
    {
    }

    /// <summary>The copy <see cref="CognitoServiceException.ForCall"/> makes, with <paramref name="original"/> as the cause.</summary>
    internal ResourceServerNotFoundException(CognitoServiceException original)
        : base(CognitoErrorCodes.ResourceNotFound, original.ServiceMessage, original.StatusCode, original.RequestId, isRetryable: false, original)
    {
    }
}
