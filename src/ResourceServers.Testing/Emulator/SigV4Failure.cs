using System.Net;

namespace ResourceServers.Testing;

/// <summary>Why the AWS front end would refuse a request before it reaches the service, as code, message and status.</summary>
/// <param name="StatusCode">The HTTP status AWS answers with.</param>
/// <param name="ErrorCode">The error code, e.g. <c>InvalidSignatureException</c>.</param>
/// <param name="Message">AWS's wording; never contains a secret, token or the Authorization header.</param>
internal sealed record SigV4Failure(HttpStatusCode StatusCode, string ErrorCode, string Message)
{
    public const string MissingAuthenticationToken = "MissingAuthenticationTokenException";
    public const string IncompleteSignature = "IncompleteSignatureException";
    public const string InvalidSignature = "InvalidSignatureException";
    public const string UnrecognizedClient = "UnrecognizedClientException";
    public const string ExpiredToken = "ExpiredTokenException";
}
