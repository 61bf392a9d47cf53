namespace ResourceServers.Testing;

/// <summary>How an injected fault fails a call. The in-process and HTTP paths fail the same way.</summary>
public enum FaultKind
{
    /// <summary>The call answers <c>TooManyRequestsException</c> (HTTP 400 over the wire).</summary>
    TooManyRequests,

    /// <summary>
    /// The call answers <c>ThrottlingException</c> (HTTP 400 over the wire), as the AWS front end throttles before the
    /// service: a throttle under another name than Cognito's own.
    /// </summary>
    FrontEndThrottling,

    /// <summary>The call answers <c>InternalErrorException</c> (HTTP 500 over the wire).</summary>
    InternalError,

    /// <summary>
    /// The service answers an HTML 500 page instead of JSON: in process the call throws the
    /// <see cref="CognitoServiceException"/> the HTTP transport makes of such a page (code <c>Unknown</c>,
    /// status 500, retryable); the emulator serves a real HTML page.
    /// </summary>
    HtmlErrorPage,

    /// <summary>
    /// The connection drops before a response: in process the call throws <see cref="HttpRequestException"/>
    /// (inner <see cref="IOException"/>); the emulator aborts the connection.
    /// </summary>
    DroppedConnection,
}
