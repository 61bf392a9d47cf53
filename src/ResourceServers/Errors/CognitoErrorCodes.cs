namespace ResourceServers;

/// <summary>
/// The error codes <see cref="CognitoServiceException.ErrorCode"/> carries for the errors the service model names, and
/// the two this library uses when a response names none or cannot be read.
/// </summary>
/// <example><code>catch (CognitoServiceException e) when (e.ErrorCode == CognitoErrorCodes.LimitExceeded) { ... }</code></example>
public static class CognitoErrorCodes
{
    /// <summary>The user pool or resource server does not exist (raised as <see cref="ResourceServerNotFoundException"/>). Not retried.</summary>
    public const string ResourceNotFound = "ResourceNotFoundException";

    /// <summary>The service rejected a value, or a resource server with that identifier already exists. Not retried.</summary>
    public const string InvalidParameter = "InvalidParameterException";

    /// <summary>The caller is not allowed to make the call. Not retried.</summary>
    public const string NotAuthorized = "NotAuthorizedException";

    /// <summary>The account's request rate quota was exceeded. Retried with backoff.</summary>
    public const string TooManyRequests = "TooManyRequestsException";

    /// <summary>A hard quota was reached, such as the number of resource servers in a pool. Not retried: retrying cannot succeed.</summary>
    public const string LimitExceeded = "LimitExceededException";

    /// <summary>Cognito failed internally (HTTP 500). Retried with backoff.</summary>
    public const string InternalError = "InternalErrorException";

    /// <summary>The response named no error code (an HTML error page, an empty body).</summary>
    public const string Unknown = "Unknown";

    /// <summary>A success response this library could not read or that does not answer the request.</summary>
    public const string MalformedResponse = "MalformedResponse";
}
