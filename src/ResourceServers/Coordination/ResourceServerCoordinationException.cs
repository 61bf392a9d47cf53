namespace ResourceServers;

/// <summary>
/// Coordination across processes failed, so the operation stopped without writing: the coordination service (say
/// Redis) could not be reached for a lock or a pacing permit, or a unit lost its lock's lease three times in a row.
/// Raised by this library, not answered by Cognito; not retried by the client's pipeline. Retry once the service is
/// back (the client reconnects by itself), or opt into <see cref="ResourceServerCoordination.FallbackToLocal"/>.
/// </summary>
public sealed class ResourceServerCoordinationException : Exception
{
    /// <summary>Creates the error.</summary>
    /// <param name="message">What failed, naming the coordination service.</param>
    /// <param name="coordinator">The coordination service, e.g. <c>Redis at 127.0.0.1:6379</c>.</param>
    /// <param name="innerException">The failure of the lock or limiter, if any.</param>
    public ResourceServerCoordinationException(string message, string coordinator, Exception? innerException)
        : base(message, innerException)
    {
        Coordinator = coordinator;
    }

    /// <summary>The coordination service, as <see cref="ResourceServerCoordination.Coordinator"/> names it.</summary>
    public string Coordinator { get; }
}
