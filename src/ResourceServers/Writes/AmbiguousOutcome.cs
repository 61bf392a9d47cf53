
namespace ResourceServers;

/// <summary>
/// Whether a failed attempt may nonetheless have been applied by the service: the request reached it (or may have)
/// and no answer said what became of it. Writes retried after such a failure must expect to find their own work
/// done: a create answered "already exists", a delete answered "not found", a patch with nothing left to change.
/// </summary>
internal static class AmbiguousOutcome
{
    /// <summary>True for internal errors, any 5xx, transport failures after the connection was made, and timeouts.</summary>
    /// <param name="failure">The failure of one attempt. A cancellation here is the attempt timeout: the caller's own
    /// cancellation ends the call, so the answer is moot.</param>
    /// <returns>Whether the service may have applied the request.</returns>
    public static bool MayHaveBeenApplied(Exception failure) => failure switch
    {
        CognitoServiceException { ErrorCode: CognitoErrorCodes.InternalError } => true,
        CognitoServiceException service => service.StatusCode is { } status && (int)status >= 500,

        // No connection, no name, no TLS session: nothing was sent.
        HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError or HttpRequestError.ConnectionError or HttpRequestError.SecureConnectionError } => false,
        HttpRequestException or IOException or OperationCanceledException => true,
        _ => false,
    };
}
