using System.Net;

namespace ResourceServers.Testing;

/// <summary>
/// An injected <see cref="FaultKind.HtmlErrorPage"/>: the error the HTTP transport makes of an HTML 500 page
/// (code <c>Unknown</c>, status 500, retryable). The emulator catches this type and serves <see cref="Html"/> instead.
/// </summary>
internal sealed class InjectedHtmlErrorPageException : CognitoServiceException
{
    internal const string Html =
        "<!DOCTYPE html>\n<html><head><title>500 Internal Server Error</title></head>\n"
        + "<body><h1>Internal Server Error</h1><p>The server encountered an internal error (injected by FaultPlan).</p></body></html>\n";

    public InjectedHtmlErrorPageException(string? requestId)
        : base(CognitoErrorCodes.Unknown, "The service answered HTTP 500 with an HTML page instead of JSON (injected by FaultPlan).", HttpStatusCode.InternalServerError, requestId, isRetryable: true, innerException: null)
    {
    }
}
