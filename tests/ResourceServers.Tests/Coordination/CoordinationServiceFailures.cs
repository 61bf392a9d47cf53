using ResourceServers.Tests.TestSupport;

namespace ResourceServers.Tests.Coordination;

/// <summary>How a coordination service that cannot be reached fails a request, as Redis clients report it.</summary>
public static class CoordinationServiceFailures
{
    /// <summary>The failures by name, a new exception each time.</summary>
    public static NamedRows<Func<Exception>> Rows { get; } = new()
    {
        { "no connection", () => new InvalidOperationException("No connection is active/available to service this operation.") },
        { "timeout", () => new TimeoutException("Timeout awaiting response.") },

        // The service's own cancellation (a connection reset, say), not the caller's: still the service unavailable.
        { "connection reset", () => new OperationCanceledException("The connection was reset.") },
    };

    /// <summary>The failures' names, as a theory's data (see <see cref="NamedRows{T}"/>).</summary>
    public static TheoryData<string> Unreachable => Rows.Names;
}
