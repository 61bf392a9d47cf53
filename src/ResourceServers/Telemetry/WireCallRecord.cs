namespace ResourceServers.Telemetry;

/// <summary>
/// What a wire port reports about the request in flight, for the instrumentation above it: set up by
/// <see cref="InstrumentedCognitoApi"/> around each call, filled in by the HTTP transport.
/// </summary>
internal sealed class WireCallRecord
{
    private static readonly AsyncLocal<WireCallRecord?> CurrentRecord = new();

    /// <summary>The record of the request the calling flow is making, if it is instrumented.</summary>
    public static WireCallRecord? Current => CurrentRecord.Value;

    /// <summary>The <c>x-amzn-RequestId</c> of the response.</summary>
    public string? RequestId { get; set; }

    /// <summary>Starts a record for the calling flow; it stays current until the calling async method returns.</summary>
    public static WireCallRecord Enter()
    {
        var record = new WireCallRecord();
        CurrentRecord.Value = record;
        return record;
    }
}
