namespace ResourceServers.Testing;

/// <summary>
/// An injected <see cref="FaultKind.DroppedConnection"/>: what <see cref="HttpClient"/> throws when the server
/// closes the connection before answering. The emulator catches this type and aborts the connection instead.
/// </summary>
internal sealed class InjectedConnectionDropException : HttpRequestException
{
    public InjectedConnectionDropException()
        : base(
            HttpRequestError.ResponseEnded,
            "An error occurred while sending the request: the response ended prematurely (connection dropped, injected by FaultPlan).",
            new IOException("The response ended prematurely."))
    {
    }
}
