namespace ResourceServers.Tests.Coordination;

/// <summary>How a coordination service that cannot be reached fails a request, as Redis clients report it.</summary>
public static class CoordinationServiceFailures
{
    public static TheoryData<Exception> Unreachable() =>
    [
        new InvalidOperationException("No connection is active/available to service this operation."),
        new TimeoutException("Timeout awaiting response."),

        // The service's own cancellation (a connection reset, say), not the caller's: still the service unavailable.
        new OperationCanceledException("The connection was reset."),
    ];
}
