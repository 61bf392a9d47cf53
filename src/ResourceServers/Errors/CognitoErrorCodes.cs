namespace ResourceServers;

/// <summary>
/// The error codes <see cref="CognitoServiceException.ErrorCode"/> carries: the errors the service model names, and this
/// library's own for a response that names none or cannot be used, and for a call that got no answer at all.
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

    /// <summary>The response named no error code (an HTML error page, an empty body), or the call failed in a way no other code names (see the exception's <c>InnerException</c>).</summary>
    public const string Unknown = "Unknown";

    /// <summary>
    /// No answer came in time: the per-attempt timeout on the last attempt, the call's total timeout, the
    /// <see cref="HttpClient.Timeout"/> of a client you supplied, or, for an operation of many calls (a listing's pages,
    /// <see cref="IResourceServerClient.PlanAllAsync"/>, <see cref="IResourceServerClient.EnsureAllAsync"/>),
    /// <see cref="ResourceServerResilienceOptions.MultiCallTimeout"/> in all. What was done before stays done. Retryable.
    /// </summary>
    public const string Timeout = "Timeout";

    /// <summary>
    /// No answer could be had: the host name did not resolve, the connection was refused or reset, TLS failed, or the
    /// answer was cut short. The exception's <c>InnerException</c> is the network error. Retryable.
    /// </summary>
    public const string ConnectionFailure = "ConnectionFailure";

    /// <summary>
    /// Pacing would have had to hold the call longer than its queue limit allows (the request-rate quota is fully
    /// used by this client or, with coordination, by the fleet), so the call was not sent. Retryable later.
    /// </summary>
    public const string PacingQueueFull = "PacingQueueFull";

    /// <summary>
    /// No AWS credentials could be resolved (nothing in the credential chain, a profile without keys, a role that
    /// could not be assumed), so nothing was sent. The message lists what the chain tried. Not retried.
    /// </summary>
    public const string CredentialsUnavailable = "CredentialsUnavailable";

    /// <summary>
    /// A response this library could not use: a success body that is not the operation's JSON, longer than
    /// <see cref="ResourceServerClientOptions.MaxResponseBodyBytes"/>, or that does not answer the request (another pool
    /// or identifier, a server the service model forbids, a repeated page token or one longer than 4096 characters,
    /// more pages or servers than any pool can hold, a write's answer that does not hold what was written, a delete's
    /// answer that is not empty); a success status naming an error; or a redirect. Not retried.
    /// </summary>
    public const string MalformedResponse = "MalformedResponse";

    // The codes telemetry may name: the model's six, the library's own, and the errors AWS documents as common to
    // every API (answered by the front end before Cognito: signature, credentials, throttling). Any other code a
    // server sends is reported as Unknown, so a server cannot mint unbounded metric series.
    private static readonly HashSet<string> Known = new(StringComparer.Ordinal)
    {
        ResourceNotFound, InvalidParameter, NotAuthorized, TooManyRequests, LimitExceeded, InternalError, Unknown, MalformedResponse,
        Timeout, ConnectionFailure, PacingQueueFull, CredentialsUnavailable,
        "AccessDeniedException", "IncompleteSignature", "IncompleteSignatureException", "InternalFailure", "InvalidAction",
        "InvalidClientTokenId", "InvalidSignatureException", "SignatureDoesNotMatch", "ExpiredTokenException",
        "UnrecognizedClientException", "MissingAuthenticationToken", "OptInRequired", "RequestExpired",
        "ServiceUnavailable", "ServiceUnavailableException", "ThrottlingException", "ValidationError", "ValidationException",
    };

    /// <summary>Whether <paramref name="errorCode"/> is one the service model or AWS's common errors name, or one of this library's own.</summary>
    /// <param name="errorCode">A normalized code, as <see cref="CognitoServiceException.ErrorCode"/> holds it.</param>
    /// <returns>True for a known code; false for anything a server made up.</returns>
    internal static bool IsKnown(string? errorCode) => errorCode is not null && Known.Contains(errorCode);
}
