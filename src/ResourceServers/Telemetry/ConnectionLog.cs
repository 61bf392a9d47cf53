using Microsoft.Extensions.Logging;

namespace ResourceServers;

/// <summary>The client's one event when it is built: where it will call Cognito and as whom (never a key).</summary>
internal static partial class ConnectionLog
{
    [LoggerMessage(
        EventId = 30,
        EventName = "ConnectionResolved",
        Level = LogLevel.Information,
        Message = "ResourceServers client built: {Connection} (Region from {RegionSource}, endpoint from {ServiceUrlSource})")]
    public static partial void ConnectionResolved(ILogger logger, string connection, string regionSource, string serviceUrlSource);
}
